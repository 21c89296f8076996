// fast-check generators of memgen configs: valid ones covering every alert kind, unit family and string
// shape, and invalid ones made by breaking a valid config in one known way.
import fc from 'fast-check';
import type { AlertConfig, MemgenConfig, ServiceConfig } from '../../src/dsl/types.js';

const serviceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/);
const labelName = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
const alertName = fc.stringMatching(/^[A-Z][A-Za-z0-9]{2,20}$/);
/** Any text a user might type: quotes, colons, hashes, braces, template delimiters, unicode, newlines. */
const prose = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc.constantFrom('{{ not a template }}', 'a: b # c', '"quoted" \'single\'', '100% {{', '}} closing', '$value $labels', 'line\nbreak', 'tab\there', '– ünïcødé ✓ 日本'),
);
/** Prose for one-line fields (titles), which refuse line breaks (src/config/text.ts). */
const oneLine = prose.filter((t) => !/[\n\r\u2028\u2029\u0085]/.test(t));
const labelValues = fc.dictionary(labelName, prose, { maxKeys: 3 }).filter((d) => !Object.keys(d).some((k) => ['severity', 'job', 'instance', 'alertname'].includes(k)));

const byteUnit = fc.constantFrom('B', 'KB', 'MB', 'GB', 'KiB', 'MiB', 'GiB', 'Mi', 'Gi');
const size = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), byteUnit).map(([n, u]) => `${n}${u}`);
const duration = fc.tuple(fc.integer({ min: 1, max: 90 }), fc.constantFrom('s', 'm', 'h')).map(([n, u]) => `${n}${u}`);
const window = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('m', 'h')).map(([n, u]) => `${n}${u}`);
const rate = fc.tuple(fc.integer({ min: 0, max: 500 }), byteUnit, fc.constantFrom('s', 'min', 'h')).map(([n, u, t]) => `${n}${u}/${t}`);
const percent = fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`);

function alert(services: string[]): fc.Arbitrary<AlertConfig> {
  const common = fc.record(
    {
      name: alertName,
      tier: fc.constantFrom('critical' as const, 'high' as const, 'medium' as const),
      for: duration,
      summary: prose,
      labels: labelValues,
      annotations: fc.dictionary(labelName.filter((k) => !['summary', 'description', 'action', 'runbook_url'].includes(k)), prose, { maxKeys: 2 }),
      services: fc.subarray(services, { minLength: 1 }),
    },
    { requiredKeys: ['name', 'tier'] },
  );
  const kind = fc.oneof(
    fc.record({ kind: fc.constant('value' as const), metric: fc.constant('rss'), above: fc.oneof(size(1, 4096), percent) }),
    fc.record({ kind: fc.constant('growth' as const), metric: fc.constant('rss'), window, above: size(1, 1024) }),
    fc.record({ kind: fc.constant('slope' as const), metric: fc.constant('rss'), window, above: rate }),
    fc.record({
      kind: fc.constant('quantile' as const),
      metric: fc.constant('gc'),
      quantile: fc.constantFrom(0.5, 0.9, 0.95, 0.99),
      window,
      above: fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('ms', 's')).map(([n, u]) => `${n}${u}`),
      by: fc.constantFrom([], ['generation']),
    }),
  );
  return fc.tuple(common, kind).map(([c, k]) => ({ ...c, ...k }) as AlertConfig);
}

function service(name: string): fc.Arbitrary<ServiceConfig> {
  return fc.record(
    {
      name: fc.constant(name),
      port: fc.integer({ min: 1024, max: 65535 }),
      path: fc.constantFrom('/metrics', '/internal/metrics'),
      scrapeInterval: fc.constantFrom('10s', '15s', '30s', '1m'),
      // At least 1KiB, the smallest memory limit (src/config/limits.ts).
      memoryLimit: size(1024, 65536),
    },
    { requiredKeys: ['name', 'port', 'memoryLimit'] },
  ) as fc.Arbitrary<ServiceConfig>;
}

export const validConfig: fc.Arbitrary<MemgenConfig> = fc
  .uniqueArray(serviceName, { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc.record({
      services: fc.tuple(...names.map(service)),
      alerts: fc.uniqueArray(alert(names), { minLength: 1, maxLength: 6, selector: (a) => a.name }),
      msUnit: fc.boolean(),
      title: oneLine,
    }),
  )
  .map(({ services, alerts, msUnit, title }) => ({
    metrics: {
      rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
      gc: { name: msUnit ? 'gc_pause_ms' : 'gc_pause_seconds', type: 'histogram', unit: msUnit ? 'milliseconds' : 'seconds', labels: ['generation'] },
    },
    services,
    alerts,
    dashboard: { title, panels: [{ title, type: 'timeseries', unit: 'bytes', targets: [{ expr: 'process_resident_memory_bytes{job=~"$job"}' }] }] },
  }));

/** One way of breaking a config, and a pattern the error message must match. */
export interface Breakage {
  name: string;
  message: RegExp;
  apply(config: Record<string, unknown>): void;
}

const alerts = (c: Record<string, unknown>) => c.alerts as Array<Record<string, unknown>>;
const services = (c: Record<string, unknown>) => c.services as Array<Record<string, unknown>>;

export const BREAKAGES: Breakage[] = [
  { name: 'misspelt key', message: /unknown key 'memoryLimt'/, apply: (c) => { const s = services(c)[0]!; s.memoryLimt = s.memoryLimit; delete s.memoryLimit; } },
  { name: 'misspelt tier', message: /is not one of 'critical', 'high', 'medium'/, apply: (c) => { alerts(c)[0]!.tier = 'critcal'; } },
  { name: 'unknown unit', message: /unknown (byte )?unit|not a (byte rate|duration)/, apply: (c) => { const a = alerts(c)[0]!; a.above = a.kind === 'quantile' ? '5 parsecs' : `${String(a.above).replace(/[^0-9]/g, '') || '1'}Mibs`; } },
  { name: 'rate without time unit', message: /has no time unit|threshold is a byte size|is a byte size/, apply: (c) => { const a = alerts(c)[0]!; a.kind = 'slope'; a.metric = 'rss'; a.window = '5m'; a.above = '5MiB'; delete a.quantile; delete a.by; } },
  { name: 'bytes where a duration belongs', message: /is a byte size, but a duration|does not match the expected form/, apply: (c) => { alerts(c)[0]!.for = '5MiB'; } },
  { name: 'port out of range', message: /port: must be <= 65535/, apply: (c) => { services(c)[0]!.port = 70000; } },
  { name: 'missing required field', message: /'metric' is required/, apply: (c) => { delete alerts(c)[0]!.metric; } },
  { name: 'unknown metric', message: /no metric 'rsss' in the catalog/, apply: (c) => { alerts(c)[0]!.metric = 'rsss'; } },
  { name: 'reserved label name', message: /labels/, apply: (c) => { alerts(c)[0]!.labels = { __name__: 'x' }; } },
  { name: 'prototype key', message: /must match pattern|does not match/, apply: (c) => { (c.metrics as Record<string, unknown>).constructor = { name: 'x', type: 'gauge', unit: 'bytes' }; } },
  { name: 'string where a list belongs', message: /services: must be array/, apply: (c) => { c.services = 'api'; } },
];
