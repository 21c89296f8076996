// Correlation alerts (memory -> errors -> OOM kill), judged by the real `promtool check rules` and
// `promtool test rules` on synthetic series: each fires on its chain and stays silent when a link is missing.
// Annotations are stripped from the rules under test: these scenarios judge expressions, `for` and labels.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { correlationAlerts, fastapi } from '../presets/fastapi.js';
import { validateConfig } from '../src/config/validate.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { ruleOf } from '../src/emit/rules.js';
import type { Alert } from '../src/model/types.js';
import { TESTS_FILE } from '../src/emit/tests.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { coverageOf } from '../src/alert-tests/coverage.js';
import { writeOutput } from '../src/write/output.js';
import { tempDir } from './helpers/memgen.js';
import { promtool, runAsync, skipWithout } from './helpers/tools.js';

const MiB = 2 ** 20;
const JOB = 'fastapi-app';
const POD = { namespace: 'shop', pod: 'fastapi-app-7d9f', container: 'fastapi-app' };

function compileConfig(config: MemgenConfig) {
  const locate = () => ({ file: 'test config' });
  return compile({ ...validateConfig(config, locate), source: 'test config', locate });
}

const { model, problems } = compileConfig(fastapi({ correlation: true }));
const alerts = model.groups.flatMap((g) => g.alerts).filter((a) => a.kind === 'correlation');
const alert = (name: string) => alerts.find((a) => a.name === name) as Alert;

const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
const minutes = (seconds: number) => Math.ceil(seconds / 60);

interface Series {
  series: string;
  values: string;
}
type Expect = { at: number; firing: Record<string, string> | null };

function scenario(name: string, a: Alert, series: Series[], expectations: Expect[]) {
  return {
    name,
    interval: '1m',
    input_series: series,
    alert_rule_test: expectations.map(({ at, firing }) => ({
      eval_time: `${at}m`,
      alertname: a.name,
      exp_alerts: firing ? [{ exp_labels: { ...firing, ...a.labels } }] : [],
    })),
  };
}

describe('correlation alerts in the fastapi preset', () => {
  it('are on by default and off with correlation: false', () => {
    const names = (m: typeof model) => m.groups.flatMap((g) => g.alerts).map((a) => a.name);
    const defaults = names(compile(loadPreset('fastapi')).model);
    const off = names(compileConfig(fastapi({ correlation: false })).model);
    for (const c of correlationAlerts()) {
      expect(defaults).toContain(c.name);
      expect(names(model)).toContain(c.name);
      expect(off).not.toContain(c.name);
    }
    expect(problems).toEqual([]);
  });

  it('refuse a field their pattern does not read', () => {
    const config = fastapi();
    config.alerts.push({ kind: 'correlation', pattern: 'oomKilled', name: 'X', tier: 'high', errorRatio: '5%' });
    expect(() => compileConfig(config)).toThrow(/alerts\[11\].errorRatio: a 'oomKilled' correlation alert has no 'errorRatio'/);
  });

  it('take the request metric, status label and container from the config', () => {
    const config = fastapi();
    config.alerts.push(
      { kind: 'correlation', pattern: 'memoryErrors', name: 'A', tier: 'high', metric: 'rss', above: '700MiB', errorRatio: '1%', requests: { metric: 'requests_total', statusLabel: 'code', errorStatus: '504' } },
      { kind: 'correlation', pattern: 'limitForecast', name: 'B', tier: 'high', kubernetes: { container: 'api', namespace: 'prod' } },
    );
    const groups = compileConfig(config).model.groups.flatMap((g) => g.alerts);
    const a = groups.find((x) => x.name === 'A') as Alert;
    expect(a.expr).toContain('requests_total{job="fastapi-app", code=~"504"}');
    expect(a.expr).toContain(`> ${700 * MiB})`);
    expect((groups.find((x) => x.name === 'B') as Alert).expr).toContain('container_memory_working_set_bytes{namespace="prod", container="api"}');
  });
});

