// The runtime presets (python, node, go, jvm) built by the CLI and checked by the real tools: memgen lint,
// promtool check rules/config, amtool check-config, and `memgen test` (the generated promtool tests and the
// shape matrix: no false alarm on a healthy shape, every leak caught before the limit). One build and one
// `memgen test` per preset, shared by its assertions. Then the preset options: checked by each preset's JSON
// Schema (did-you-mean, exit 2), and `enabled: false` removes any alert of any preset.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ConfigError } from '../src/config/errors.js';
import { validateConfig } from '../src/config/validate.js';
import { buildModel } from '../src/model/build.js';
import { presets } from '../presets/index.js';
import { memgenAsync, snapshot, tempDir } from './helpers/memgen.js';
import { runAsync, skipWithout } from './helpers/tools.js';

const RUNTIMES = ['python', 'node', 'go', 'jvm'] as const;
/** Options that turn on every alert a preset has (the request counter ones are off by default). */
const ALL_ON: Record<string, Record<string, unknown>> = {
  fastapi: {},
  python: { instrumentator: true },
  node: { requests: {} },
  go: { requests: { statusLabel: 'code' } },
  jvm: { requests: {} },
};

function alertNames(config: ReturnType<(typeof presets)[string]>): string[] {
  return config.alerts.map((a) => a.name);
}

