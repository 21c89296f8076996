// Every duration, window, interval, horizon, count and size has a range (src/config/limits.ts, documented in
// docs/robustness.md): out of it, exit 2 with file:line and the range; at its edges, a build promtool accepts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DURATION_LIMITS, formatRange, type DurationKind } from '../src/config/limits.js';
import { formatDuration } from '../src/dsl/units.js';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const base = () => ({
  metrics: {
    rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
    gc: { name: 'gc_duration_seconds', type: 'histogram', unit: 'seconds' },
  },
  services: [{ name: 'api', port: 9100, memoryLimit: '2GiB' } as Record<string, unknown>],
  prometheus: {} as Record<string, unknown>,
  alerts: [
    { kind: 'value', name: 'High', tier: 'critical', metric: 'rss', above: '85%', for: '5m' },
    { kind: 'growth', name: 'Growth', tier: 'high', metric: 'rss', above: '100MiB', window: '1h' },
    { kind: 'correlation', name: 'Forecast', tier: 'high', pattern: 'limitForecast' },
  ] as Array<Record<string, unknown>>,
  alertmanager: { routes: { high: { receivers: ['pager'] } } as Record<string, Record<string, unknown>> },
});
type Config = ReturnType<typeof base>;

// Where each kind of duration sits in a config.
const FIELDS: Record<DurationKind, (c: Config, v: string) => void> = {
  scrapeInterval: (c, v) => (c.services[0]!.scrapeInterval = v),
  evaluationInterval: (c, v) => (c.prometheus.evaluationInterval = v),
  for: (c, v) => (c.alerts[0]!.for = v),
  window: (c, v) => (c.alerts[1]!.window = v),
  horizon: (c, v) => (c.alerts[2]!.horizon = v),
  groupWait: (c, v) => (c.alertmanager.routes.high!.groupWait = v),
  groupInterval: (c, v) => (c.alertmanager.routes.high!.groupInterval = v),
  repeatInterval: (c, v) => (c.alertmanager.routes.high!.repeatInterval = v),
};

function build(config: unknown): { status: number; stderr: string; file: string; out: string } {
  const dir = tempDir('memgen-limits-');
  const file = path.join(dir, 'memgen.config.yaml');
  writeFileSync(file, stringify(config));
  const out = path.join(dir, 'out');
  const r = memgen(['build', '-c', file, '--out', out]);
  return { status: r.status, stderr: r.stderr, file, out };
}

/** A duration just outside [min, max] on the given side. */
const outside = (kind: DurationKind, side: 'below' | 'above') => {
  const r = DURATION_LIMITS[kind];
  return side === 'above' ? formatDuration(r.max + 1) : r.min === 0 ? undefined : formatDuration(r.min - 0.001);
};

describe('durations out of range', () => {
  for (const kind of Object.keys(FIELDS) as DurationKind[]) {
    for (const side of ['below', 'above'] as const) {
      const value = outside(kind, side);
      if (value === undefined || value === '0s') continue;
      it(`${kind} ${side} its range (${value}): exit 2, file:line, the range`, () => {
        const c = base();
        FIELDS[kind](c, value);
        const r = build(c);
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr).toContain(`${r.file}:`);
        expect(r.stderr).toMatch(new RegExp(`:\\d+:\\d+: .*'${value}' is out of range: .* must be from ${formatRange(DURATION_LIMITS[kind]).replace(/[()]/g, '\\$&')}`));
      });
    }
  }

  it("issue 14's reproductions: evaluationInterval and scrapeInterval 292y, for 293y, window 0ms", () => {
    const c = base();
    c.prometheus.evaluationInterval = '292y';
    c.prometheus.scrapeInterval = '292y';
    c.alerts[0]!.for = '293y';
    c.alerts[1]!.window = '0ms';
    const r = build(c);
    expect(r.status).toBe(2);
    for (const what of ["evaluationInterval: '292y'", "scrapeInterval: '292y'", "for: '293y'", "window: '0ms'"]) expect(r.stderr).toContain(what);
    expect(r.stderr.split('\n').filter((l) => l.includes('out of range'))).toHaveLength(4);
  });

  it('digits beyond a float64 are out of range, not Infinity', () => {
    const c = base();
    c.prometheus.evaluationInterval = '99999999999999999999999999999y';
    expect(build(c).stderr).toMatch(/evaluationInterval: '9+y' is out of range/);
  });
});

describe('other numbers', () => {
  it('a threshold YAML reads as Infinity or NaN, a memory limit of 0 or of zettabytes, too many alerts', () => {
    const c = base();
    c.alerts[0]!.above = Number.POSITIVE_INFINITY;
    c.alerts.push({ kind: 'value', name: 'Nan', tier: 'high', metric: 'rss', above: Number.NaN });
    c.services[0]!.memoryLimit = '0MiB';
    c.services.push({ name: 'big', port: 9101, memoryLimit: '5000EiB' });
    const r = build(c);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/alerts\[0\]\.above: Infinity is not a finite number/);
    expect(r.stderr).toMatch(/alerts\[3\]\.above: NaN is not a finite number/);
    expect(r.stderr).toMatch(/services\[0\]\.memoryLimit: '0MiB' is out of range: a memory limit must be from 1KiB to 1EiB/);
    expect(r.stderr).toMatch(/services\[1\]\.memoryLimit: '5000EiB' is out of range|services\[1\]\.memoryLimit: .*unknown byte unit/);

    const many = base();
    many.alerts = Array.from({ length: 501 }, (_, i) => ({ kind: 'value', name: `A${i}`, tier: 'high', metric: 'rss', above: '90%' }));
    const m = build(many);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/alerts: has 501 entries; at most 500 are allowed/);
  });

  it('a summary of 5,000 characters names its length and the limit', () => {
    const c = base();
    c.alerts[0]!.summary = 'x'.repeat(5000);
    expect(build(c).stderr).toMatch(/alerts\[0\]\.summary: is 5000 characters long; at most 4096 are allowed/);
  });
});

describe.skipIf(skipWithout('promtool'))('the edges of every range', () => {
  it('build, and promtool accepts the rules, the config and the tests', () => {
    for (const edge of ['min', 'max'] as const) {
      const c = base();
      for (const kind of Object.keys(FIELDS) as DurationKind[]) {
        const r = DURATION_LIMITS[kind];
        // The forecast needs a window of at least two scrapes, which the edges of other fields do not promise.
        FIELDS[kind](c, formatDuration(edge === 'max' ? r.max : Math.max(r.min, kind === 'window' || kind === 'horizon' ? r.min : 0)));
      }
      const r = build(c);
      expect(r.status, `${edge}: ${r.stderr}`).toBe(0);
      const rules = promtool('check', 'rules', path.join(r.out, 'prometheus/alerts.yaml'));
      expect(rules.status, rules.stdout + rules.stderr).toBe(0);
      const config = promtool('check', 'config', path.join(r.out, 'prometheus/prometheus.yml'));
      expect(config.status, config.stdout + config.stderr).toBe(0);
      const tests = promtool('test', 'rules', path.join(r.out, 'tests/alerts.test.yaml'));
      expect(tests.status, `${edge}: ${tests.stdout}${tests.stderr}`).toBe(0);
    }
  });
});

describe('docs/robustness.md', () => {
  it('lists every duration range as limits.ts has it', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/robustness.md'), 'utf8');
    for (const [kind, r] of Object.entries(DURATION_LIMITS)) expect(doc).toContain(`| \`${kind}\` | ${formatRange(r)} |`);
  });
});
