import { describe, expect, it } from 'vitest';
import { fastapi } from '../presets/fastapi.js';
import { validateConfig } from '../src/config/validate.js';
import { buildModel } from '../src/model/build.js';
import type { Alert, Model } from '../src/model/types.js';

const MiB = 2 ** 20;

function model(options = {}): Model {
  const config = fastapi(options);
  expect(validateConfig(config, () => ({ file: 'preset' })).problems).toEqual([]);
  return buildModel(config, 'preset fastapi');
}

function alerts(m: Model): Record<string, Alert> {
  return Object.fromEntries(m.groups.flatMap((g) => g.alerts).map((a) => [a.name, a]));
}

describe('the fastapi preset', () => {
  const byName = alerts(model());

  // The guide's seven keep their names and tiers; the growth alerts hold longer since they confirm growth (a `for`
  // longer than their window rules out a one-off step), and the forecast outside Kubernetes joins them.
  it('has the seven alerts of the guide, the forecast outside Kubernetes and the three correlation alerts, with their tiers and for', () => {
    const table = Object.values(byName).map((a) => [a.name, a.tier.name, a.for / 60]);
    expect(table).toEqual([
      ['CriticalMemoryUsage', 'critical', 2],
      ['MemoryLeakDetected', 'critical', 90],
      ['RapidMemoryGrowth', 'high', 15],
      ['MonotonicMemoryGrowth', 'high', 45],
      ['AnomalousMemoryPattern', 'medium', 90],
      ['MemoryExhaustionForecast', 'high', 15],
      ['GCSlowdown', 'medium', 5],
      ['HighMemoryEndpoint', 'medium', 5],
      ['MemoryPressureErrors', 'high', 5],
      ['ContainerOOMKilled', 'high', 0],
      ['MemoryLimitForecast', 'high', 15],
    ]);
  });

  it('leaves the correlation alerts out with correlation: false', () => {
    const names = Object.keys(alerts(model({ correlation: false })));
    expect(names).toHaveLength(8);
    expect(names.filter((n) => !(n in byName))).toEqual([]);
    expect(Object.values(byName).filter((a) => !names.includes(a.name)).map((a) => a.kind)).toEqual(['correlation', 'correlation', 'correlation']);
  });

  it('puts thresholds into PromQL in base units, without the guide’s mistakes', () => {
    const warmup = ' unless on (job, instance) (time() - process_start_time_seconds{job="fastapi-app"} < 3600)';
    const floor = (offset: string, range = '15m') =>
      `min_over_time(process_rss_bytes{job="fastapi-app"}[${range}]${offset ? ` offset ${offset}` : ''})`;
    expect(byName.CriticalMemoryUsage!.expr).toBe('process_rss_bytes{job="fastapi-app"} > 943718400');
    // Growth is measured on the floor (lowest RSS of 15 minutes) an hour apart, after a one-hour warm-up.
    expect(byName.MemoryLeakDetected!.expr).toBe(`(${floor('')} - ${floor('1h')} > 104857600)${warmup}`);
    // A gauge's slope is deriv(), scaled to the threshold's per-minute unit; never rate() of a gauge.
    expect(byName.RapidMemoryGrowth!.expr).toBe(`(deriv(process_rss_bytes{job="fastapi-app"}[5m]) * 60 > 5242880)${warmup}`);
    expect(byName.AnomalousMemoryPattern!.expr).toBe(`(${floor('')} - ${floor('1h')} > 62914560)${warmup}`);
    expect(byName.MonotonicMemoryGrowth!.expr).toBe(`(${floor('', '10m')} - ${floor('10m', '10m')} > 2097152)${warmup}`);
    // The forecast: level plus trend against the limit, both halves of the window grown.
    expect(byName.MemoryExhaustionForecast!.expr).toBe(
      `(${floor('')} + (${floor('')} - ${floor('3h')}) * 4 > 1048576000) and (${floor('')} - ${floor('1h30m')} > 5242880) and (${floor('1h30m')} - ${floor('3h')} > 5242880)${warmup}`,
    );
    // Quantiles over per-second rates of the _bucket series, keeping le through the aggregation.
    expect(byName.GCSlowdown!.expr).toBe(
      'histogram_quantile(0.95, sum by (job, instance, generation, le) (rate(gc_duration_ms_bucket{job="fastapi-app"}[5m]))) > 500',
    );
    expect(byName.HighMemoryEndpoint!.expr).toBe(
      'histogram_quantile(0.95, sum by (job, instance, endpoint, method, le) (rate(endpoint_memory_delta_bytes_bucket{job="fastapi-app"}[5m]))) > 10485760',
    );
    for (const a of Object.values(byName)) expect(a.expr).not.toMatch(/\brate\(process_rss_bytes/);
  });

  it('labels every alert with its tier’s severity and keeps job and instance', () => {
    for (const a of Object.values(byName)) {
      expect(a.labels.severity).toBe(a.tier.name);
      // Alerts on kube-state-metrics and cAdvisor series are per container, which has no job or instance of the service.
      const perContainer = a.kind === 'correlation' && a.metric.name !== 'process_rss_bytes';
      expect(a.keepLabels).toEqual(expect.arrayContaining(perContainer ? ['namespace', 'pod', 'container'] : ['job', 'instance']));
      expect(Object.keys(a.annotations)).toEqual(['summary', 'description', 'action', 'runbook_url']);
      expect(a.annotations.severity).toBeUndefined();
    }
    expect(byName.HighMemoryEndpoint!.keepLabels).toEqual(['job', 'instance', 'endpoint', 'method']);
    expect(byName.GCSlowdown!.keepLabels).toEqual(['job', 'instance', 'generation']);
  });

  it('describes values humanised, in the unit of the threshold', () => {
    expect(byName.CriticalMemoryUsage!.annotations.description).toContain('{{ $value | humanize1024 }}B, above the threshold of 900 MiB (90% of the 1000 MiB memory limit)');
    expect(byName.RapidMemoryGrowth!.annotations.description).toContain('{{ $value | humanize1024 }}B/min, above the threshold of 5 MiB/min. Not a warm-up');
    expect(byName.GCSlowdown!.annotations.description).toContain('{{ printf "%.0f" $value }} ms, above the threshold of 500 ms');
    expect(byName.HighMemoryEndpoint!.annotations.description).toContain('endpoint {{ $labels.endpoint }}, method {{ $labels.method }}');
    // No restart hook unless the config routes to one (test/alertmanager.test.ts): the critical tier pages.
    expect(byName.CriticalMemoryUsage!.annotations.action).toMatch(/^Page on-call/);
    expect(byName.RapidMemoryGrowth!.annotations.action).toMatch(/^Page on-call/);
    expect(byName.GCSlowdown!.annotations.action).toMatch(/^Investigate/);
    expect(byName.GCSlowdown!.annotations.runbook_url).toBe('runbooks/GCSlowdown.md');
  });

  it('takes options: memory limit, job, metric names, and any alert’s threshold, for or tier', () => {
    const m = alerts(
      model({
        memoryLimit: '2GiB',
        job: 'shop',
        metrics: { rss: 'app_rss_bytes' },
        alerts: { RapidMemoryGrowth: { above: '8MiB/min', for: '15m', tier: 'critical' }, GCSlowdown: { above: '250ms' } },
      }),
    );
    expect(m.CriticalMemoryUsage!.expr).toBe(`app_rss_bytes{job="shop"} > ${Math.round(0.9 * 2 * 1024 * MiB)}`);
    expect(m.RapidMemoryGrowth!.expr).toBe('(deriv(app_rss_bytes{job="shop"}[5m]) * 60 > 8388608) unless on (job, instance) (time() - process_start_time_seconds{job="shop"} < 3600)');
    expect(m.RapidMemoryGrowth!.for).toBe(900);
    expect(m.RapidMemoryGrowth!.labels.severity).toBe('critical');
    expect(m.GCSlowdown!.expr).toMatch(/> 250$/);
  });

  it('refuses to override an alert it does not have, and suggests the closest', () => {
    expect(() => fastapi({ alerts: { RapidMemoryGrowht: { above: '1MiB/min' } } as never })).toThrow(
      /fastapi\.alerts\.RapidMemoryGrowht: unknown key 'RapidMemoryGrowht' \(did you mean 'RapidMemoryGrowth'\?\)/,
    );
  });

  it('lets tiers carry another severity value, which the labels follow', () => {
    const config = fastapi();
    config.tiers = { high: { severity: 'page' }, medium: { severity: 'warning' } };
    const m = alerts(buildModel(config, 'test'));
    expect(m.RapidMemoryGrowth!.labels.severity).toBe('page');
    expect(m.GCSlowdown!.labels.severity).toBe('warning');
    expect(m.CriticalMemoryUsage!.labels.severity).toBe('critical');
  });

  it('has the guide’s five panels and three more, each with a unit', () => {
    const panels = model().dashboard.panels.map((p) => [p.title, p.unit]);
    expect(panels).toEqual(
      expect.arrayContaining([
        ['RSS timeline', 'bytes'],
        ['RSS growth rate', 'bytes'],
        ['GC pause p95 by generation', 'ms'],
        ['Top memory endpoints (p95 delta per request)', 'bytes'],
        ['Object count trend', 'short'],
        ['Memory used (% of limit)', 'percentunit'],
        ['Predicted time to memory limit', 's'],
        ['GC collections per second by generation', 'ops'],
      ]),
    );
    expect(panels).toHaveLength(8);
  });
});