describe.skipIf(skipWithout('promtool'))('correlation alerts under promtool', () => {
  const dir = tempDir('memgen-correlation-');
  const rulesFile = path.join(dir, 'rules.yaml');
  // Annotations carry Go templates judged elsewhere; here only expressions, `for` and labels matter.
  const rules = alerts.map((a) => ({ ...ruleOf(a), annotations: {} }));
  writeFileSync(rulesFile, stringify({ groups: [{ name: 'correlation', rules }] }));

  it('pass promtool check rules', () => {
    const r = promtool('check', 'rules', rulesFile);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${alerts.length} rules found`);
  });

  let suites = 0;
  function runTests(tests: object[]) {
    const testFile = path.join(dir, `tests-${++suites}.yaml`);
    writeFileSync(testFile, stringify({ rule_files: [path.basename(rulesFile)], evaluation_interval: '1m', tests }));
    return promtool('test', 'rules', testFile);
  }

  it('memoryErrors: fires on high memory with failing requests on the same instance, silent when a link is missing', () => {
    const a = alert('MemoryPressureErrors');
    const high = Math.round(a.threshold.promValue + 100 * MiB);
    const low = Math.round(a.threshold.promValue - 300 * MiB);
    const steps = 60;
    const rss = (instance: string, bytes: number): Series => ({ series: `process_rss_bytes${labels({ job: JOB, instance })}`, values: `${bytes}x${steps}` });
    const requests = (instance: string, status: string, perMinute: number): Series => ({
      series: `http_requests_total${labels({ job: JOB, instance, handler: '/items', method: 'GET', status })}`,
      values: `0+${perMinute}x${steps}`,
    });
    // 60 of 660 requests a minute fail: 9%, above the ratio; 0 fail in the healthy case.
    const failing = (instance: string) => [requests(instance, '2xx', 600), requests(instance, '5xx', 60)];
    const healthy = (instance: string) => [requests(instance, '2xx', 600), requests(instance, '5xx', 0)];
    const at = minutes((a.window ?? 0) + a.for) + 5;
    const firing = { job: JOB, instance: 'app:8001' };
    const r = runTests([
      scenario('high memory and errors', a, [rss('app:8001', high), ...failing('app:8001')], [{ at, firing }, { at: minutes(a.window ?? 0), firing: null }]),
      scenario('high memory, no errors', a, [rss('app:8001', high), ...healthy('app:8001')], [{ at, firing: null }]),
      scenario('errors, memory fine', a, [rss('app:8001', low), ...failing('app:8001')], [{ at, firing: null }]),
      scenario('high memory on one instance, errors on another', a, [rss('app:8001', high), ...healthy('app:8001'), rss('app2:8001', low), ...failing('app2:8001')], [{ at, firing: null }]),
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('oomKilled: fires after an OOM kill and restart, silent once the window passed or for other reasons', () => {
    const a = alert('ContainerOOMKilled');
    const killAt = 10;
    const steps = killAt + minutes(a.window ?? 0) * 3;
    const reason = (r: string): Series => ({ series: `kube_pod_container_status_last_terminated_reason${labels({ ...POD, reason: r })}`, values: `_x${killAt} 1x${steps - killAt}` });
    const restarts: Series = { series: `kube_pod_container_status_restarts_total${labels(POD)}`, values: `0x${killAt} 1x${steps - killAt}` };
    const r = runTests([
      scenario('OOM kill', a, [reason('OOMKilled'), restarts], [
        { at: killAt + 2, firing: POD },
        { at: killAt + minutes(a.window ?? 0) + 5, firing: null },
      ]),
      scenario('killed for another reason', a, [reason('Error'), restarts], [{ at: killAt + 2, firing: null }]),
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('limitForecast: fires when the working set heads for the limit, silent when flat or after a restart', () => {
    const a = alert('MemoryLimitForecast');
    const limit = 1024 * MiB;
    const window = minutes(a.window ?? 0);
    const at = window + minutes(a.for) + 15;
    const steps = at + 10;
    const workingSet = (values: string): Series => ({ series: `container_memory_working_set_bytes${labels({ ...POD, id: '/kubepods/x', image: 'app' })}`, values });
    const limits: Series = { series: `kube_pod_container_resource_limits${labels({ ...POD, resource: 'memory', unit: 'byte', node: 'n1' })}`, values: `${limit}x${steps}` };
    const restarts = (values: string): Series => ({ series: `kube_pod_container_status_restarts_total${labels(POD)}`, values });
    // 2 MiB a minute from 500 MiB: within the horizon it passes 1 GiB, though it is far below it now.
    const growing = workingSet(`${500 * MiB}+${2 * MiB}x${steps}`);
    const none = restarts(`0x${steps}`);
    const r = runTests([
      scenario('growing toward the limit', a, [growing, limits, none], [{ at, firing: POD }]),
      scenario('flat', a, [workingSet(`${900 * MiB}x${steps}`), limits, none], [{ at, firing: null }]),
      scenario('growing, but restarted inside the window', a, [growing, limits, restarts(`0x${at - 10} 1x${steps - at + 10}`)], [{ at, firing: null }]),
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // The forecast at `at` must still be below the limit now, so the alert is a forecast, not a fact.
    expect(500 * MiB + 2 * MiB * at).toBeLessThan(limit);
  });

  it('get generated firing and silence tests that follow their own thresholds, windows, names and matchers', async () => {
    const config = fastapi({ correlation: false, evaluationInterval: '30s' });
    config.alerts.push(
      { kind: 'correlation', pattern: 'memoryErrors', name: 'A', tier: 'high', metric: 'rss', above: '700MiB', errorRatio: '1%', window: '2m', for: '3m', requests: { metric: 'requests_total', statusLabel: 'code', errorStatus: '504' } },
      { kind: 'correlation', pattern: 'oomKilled', name: 'B', tier: 'critical', window: '10m', for: '1m', kubernetes: { container: 'api', namespace: 'prod' } },
      { kind: 'correlation', pattern: 'limitForecast', name: 'C', tier: 'medium', window: '30m', horizon: '2h', for: '5m', kubernetes: { container: 'api' } },
    );
    const { files } = compileConfig(config);
    const out = path.join(dir, 'custom');
    writeOutput(out, files.filter((f) => f.path === 'prometheus/alerts.yaml' || f.path === TESTS_FILE));
    // The preset's whole suite runs here: asynchronously, so the worker keeps answering vitest.
    const r = await runAsync('promtool', ['test', 'rules', path.join(out, TESTS_FILE)]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
    const content = (p: string) => parse(files.find((f) => f.path === p)?.content ?? '');
    const coverage = coverageOf(content('prometheus/alerts.yaml'), content(TESTS_FILE)).alerts.filter((a) => ['A', 'B', 'C'].includes(a.alert));
    expect(coverage.map((a) => [a.alert, a.firing, a.silent > 1])).toEqual([['A', 1, true], ['B', 1, true], ['C', 1, true]]);
    // The series are the ones the rules select: the custom counter and status, the namespace of the matcher.
    expect(files.find((f) => f.path === TESTS_FILE)?.content).toContain('requests_total{job="fastapi-app", instance="localhost:8001", handler="/items", method="GET", code="504"}');
    expect(files.find((f) => f.path === TESTS_FILE)?.content).toContain('namespace="prod", pod="api-0", container="api", reason="OOMKilled"');
  });
});
