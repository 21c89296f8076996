// A fleet of 1,000 services (7,000 alerts) builds and lints, and what it writes is valid; the generated tests
// of services that share their shape are reused for each service's own labels, and still pass in promtool.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fastapi } from '../presets/fastapi.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { compile } from '../src/pipeline.js';
import { memgenAsync, tempDir } from './helpers/memgen.js';
import { runAsync, skipWithout } from './helpers/tools.js';

function fleet(n: number): MemgenConfig {
  // The preset's seven memory alerts per service (the correlation alerts read other exporters' series).
  const base = fastapi({ correlation: false });
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${String(i).padStart(4, '0')}`,
    port: 8001,
    memoryLimit: `${512 + (i % 8) * 256}MiB` as const,
    targets: [`svc-${i}.internal:8001`],
  }));
  return { ...base, services };
}

const compileConfig = (config: MemgenConfig) => compile({ config, source: 'fleet', locate: () => ({ file: 'fleet' }) });

describe.skipIf(skipWithout('promtool'))('a fleet of 1,000 services', () => {
  it('builds and lints, and promtool accepts its rules and config', async () => {
    // Built by the CLI in a child process: compiling 1,000 services in this worker would hold its event loop
    // past vitest's RPC timeout on a busy machine (see vitest.config.ts).
    const dir = tempDir();
    const config = path.join(dir, 'memgen.config.yaml');
    writeFileSync(config, stringify(fleet(1000)));
    const build = await memgenAsync(['build', '-c', config, '-o', path.join(dir, 'out')]);
    // Exit 1 would mean lint errors in the output.
    expect(build.status, build.stderr).toBe(0);
    // Eight alerts per service without the correlation alerts: the guide's seven and the forecast.
    const rules = await runAsync('promtool', ['check', 'rules', path.join(dir, 'out/prometheus/alerts.yaml')]);
    expect(rules.stdout, rules.stderr).toContain('SUCCESS: 8000 rules found');
    expect((await runAsync('promtool', ['check', 'config', path.join(dir, 'out/prometheus/prometheus.yml')])).status).toBe(0);
    // Every service gets its own tests, as many groups per service as for the preset alone (counted from the
    // text: parsing 27 MB of YAML here would block the worker too).
    const groups = (text: string) => text.match(/^ {2}- name: /gm)?.length ?? 0;
    const one = groups(compileConfig(fastapi({ correlation: false })).files.find((f) => f.path === 'tests/alerts.test.yaml')!.content);
    expect(one).toBeGreaterThan(10);
    expect(groups(readFileSync(path.join(dir, 'out/tests/alerts.test.yaml'), 'utf8'))).toBe(1000 * one);
  }, 300_000);

  it('reuses scenarios across same-shaped services with each one’s labels, and promtool passes them', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'memgen.config.yaml');
    writeFileSync(config, stringify(fleet(2)));
    const r = await memgenAsync(['test', '-c', config]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('coverage: 8/8 alerts have a firing test, 8/8 have a silence test');
    // Each service's groups select its own job and instance; none borrows the other's.
    const suite = parse(compileConfig(fleet(2)).files.find((f) => f.path === 'tests/alerts.test.yaml')!.content) as {
      tests: Array<{ name: string; input_series: Array<{ series: string }> }>;
    };
    for (const [i, name] of ['svc-0000', 'svc-0001'].entries()) {
      const groups = suite.tests.filter((t) => t.name.startsWith(`${name}: `));
      expect(groups.length).toBe(suite.tests.length / 2);
      for (const g of groups) {
        for (const s of g.input_series) expect(s.series).toContain(`job="${name}", instance="svc-${i}.internal:8001"`);
      }
    }
  }, 600_000);
});
