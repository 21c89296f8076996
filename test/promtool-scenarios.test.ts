// The preset's alerts behave as the guide intends, proven by the real `promtool test rules` on synthetic
// series: a leak fires the RSS alerts, a flat service fires nothing, a constant high RSS fires only
// CriticalMemoryUsage. Annotations are stripped from the rules under test: these scenarios judge the
// expressions, `for` and labels; the generated suite (memgen test) checks annotation texts.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memgen, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const MiB = 2 ** 20;
const JOB = 'fastapi-app';
const INSTANCE = 'app:8001';
const RSS_ALERTS = ['CriticalMemoryUsage', 'MemoryLeakDetected', 'RapidMemoryGrowth', 'MonotonicMemoryGrowth', 'AnomalousMemoryPattern'];
const ALL_ALERTS = [...RSS_ALERTS, 'GCSlowdown', 'HighMemoryEndpoint'];
const SEVERITY: Record<string, string> = {
  CriticalMemoryUsage: 'critical',
  MemoryLeakDetected: 'critical',
  RapidMemoryGrowth: 'high',
  MonotonicMemoryGrowth: 'high',
  AnomalousMemoryPattern: 'medium',
  GCSlowdown: 'medium',
  HighMemoryEndpoint: 'medium',
};

interface Series {
  series: string;
  values: string;
}

const SCRAPE = '30s';
const STEPS = 400; // 200 minutes of 30s samples

function rss(startBytes: number, bytesPerStep: number): Series {
  const step = bytesPerStep >= 0 ? `+${bytesPerStep}` : String(bytesPerStep);
  return { series: `process_rss_bytes{job="${JOB}", instance="${INSTANCE}"}`, values: `${startBytes}${step}x${STEPS}` };
}

/** A histogram whose observations all land in one bucket: `perStep` observations per sample in (lower, upper]. */
function histogram(name: string, bounds: number[], upper: number, perStep: number, labels: string): Series[] {
  return [...bounds.map(String), '+Inf'].map((le) => {
    const counts = le === '+Inf' || Number(le) >= upper;
    return { series: `${name}_bucket{job="${JOB}", instance="${INSTANCE}", ${labels}, le="${le}"}`, values: `0+${counts ? perStep : 0}x${STEPS}` };
  });
}

const GC_BOUNDS = [10, 50, 100, 500, 1000, 5000];
const ENDPOINT_BOUNDS = [0.5 * MiB, MiB, 5 * MiB, 10 * MiB, 50 * MiB];
const healthyGc = () => histogram('gc_duration_ms', GC_BOUNDS, 10, 10, 'generation="0"');
const healthyEndpoints = () => histogram('endpoint_memory_delta_bytes', ENDPOINT_BOUNDS, 0.5 * MiB, 20, 'endpoint="/items", method="GET"');

function expectFiring(name: string, extra: Record<string, string> = {}) {
  return { exp_labels: { job: JOB, instance: INSTANCE, severity: SEVERITY[name], ...extra } };
}

interface Expectation {
  at: string;
  firing: Record<string, Record<string, string> | true>;
}

function scenario(name: string, series: Series[], expectations: Expectation[]) {
  return {
    name,
    interval: SCRAPE,
    input_series: series,
    alert_rule_test: expectations.flatMap(({ at, firing }) =>
      ALL_ALERTS.map((alert) => ({
        eval_time: at,
        alertname: alert,
        exp_alerts: alert in firing ? [expectFiring(alert, firing[alert] === true ? {} : (firing[alert] as Record<string, string>))] : [],
      })),
    ),
  };
}

describe.skipIf(skipWithout('promtool'))('fastapi preset scenarios under promtool test rules', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
    const built = memgen(['build', '--preset', 'fastapi', '--out', path.join(dir, 'out')]);
    expect(built.status, built.stderr).toBe(0);
    const rules = parse(readFileSync(path.join(dir, 'out/prometheus/alerts.yaml'), 'utf8')) as {
      groups: Array<{ rules: Array<Record<string, unknown>> }>;
    };
    for (const g of rules.groups) for (const r of g.rules) delete r.annotations;
    mkdirSync(path.join(dir, 'scenarios'));
    writeFileSync(path.join(dir, 'scenarios/rules.yaml'), stringify(rules));
  });

  function runScenario(test: ReturnType<typeof scenario>): { status: number; output: string } {
    const file = path.join(dir, 'scenarios', `${test.name}.test.yaml`);
    writeFileSync(file, stringify({ rule_files: ['rules.yaml'], evaluation_interval: '15s', tests: [test] }));
    const r = promtool('test', 'rules', file);
    return { status: r.status, output: r.stdout + r.stderr };
  }

  it('RSS growing 8 MiB/min fires RapidMemoryGrowth within 20 minutes and all five RSS alerts by 100 minutes', () => {
    const leak = rss(200 * MiB, 4 * MiB); // 4 MiB per 30 s sample = 8 MiB/min
    const r = runScenario(
      scenario('leak-8mib-per-min', [leak, ...healthyGc(), ...healthyEndpoints()], [
        { at: '5m', firing: {} },
        // MemoryLeakDetected is still pending at 20m: 100 MiB is crossed at 12.5m, and its `for` is 10m.
        { at: '20m', firing: { RapidMemoryGrowth: true } },
        { at: '25m', firing: { RapidMemoryGrowth: true, MemoryLeakDetected: true } },
        { at: '100m', firing: Object.fromEntries(RSS_ALERTS.map((a) => [a, true])) },
      ]),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('a flat RSS with healthy GC and requests fires nothing, from start to 3 hours', () => {
    const r = runScenario(
      scenario('flat', [rss(300 * MiB, 0), ...healthyGc(), ...healthyEndpoints()], ['10m', '1h', '2h', '3h'].map((at) => ({ at, firing: {} }))),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('a constant 950 MiB fires CriticalMemoryUsage and nothing else', () => {
    const r = runScenario(
      scenario('constant-950mib', [rss(950 * MiB, 0), ...healthyGc(), ...healthyEndpoints()], [
        { at: '1m', firing: {} },
        { at: '5m', firing: { CriticalMemoryUsage: true } },
        { at: '2h', firing: { CriticalMemoryUsage: true } },
      ]),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('slow GC fires GCSlowdown per generation, and a request that retains 20 MiB fires HighMemoryEndpoint', () => {
    const r = runScenario(
      scenario('gc-and-endpoint', [
        rss(300 * MiB, 0),
        ...histogram('gc_duration_ms', GC_BOUNDS, 1000, 10, 'generation="2"'),
        ...histogram('endpoint_memory_delta_bytes', ENDPOINT_BOUNDS, 50 * MiB, 20, 'endpoint="/upload", method="POST"'),
      ], [
        { at: '3m', firing: {} },
        { at: '15m', firing: { GCSlowdown: { generation: '2' }, HighMemoryEndpoint: { endpoint: '/upload', method: 'POST' } } },
      ]),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('the scenarios can fail: a leak expected to stay silent is reported by promtool', () => {
    const r = runScenario(scenario('negative-control', [rss(200 * MiB, 4 * MiB), ...healthyGc()], [{ at: '100m', firing: {} }]));
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('RapidMemoryGrowth');
  });
});
