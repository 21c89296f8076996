import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { loadConfigFile, loadYamlConfig } from '../src/source/config-file.js';
import { validateConfig } from '../src/config/validate.js';
import { buildCheckedModel, loadPreset } from '../src/pipeline.js';
import { presets } from '../presets/index.js';
import { ROOT } from './helpers/memgen.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/configs');

async function problemsOf(yaml: string): Promise<ConfigError['problems']> {
  const loaded = await loadYamlConfig('config.yaml', yaml);
  try {
    buildCheckedModel(loaded);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

const BASE = `
metrics:
  rss: { name: process_rss_bytes, type: gauge, unit: bytes }
services:
  - name: api
    port: 8001
    memoryLimit: 1000MiB
alerts:
`;

describe('YAML configs', () => {
  it('load into the same model as a TS config would', async () => {
    const loaded = await loadConfigFile(path.join(FIXTURES, 'minimal.yaml'));
    const model = buildCheckedModel(loaded);
    expect(model.services.map((s) => s.job)).toEqual(['billing-api']);
    const [high, growth] = model.groups[0]!.alerts;
    expect(high!.threshold.promValue).toBe(Math.round(0.85 * 2 ** 31));
    expect(growth!.expr).toBe('deriv(process_resident_memory_bytes{job="billing-api"}[15m]) * 3600 > 100000000');
  });

  it('report every problem at once, each with file:line:column and a suggestion', async () => {
    const file = path.join(FIXTURES, 'invalid.yaml');
    const problems = await problemsOf(readFileSync(file, 'utf8'));
    const lines = problems.map((p) => `${p.position?.line}:${p.position?.column} ${p.path}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`);
    expect(lines).toEqual([
      "9:5 services[0].memoryLimt: unknown key 'memoryLimt' (did you mean 'memoryLimit'?)",
      `13:11 alerts[0].tier: "critcal" is not one of 'critical', 'high', 'medium' (did you mean 'critical'?)`,
      "15:12 alerts[0].above: a percentage needs the service's memoryLimit, and service 'api' has none (set services[].memoryLimit, e.g. '1000MiB', or give the threshold in bytes)",
      "21:12 alerts[1].above: '5MiB' has no time unit; a slope threshold is a rate of bytes per time (e.g. '5MiB/min')",
    ]);
  });

  it.each([
    ['a byte threshold on a duration metric', `  - { kind: quantile, name: Slow, tier: medium, metric: gc, quantile: 0.9, window: 5m, above: 500MiB }`, /gc_duration_seconds is measured in seconds, but the threshold is a byte size/],
    ['an unknown metric', `  - { kind: value, name: X, tier: high, metric: rs, above: 1GiB }`, /no metric 'rs' in the catalog/],
    ['a misspelt unit', `  - { kind: value, name: X, tier: high, metric: rss, above: 900Mib }`, /unknown unit 'Mib' \(did you mean 'MiB'\?\)/],
    ['a duration where a window belongs', `  - { kind: growth, name: X, tier: high, metric: rss, window: 1hour, above: 1GiB }`, /window/],
    ['a quantile outside [0, 1]', `  - { kind: quantile, name: X, tier: high, metric: gc, quantile: 95, window: 5m, above: 1s }`, /quantile: must be <= 1/],
    ['a rate on a value alert', `  - { kind: value, name: X, tier: high, metric: rss, above: 5MiB/min }`, /threshold is a byte rate/],
    ['both above and below', `  - { kind: value, name: X, tier: high, metric: rss, above: 1GiB, below: 1MiB }`, /exactly one of 'above' and 'below'/],
    ['a quantile alert on a gauge', `  - { kind: quantile, name: X, tier: high, metric: rss, quantile: 0.9, window: 5m, above: 1GiB }`, /needs a histogram metric/],
    ['a label the histogram lacks', `  - { kind: quantile, name: X, tier: high, metric: gc, quantile: 0.9, window: 5m, above: 1s, by: [pod] }`, /has no label 'pod'/],
    ['a duplicate alert name', `  - { kind: value, name: X, tier: high, metric: rss, above: 1GiB }\n  - { kind: value, name: X, tier: high, metric: rss, above: 2GiB }`, /duplicate alert name 'X'/],
  ])('reject %s with a clear message', async (_what, alerts, message) => {
    const yaml = BASE.replace('metrics:\n', 'metrics:\n  gc: { name: gc_duration_seconds, type: histogram, unit: seconds, labels: [generation] }\n') + alerts + '\n';
    const problems = await problemsOf(yaml);
    expect(problems.map((p) => `${p.path}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`).join('\n')).toMatch(message);
    expect(problems.every((p) => p.position?.line !== undefined)).toBe(true);
  });

  it('accept MB and MiB as different sizes', async () => {
    const mib = await loadYamlConfig('a.yaml', `${BASE}  - { kind: value, name: X, tier: high, metric: rss, above: 900MiB }\n`);
    const mb = await loadYamlConfig('b.yaml', `${BASE}  - { kind: value, name: X, tier: high, metric: rss, above: 900MB }\n`);
    expect(buildCheckedModel(mib).groups[0]!.alerts[0]!.expr).toContain('> 943718400');
    expect(buildCheckedModel(mb).groups[0]!.alerts[0]!.expr).toContain('> 900000000');
  });

  it('report YAML syntax errors with their position', async () => {
    await expect(loadYamlConfig('broken.yaml', 'metrics:\n  rss: [unclosed\n')).rejects.toThrow(/broken\.yaml:\d+:\d+/);
  });
});

describe('TS configs', () => {
  it("load through jiti, with 'memgen' resolving to this installation", async () => {
    const loaded = await loadConfigFile(path.join(FIXTURES, 'memgen.config.ts'));
    expect(loaded.problems).toEqual([]);
    const model = buildCheckedModel(loaded);
    expect(model.kubernetes.namespace).toBe('payments');
    const rapid = model.groups[0]!.alerts.find((a) => a.name === 'RapidMemoryGrowth')!;
    expect(rapid.threshold.display).toBe('8 MiB/min');
    expect(rapid.expr).toContain('> 8388608');
  });

  it('name the file when it fails to load', async () => {
    const dir = path.join(ROOT, 'test/fixtures/configs');
    await expect(loadConfigFile(path.join(dir, 'does-not-exist.ts'))).rejects.toThrow(/config file not found/);
  });
});

describe('presets', () => {
  it('validate against the same schema as user configs (the CLI skips this for them, so it is checked here)', () => {
    for (const [name, preset] of Object.entries(presets)) {
      expect(validateConfig(preset(), () => ({ file: name })).problems, name).toEqual([]);
    }
  });

  it('suggest the closest preset for a typo', () => {
    expect(() => loadPreset('fastpai')).toThrow(/did you mean 'fastapi'/);
  });
});
