// `memgen init`: a starting config without questions, from a preset or from a saved /metrics page, that
// `memgen build` accepts as written; never over an existing config.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { presets } from '../presets/index.js';
import { detectPreset, metricFamilies } from '../src/init/detect.js';
import { FIXTURES, memgenAsync, tempDir } from './helpers/memgen.js';

const exposition = (name: string) => path.join(FIXTURES, 'exposition', name);

async function initAndBuild(args: string[], dir = tempDir()): Promise<{ dir: string; init: { stdout: string; stderr: string }; text: string; alerts: string }> {
  const init = await memgenAsync(['init', ...args], dir);
  expect(init.status, init.stderr).toBe(0);
  const file = path.join(dir, args.includes('yaml') ? 'memgen.config.yaml' : 'memgen.config.ts');
  const text = readFileSync(file, 'utf8');
  const build = await memgenAsync(['build'], dir);
  expect(build.status, build.stderr).toBe(0);
  return { dir, init, text, alerts: readFileSync(path.join(dir, 'out/prometheus/alerts.yaml'), 'utf8') };
}

describe('memgen init', () => {
  it('writes a preset config that builds, and prints the next commands', async () => {
    const { init, text, alerts } = await initAndBuild(['--preset', 'fastapi', '--service', 'checkout']);
    expect(text).toContain("import { fastapi } from 'memgen';");
    expect(text).toContain("service: 'checkout',");
    expect(text).toMatch(/^\/\/ memgen config, written by `memgen init` from the preset 'fastapi'/);
    expect(alerts).toContain('job="checkout"');
    expect(init.stdout).toMatch(/Next:\n\s+npx memgen build .*\n\s+npx memgen lint .*\n\s+npx memgen test /);
  });

  it('writes YAML in the short preset form, with the schema line editors read, and the schema accepts it', async () => {
    const { dir, text, alerts } = await initAndBuild(['--preset', 'fastapi', '--service', 'checkout', '--format', 'yaml']);
    const schemaLine = /^# yaml-language-server: \$schema=(.+)$/m.exec(text);
    expect(text.startsWith('# yaml-language-server: $schema=')).toBe(true);
    const schema = JSON.parse(readFileSync(path.resolve(dir, schemaLine?.[1] as string), 'utf8'));
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parse(text)).toEqual({ preset: 'fastapi', options: { service: 'checkout' } });
    expect(alerts).toContain('job="checkout"');
  });

  it('picks the preset of the runtime a saved /metrics page shows, or writes a config of its own when there is none', async () => {
    const { init, text } = await initAndBuild(['--metrics', exposition('node-prom-client-15.1.3.txt'), '--service', 'orders']);
    if (Object.hasOwn(presets, 'node')) {
      expect(text).toContain("from the preset 'node' (detected: node runtime metrics");
    } else {
      expect(init.stderr).toContain("found node runtime metrics (nodejs_");
      expect(init.stderr).toContain("but this memgen has no 'node' preset");
      expect(text).toContain("import { defineConfig } from 'memgen';");
      // The heap gauge prom-client exports, found on the page.
      expect(text).toContain("heap: { name: 'nodejs_heap_size_used_bytes', type: 'gauge', unit: 'bytes' }");
      expect(text).toContain("{ name: 'orders', port: 8000, memoryLimit: '1GiB' }");
    }
  });

  it('writes a YAML config of its own that the schema accepts when nothing is detected', async () => {
    const { dir, text } = await initAndBuild(['--format', 'yaml', '--service', 'billing', '--port', '9100']);
    const schemaPath = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1] as string;
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.resolve(dir, schemaPath), 'utf8')));
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(parse(text).services).toEqual([{ name: 'billing', port: 9100, memoryLimit: '1GiB' }]);
  });

  it('refuses to overwrite a config: exit 2, the file untouched', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'memgen.config.yaml'), 'mine\n');
    const r = await memgenAsync(['init', '--preset', 'fastapi'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/memgen\.config\.yaml already exists; memgen init never overwrites a config/);
    expect(readFileSync(path.join(dir, 'memgen.config.yaml'), 'utf8')).toBe('mine\n');
  });

  it.each([
    [['--preset', 'fastapy'], "unknown preset 'fastapy'; did you mean 'fastapi'?"],
    [['--metrics', 'nowhere.txt'], '--metrics: no file nowhere.txt'],
    [['--format', 'json'], "--format: 'json' is neither ts nor yaml"],
  ])('refuses %j with exit 2 and writes nothing', async (args, message) => {
    const dir = tempDir();
    const r = await memgenAsync(['init', ...args], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(await memgenAsync(['build'], dir).then((b) => b.stderr)).toMatch(/no config/);
  });
});

describe('runtime detection from metric families', () => {
  it.each([
    ['node-prom-client-15.1.3.txt', 'node'],
    ['python-prometheus-client-0.16.0.txt', 'python'],
  ])('reads %s as %s', (file, preset) => {
    expect(detectPreset(metricFamilies(readFileSync(exposition(file), 'utf8'))).preset).toBe(preset);
  });

  it.each([
    [['go_gc_duration_seconds', 'go_memstats_heap_inuse_bytes', 'process_resident_memory_bytes'], 'go'],
    [['jvm_memory_used_bytes', 'jvm_gc_collection_seconds', 'process_cpu_seconds_total'], 'jvm'],
    [['python_gc_objects_collected_total', 'process_rss_bytes', 'endpoint_memory_delta_bytes_bucket'], 'fastapi'],
    [['process_resident_memory_bytes', 'http_requests_total'], undefined],
  ])('maps %j to the preset %s', (families, preset) => {
    expect(detectPreset(new Set(families)).preset).toBe(preset);
  });
});

describe('a YAML config in the preset form', () => {
  it.each([
    ['preset: fastapy\n', /memgen\.config\.yaml:1:\d+: preset: unknown preset "fastapy" \(did you mean 'fastapi'\?\)/],
    ['preset: fastapi\nservices: []\n', /memgen\.config\.yaml:2:\d+: services: 'services' beside preset/],
    ['preset: fastapi\noptions: [1]\n', /options: options must be a mapping/],
  ])('refuses %j with exit 2, saying where', async (yaml, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'memgen.config.yaml'), yaml);
    const r = await memgenAsync(['build'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
