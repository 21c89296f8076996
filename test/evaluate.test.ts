// The diff's PromQL evaluator on hand-computed cases (the promtool cross-check is evaluate-promtool.test.ts),
// and the parser that reads memgen's expressions back.
import { describe, expect, it } from 'vitest';
import { bucketQuantile, extrapolatedRate, firstFiring, regressionSlope, type Sample, type Series } from '../src/diff/evaluate.js';
import { parseAlertQuery, withoutThreshold, type AlertQuery } from '../src/diff/query.js';
import { compile, loadPreset } from '../src/pipeline.js';

const line = (from: number, to: number, step: number, f: (t: number) => number): Sample[] => {
  const out: Sample[] = [];
  for (let t = from; t <= to; t += step) out.push({ t: t * 1000, v: f(t) });
  return out;
};

describe('regressionSlope (deriv)', () => {
  it('is the slope of a straight line, per second', () => {
    const points = line(0, 600, 30, (t) => 5 + 3 * t);
    expect(regressionSlope(points, 0)).toBeCloseTo(3, 9);
  });
  it('is exactly 0 for a constant series, however large its values', () => {
    expect(regressionSlope(line(0, 3600, 30, () => 419430400), 0)).toBe(0);
  });
});

describe('extrapolatedRate (delta, increase, rate)', () => {
  it('extrapolates to the window edges when the samples come within 110% of the average interval', () => {
    // Samples at 15..585 in a [0, 600] window: 570 s sampled, extended by 15 s at each end.
    const points = line(15, 585, 30, (t) => 2 * t);
    expect(extrapolatedRate(points, 0, 600_000, false, false)).toBeCloseTo(1200, 9);
    expect(extrapolatedRate(points, 0, 600_000, false, true)).toBeCloseTo(2, 9);
  });
  it('extends by half an interval only where a sample is missing near the edge', () => {
    // Samples at 15..285 in a [0, 600] window: the end is 315 s away, so only 15 s are added there.
    const points = line(15, 285, 30, (t) => 2 * t);
    expect(extrapolatedRate(points, 0, 600_000, false, false)).toBeCloseTo(540 * (270 + 15 + 15) / 270, 9);
  });
  it('does not extrapolate a counter below zero, and adds counter resets', () => {
    // The counter is 0 at 15 s: nothing is added before it.
    expect(extrapolatedRate(line(15, 585, 30, (t) => t - 15), 0, 600_000, true, false)).toBeCloseTo(570 + 15, 9);
    const reset = [{ t: 0, v: 10 }, { t: 30_000, v: 20 }, { t: 60_000, v: 5 }, { t: 90_000, v: 15 }];
    expect(extrapolatedRate(reset, 0, 90_000, true, false)).toBe(25);
  });
  it('needs two samples', () => {
    expect(extrapolatedRate([{ t: 0, v: 1 }], 0, 60_000, false, false)).toBeUndefined();
  });
});

describe('bucketQuantile (histogram_quantile)', () => {
  const buckets = [{ upperBound: 1, count: 10 }, { upperBound: 2, count: 20 }, { upperBound: Infinity, count: 20 }];
  it('interpolates linearly inside the bucket the rank falls in', () => {
    expect(bucketQuantile(0.5, buckets)).toBe(1);
    expect(bucketQuantile(0.75, buckets)).toBe(1.5);
    expect(bucketQuantile(1, buckets)).toBe(2);
  });
  it('returns the highest finite bound when the rank is in +Inf, and NaN without observations or +Inf', () => {
    expect(bucketQuantile(0.5, [{ upperBound: 1, count: 0 }, { upperBound: Infinity, count: 10 }])).toBe(1);
    expect(bucketQuantile(0.5, [{ upperBound: 1, count: 0 }, { upperBound: Infinity, count: 0 }])).toBeNaN();
    expect(bucketQuantile(0.5, [{ upperBound: 1, count: 3 }])).toBeNaN();
  });
});

describe('firstFiring (alerting rule with `for`)', () => {
  const query = 'level{job="a"} > 10';
  const series = (f: (t: number) => number): Series[] => [{ labels: { __name__: 'level', job: 'a', instance: 'x' }, samples: line(0, 3600, 30, f) }];
  const opts = { evaluationIntervalMs: 15_000, untilMs: 3_600_000 };

  it('fires once the expression has held for `for`, at the first evaluation that far from the first true one', () => {
    // True from the sample at 60 s: pending at 60 s, firing at 60 + 120 = 180 s.
    expect(firstFiring(query, 120, series((t) => (t >= 60 ? 20 : 0)), opts)).toBe(180_000);
    expect(firstFiring(query, 0, series((t) => (t >= 60 ? 20 : 0)), opts)).toBe(60_000);
  });
  it('starts over when the expression stops holding before `for` has passed', () => {
    // True for 60 s from 60 s, false for 60 s, then true from 180 s: fires at 180 + 120 s.
    const flapping = (t: number) => (t >= 60 && t < 120) || t >= 180 ? 20 : 0;
    expect(firstFiring(query, 120, series(flapping), opts)).toBe(300_000);
  });
  it('never fires on a series that stays below', () => {
    expect(firstFiring(query, 0, series(() => 10), opts)).toBeUndefined();
  });
});

describe('parseAlertQuery', () => {
  const { model } = compile(loadPreset('fastapi'));
  // Correlation joins are not one query over one metric: the diff shows their expression, not a time to fire.
  // Nor are the floor and forecast alerts, or any alert behind a warm-up guard: the diff evaluates those as
  // written, through the PromQL engine, and reads their thresholds from the model.
  const alerts = model.groups.flatMap((g) => g.alerts).filter((a) => a.kind !== 'correlation' && !a.warmup);

  it('reads back every single-comparison expression the preset generates, with its threshold', () => {
    for (const a of alerts) {
      const q = parseAlertQuery(a.expr);
      expect(q, a.expr).toBeDefined();
      expect(q?.threshold, a.name).toBe(a.threshold.promValue);
      expect(q?.op).toBe(a.threshold.op);
      expect(q?.selector.matchers).toEqual({ job: model.services[0]?.job });
    }
    const kinds = alerts.map((a) => parseAlertQuery(a.expr)?.fn);
    expect(new Set(kinds)).toEqual(new Set(['value', 'histogram_quantile']));
  });

  it('reads the scale, window, quantile and grouping', () => {
    expect(parseAlertQuery('deriv(rss_bytes{job="a"}[10m]) * 60 > 5242880')).toEqual({
      fn: 'deriv', selector: { metric: 'rss_bytes', matchers: { job: 'a' } }, range: 600, scale: 60, op: '>', threshold: 5242880,
    });
    expect(parseAlertQuery('histogram_quantile(0.95, sum by (job, instance, le) (rate(gc_ms_bucket{job="a"}[5m]))) > 500')).toMatchObject({
      fn: 'histogram_quantile', quantile: 0.95, by: ['job', 'instance'], range: 300, threshold: 500,
    });
  });

  it('leaves other shapes alone, and blanks only the threshold', () => {
    expect(parseAlertQuery('sum(rate(x[5m])) > 1')).toBeUndefined();
    expect(withoutThreshold('delta(a{job="x"}[1h]) > 104857600')).toBe('delta(a{job="x"}[1h]) > <threshold>');
  });
});