function thrown(f: () => unknown): ConfigError {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe.skipIf(skipWithout('promtool') || skipWithout('amtool'))('runtime presets, checked by the real tools', () => {
  const out: Record<string, string> = {};
  beforeAll(async () => {
    for (const name of RUNTIMES) {
      out[name] = tempDir(`memgen-${name}-`);
      const r = await memgenAsync(['build', '--preset', name, '--out', out[name] as string]);
      expect(r.status, r.stderr).toBe(0);
      // No warning but the one every config without runbooks.baseUrl gets: a preset is what users start from.
      expect(r.stderr.trim().split('\n').filter((l) => !l.endsWith('[config/runbook-url]')), r.stderr).toEqual([]);
      expect(r.stderr).toContain('runbooks.baseUrl');
    }
  });

  for (const name of RUNTIMES) {
    it(`${name}: lints clean, and promtool and amtool accept its rules, prometheus.yml and alertmanager.yml`, async () => {
      const dir = out[name] as string;
      const lint = await memgenAsync(['lint', '--preset', name]);
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);
      expect(lint.stdout.trim()).toBe('no problems');
      const rules = await runAsync('promtool', ['check', 'rules', path.join(dir, 'prometheus/alerts.yaml')]);
      expect(rules.status, rules.stdout + rules.stderr).toBe(0);
      const config = await runAsync('promtool', ['check', 'config', path.join(dir, 'prometheus/prometheus.yml')]);
      expect(config.status, config.stdout + config.stderr).toBe(0);
      const am = await runAsync('amtool', ['check-config', path.join(dir, 'alertmanager/alertmanager.yml')]);
      expect(am.status, am.stdout + am.stderr).toBe(0);
      // Runtime exporters serve no debug endpoints: the runbooks must not send on-call to the guide's.
      expect(readFileSync(path.join(dir, 'runbooks/MemoryLeakDetected.md'), 'utf8')).not.toContain('/api/debug/memory');
    });

    it(`${name}: its generated tests pass and its leak alerts pass the shape catalog (memgen test)`, async () => {
      const r = await memgenAsync(['test', '--preset', name]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/(\d+) of \1 healthy shapes silent, (\d+) of \2 leaks caught before the limit/);
      // The shape tests exist and judge the growth alerts: a heap-based preset must not lose them to the matrix.
      const shapes = YAML.parse(readFileSync(path.join(out[name] as string, 'tests/shapes.test.yaml'), 'utf8')) as { tests: Array<{ promql_expr_test: Array<{ expr: string }> }> };
      const judged = new Set(shapes.tests.flatMap((t) => t.promql_expr_test.map((e) => /alertname="(\w+)"/.exec(e.expr)?.[1])));
      for (const alert of ['CriticalMemoryUsage', 'MemoryLeakDetected', 'RapidMemoryGrowth', 'MonotonicMemoryGrowth', 'MemoryExhaustionForecast']) expect(judged).toContain(alert);
      // About 150 s of CPU each (promtool's two test files dominate): minutes more on a shared machine.
    }, 900_000);
  }

  it('node and go: the growth alerts read the heap, the level and the forecast read RSS', () => {
    const heap = { node: 'nodejs_heap_size_used_bytes', go: 'go_memstats_heap_inuse_bytes' } as const;
    for (const name of ['node', 'go'] as const) {
      const rules = YAML.parse(readFileSync(path.join(out[name] as string, 'prometheus/alerts.yaml'), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
      const expr = Object.fromEntries(rules.groups.flatMap((g) => g.rules).map((r) => [r.alert, r.expr]));
      for (const growth of ['MemoryLeakDetected', 'RapidMemoryGrowth', 'MonotonicMemoryGrowth', 'AnomalousMemoryPattern']) {
        expect(expr[growth], `${name} ${growth}`).toContain(heap[name]);
        expect(expr[growth], `${name} ${growth}`).not.toContain('process_resident_memory_bytes');
      }
      for (const level of ['CriticalMemoryUsage', 'MemoryExhaustionForecast']) expect(expr[level], `${name} ${level}`).toContain('process_resident_memory_bytes{');
    }
  });
});

describe('preset options are checked like configs', () => {
  it('every preset builds a config the schema accepts, with and without all its alerts on', () => {
    for (const [name, preset] of Object.entries(presets)) {
      for (const options of [undefined, ALL_ON[name]]) {
        const config = preset(options);
        expect(validateConfig(config, () => ({ file: name })).problems, name).toEqual([]);
        expect(() => buildModel(config, `preset ${name}`), name).not.toThrow();
      }
    }
  });

  it('a misspelt option, alert name or alert field names its path with a did-you-mean, in every preset', () => {
    for (const [name, preset] of Object.entries(presets)) {
      const option = thrown(() => preset({ memoryLimt: '1GiB' }));
      expect(option.problems.map((p) => [p.path, p.message, p.hint]), name).toEqual([[`${name}.memoryLimt`, "unknown key 'memoryLimt'", "did you mean 'memoryLimit'?"]]);
      const alert = thrown(() => preset({ alerts: { RapidMemoryGrowht: { above: '1MiB/min' } } }));
      expect(alert.problems.map((p) => [p.path, p.hint]), name).toEqual([[`${name}.alerts.RapidMemoryGrowht`, "did you mean 'RapidMemoryGrowth'?"]]);
      const field = thrown(() => preset({ alerts: { RapidMemoryGrowth: { abvoe: '1MiB/min' } } }));
      expect(field.problems.map((p) => [p.path, p.hint]), name).toEqual([[`${name}.alerts.RapidMemoryGrowth.abvoe`, "did you mean 'above'?"]]);
      // A value alert compares the current value: no window to tune.
      const window = thrown(() => preset({ alerts: { CriticalMemoryUsage: { window: '5m' } } }));
      expect(window.problems[0]?.path, name).toBe(`${name}.alerts.CriticalMemoryUsage.window`);
      const type = thrown(() => preset({ alerts: { MemoryLeakDetected: { enabled: 'no' } } }));
      expect(type.problems.map((p) => [p.path, p.message]), name).toEqual([[`${name}.alerts.MemoryLeakDetected.enabled`, 'must be boolean, not string']]);
    }
  });

  it('enabled: false removes that alert and only that one, for every alert of every preset, correlation alerts included', () => {
    let checked = 0;
    for (const [name, preset] of Object.entries(presets)) {
      const all = alertNames(preset(ALL_ON[name]));
      expect(all, name).toEqual(expect.arrayContaining(['MemoryLeakDetected', 'MemoryPressureErrors', 'ContainerOOMKilled', 'MemoryLimitForecast']));
      for (const alert of all) {
        const config = preset({ ...ALL_ON[name], alerts: { [alert]: { enabled: false } } });
        expect(alertNames(config), `${name} without ${alert}`).toEqual(all.filter((a) => a !== alert));
        // The model builds: a panel that drew the alert's line keeps its queries without the line.
        const model = buildModel(config, `preset ${name}`);
        expect(model.dashboard.panels.some((p) => p.alert === alert), `${name} panel of ${alert}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5 * 9);
  });

  it('tunes any alert, correlation ones included, through its typed override', () => {
    const config = presets.node?.({
      requests: {},
      alerts: { RapidMemoryGrowth: { above: '8MiB/min', for: '20m' }, MemoryPressureErrors: { errorRatio: '10%', tier: 'medium' }, MemoryLimitForecast: { horizon: '6h' } },
    });
    const byName = Object.fromEntries((config?.alerts ?? []).map((a) => [a.name, a]));
    expect(byName.RapidMemoryGrowth).toMatchObject({ above: '8MiB/min', for: '20m' });
    expect(byName.MemoryPressureErrors).toMatchObject({ errorRatio: '10%', tier: 'medium' });
    expect(byName.MemoryLimitForecast).toMatchObject({ horizon: '6h' });
    // The horizon is not a field of the OOM-kill alert.
    const wrong = thrown(() => presets.node?.({ alerts: { ContainerOOMKilled: { horizon: '6h' } } }));
    expect(wrong.problems[0]?.path).toBe('node.alerts.ContainerOOMKilled.horizon');
  });

  it('memgen build --preset NAME --options: a misspelt option exits 2 with did-you-mean and leaves the output untouched', async () => {
    const out = tempDir();
    expect((await memgenAsync(['build', '--preset', 'node', '--out', out])).status).toBe(0);
    const before = snapshot(out);
    const bad = await memgenAsync(['build', '--preset', 'node', '--out', out, '--options', '{"memoryLimt":"2GiB","alerts":{"RapidMemoryGrowth":{"abvoe":"1MiB/min"}}}']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--options: node.memoryLimt: unknown key 'memoryLimt' (did you mean 'memoryLimit'?)");
    expect(bad.stderr).toContain("--options: node.alerts.RapidMemoryGrowth.abvoe: unknown key 'abvoe' (did you mean 'above'?)");
    expect(snapshot(out)).toEqual(before);
    // Options from a file, applied: the alert turned off is gone from the rules.
    const file = path.join(tempDir(), 'node-options.json');
    writeFileSync(file, JSON.stringify({ service: 'checkout', alerts: { GCSlowdown: { enabled: false } } }));
    const good = await memgenAsync(['build', '--preset', 'node', '--out', out, '--options', file]);
    expect(good.status, good.stderr).toBe(0);
    const rules = readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8');
    expect(rules).not.toContain('GCSlowdown');
    expect(rules).toContain('job="checkout"');
    const unparsable = await memgenAsync(['build', '--preset', 'node', '--out', out, '--options', '{"service":']);
    expect(unparsable.status).toBe(2);
    expect(unparsable.stderr).toMatch(/^memgen: --options: the JSON does not parse/);
    const noPreset = await memgenAsync(['build', '--out', out, '--options', '{}']);
    expect(noPreset.status).toBe(2);
  });

  it('a config file calling fastapi({...}) with a misspelt option exits 2, naming the file, the path and the fix', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'memgen.config.ts');
    writeFileSync(config, "import { fastapi } from 'memgen';\nexport default fastapi({ memoryLimt: '1GiB', alerts: { GCSlowdown: { enabled: false }, RapidMemoryGrowth: { abvoe: '1MiB/min' } } } as never);\n");
    const r = await memgenAsync(['build', '-c', config, '--out', path.join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${config}: fastapi.memoryLimt: unknown key 'memoryLimt' (did you mean 'memoryLimit'?)`);
    expect(r.stderr).toContain(`${config}: fastapi.alerts.RapidMemoryGrowth.abvoe: unknown key 'abvoe' (did you mean 'above'?)`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
