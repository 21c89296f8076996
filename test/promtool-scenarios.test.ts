// The preset's alerts behave as the guide intends, proven by the real `promtool test rules` on synthetic
// series: a leak fires the RSS alerts, a flat service fires nothing, a constant high RSS fires only
// CriticalMemoryUsage. The correlation alerts fire on memory together with its consequence, never on memory
// alone: a leak in a container with a limit is forecast to reach it (MemoryLimitForecast), but high memory
// while requests succeed is not MemoryPressureErrors, and no OOM kill happened. Annotations are stripped from the rules under test: these scenarios judge the
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
/** The forecasts need three hours of history: none of these scenarios lasts that long, so they stay silent throughout. */
const FORECAST_ALERTS = ['MemoryExhaustionForecast'];
const CORRELATION_ALERTS = ['MemoryPressureErrors', 'ContainerOOMKilled', 'MemoryLimitForecast'];
const ALL_ALERTS = [...RSS_ALERTS, ...FORECAST_ALERTS, 'GCSlowdown', 'HighMemoryEndpoint', ...CORRELATION_ALERTS];
const CONTAINER = { namespace: 'shop', pod: 'fastapi-app-0', container: 'fastapi-app' };
/** Alerts on kube-state-metrics and cAdvisor series carry the container's labels instead of job and instance. */
const CONTAINER_ALERTS = ['ContainerOOMKilled', 'MemoryLimitForecast'];
const SEVERITY: Record<string, string> = {
  CriticalMemoryUsage: 'critical',
  MemoryLeakDetected: 'critical',
  RapidMemoryGrowth: 'high',
  MonotonicMemoryGrowth: 'high',
  AnomalousMemoryPattern: 'medium',
  GCSlowdown: 'medium',
  HighMemoryEndpoint: 'medium',
  MemoryPressureErrors: 'high',
  ContainerOOMKilled: 'high',
  MemoryLimitForecast: 'high',
  MemoryExhaustionForecast: 'high',
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

/** prometheus-fastapi-instrumentator's request counter: 1000 requests per sample, `failing` of them 5xx. */
function requests(failing: number): Series[] {
  const series = (status: string, perStep: number): Series => ({
    series: `http_requests_total{job="${JOB}", instance="${INSTANCE}", handler="/items", method="GET", status="${status}"}`,
    values: `0+${perStep}x${STEPS}`,
  });
  return [series('200', 1000 - failing), series('500', failing)];
}

/** The service's container as cAdvisor and kube-state-metrics see it: working set, a 1000 MiB limit, no restart. */
function container(startBytes: number, bytesPerStep: number): Series[] {
  const labels = Object.entries(CONTAINER).map(([k, v]) => `${k}="${v}"`).join(', ');
  return [
    { series: `container_memory_working_set_bytes{${labels}}`, values: `${startBytes}+${bytesPerStep}x${STEPS}` },
    { series: `kube_pod_container_resource_limits{${labels}, resource="memory", unit="byte"}`, values: `${1000 * MiB}x${STEPS}` },
    { series: `kube_pod_container_status_restarts_total{${labels}}`, values: `0x${STEPS}` },
  ];
}

function expectFiring(name: string, extra: Record<string, string> = {}) {
  const target = CONTAINER_ALERTS.includes(name) ? CONTAINER : { job: JOB, instance: INSTANCE };
  return { exp_labels: { ...target, severity: SEVERITY[name], ...extra } };
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

  // Since the alert-truth design, growth is confirmed before it pages (the floor alerts hold for 90 minutes, the
  // slope for 15) and the forecasts need three hours of history, so the times below moved from the first
  // design's 20/25/100 minutes; these series have no process_start_time_seconds, so no warm-up grace applies.
  it('RSS growing 8 MiB/min fires RapidMemoryGrowth within 20 minutes, the five RSS alerts by 160 minutes, and no error, OOM or forecast alert', () => {
    const leak = rss(200 * MiB, 4 * MiB); // 4 MiB per 30 s sample = 8 MiB/min
    const r = runScenario(
      scenario('leak-8mib-per-min', [leak, ...container(200 * MiB, 4 * MiB), ...requests(0), ...healthyGc(), ...healthyEndpoints()], [
        { at: '5m', firing: {} },
        // The 5-minute slope passes 5 MiB/min within the first minute; it has held for 15 minutes at 16m.
        { at: '20m', firing: { RapidMemoryGrowth: true } },
        // MonotonicMemoryGrowth: the 10-minute floors rise from 20m, held 45 minutes; CriticalMemoryUsage: 900 MiB at 87.5m.
        { at: '100m', firing: { RapidMemoryGrowth: true, MonotonicMemoryGrowth: true, CriticalMemoryUsage: true } },
        // The hourly floor differences exceed 100 and 60 MiB from 1h on and have held 90 minutes at 2h30m.
        // Memory is far above 80% of the limit, but no request fails: MemoryPressureErrors stays silent.
        { at: '160m', firing: Object.fromEntries(RSS_ALERTS.map((a) => [a, true])) },
      ]),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('a leak that makes 10% of requests fail fires MemoryPressureErrors once RSS passes 80% of the limit, not before', () => {
    // 200 MiB + 8 MiB/min passes 800 MiB after 75 minutes; the errors alone (from the start) fire nothing.
    const r = runScenario(
      scenario('leak-with-errors', [rss(200 * MiB, 4 * MiB), ...requests(100), ...healthyGc(), ...healthyEndpoints()], [
        { at: '20m', firing: { RapidMemoryGrowth: true } },
        { at: '100m', firing: { RapidMemoryGrowth: true, MonotonicMemoryGrowth: true, CriticalMemoryUsage: true, MemoryPressureErrors: true } },
      ]),
    );
    expect(r.status, r.output).toBe(0);
  });

  it('a flat RSS and working set with healthy GC and requests fires nothing, from start to 3 hours', () => {
    const r = runScenario(
      scenario('flat', [rss(300 * MiB, 0), ...container(300 * MiB, 0), ...requests(0), ...healthyGc(), ...healthyEndpoints()], ['10m', '1h', '2h', '3h'].map((at) => ({ at, firing: {} }))),
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
