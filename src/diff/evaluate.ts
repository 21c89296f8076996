// A small evaluator for the PromQL memgen generates (see query.ts), with the semantics of Prometheus 2.42's
// promql/functions.go and rules/alerting.go, so the diff can say when an alert would fire on a synthetic
// series without a running Prometheus. Times are integer milliseconds, as in Prometheus.
//   - range selectors take the samples in [t - range, t] (both ends inclusive before Prometheus 3.0);
//   - delta/increase/rate extrapolate as extrapolatedRate does (the 2.x order: the counter's zero point is
//     considered before the 110% extrapolation threshold);
//   - deriv is the least-squares slope with Kahan sums and an exact 0 for a constant series;
//   - histogram_quantile interpolates linearly inside the bucket the rank falls in (bucketQuantile);
//   - an alert is pending from the first evaluation its expression returns a series and fires once it has
//     been active for `for` (firing when t - activeAt >= for).
import type { AlertQuery, Selector } from './query.js';

export interface Sample {
  /** Milliseconds. */
  t: number;
  v: number;
}

export interface Series {
  /** Includes __name__. */
  labels: Record<string, string>;
  samples: Sample[];
}

export interface Element {
  labels: Record<string, string>;
  value: number;
}

const LOOKBACK_MS = 5 * 60 * 1000;

function selectSeries(all: Series[], sel: Selector): Series[] {
  return all.filter((s) => s.labels.__name__ === sel.metric && Object.entries(sel.matchers).every(([k, v]) => (s.labels[k] ?? '') === v));
}

/** Index of the first sample with t >= `t`. */
function lowerBound(samples: Sample[], t: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((samples[mid] as Sample).t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function samplesIn(samples: Sample[], start: number, end: number): Sample[] {
  return samples.slice(lowerBound(samples, start), lowerBound(samples, end + 1));
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

/** delta() (gauge), increase() and rate() (counter), as Prometheus 2.42's extrapolatedRate. */
export function extrapolatedRate(points: Sample[], rangeStart: number, rangeEnd: number, isCounter: boolean, isRate: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0] as Sample;
  const last = points[points.length - 1] as Sample;
  let result = last.v - first.v;
  if (isCounter) {
    let previous = 0;
    for (const p of points) {
      if (p.v < previous) result += previous;
      previous = p.v;
    }
  }
  let durationToStart = (first.t - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageBetweenSamples = sampledInterval / (points.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    // A counter cannot have been below zero: do not extrapolate past the point where it would have been 0.
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetweenSamples * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
  result *= extrapolateTo / sampledInterval;
  if (isRate) result /= (rangeEnd - rangeStart) / 1000;
  return result;
}

/** Neumaier's variant of Kahan summation, as Prometheus's kahanSumInc. */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  const nextC = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
  return [t, nextC];
}

/** Per-second least-squares slope, as Prometheus's linearRegression (deriv passes the first sample's time). */
export function regressionSlope(points: Sample[], interceptTime: number): number {
  let n = 0;
  let [sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2] = [0, 0, 0, 0, 0, 0, 0, 0];
  const initY = (points[0] as Sample).v;
  let constY = true;
  points.forEach((p, i) => {
    if (constY && i > 0 && p.v !== initY) constY = false;
    n += 1;
    const x = (p.t - interceptTime) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(p.v, sumY, cY);
    [sumXY, cXY] = kahanInc(x * p.v, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  });
  if (constY) return Number.isFinite(initY) ? 0 : Number.NaN;
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  return covXY / varX;
}

export interface Bucket {
  upperBound: number;
  count: number;
}

/** Prometheus's bucketQuantile for classic histograms. */
export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || (sorted[sorted.length - 1] as Bucket).upperBound !== Infinity) return Number.NaN;
  // Coalesce buckets with the same bound, then force counts to be monotonic.
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = buckets.slice(0, -1).findIndex((x) => x.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  if (b === 0 && (buckets[0] as Bucket).upperBound <= 0) return (buckets[0] as Bucket).upperBound;
  let bucketStart = 0;
  const bucketEnd = (buckets[b] as Bucket).upperBound;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const below = buckets[b - 1] as Bucket;
    bucketStart = below.upperBound;
    count -= below.count;
    rank -= below.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

function compare(op: '>' | '<', value: number, threshold: number): boolean {
  return op === '>' ? value > threshold : value < threshold;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The expression's value before the comparison, one element per output series. */
function evaluateValue(query: AlertQuery, all: Series[], t: number): Element[] {
  const selected = selectSeries(all, query.selector);
  switch (query.fn) {
    case 'value':
      return selected.flatMap((s) => {
        const i = lowerBound(s.samples, t + 1) - 1;
        const latest = s.samples[i];
        return latest && latest.t > t - LOOKBACK_MS ? [{ labels: withoutName(s.labels), value: latest.v }] : [];
      });
    case 'delta':
    case 'increase':
    case 'deriv': {
      const start = t - query.range * 1000;
      return selected.flatMap((s) => {
        const points = samplesIn(s.samples, start, t);
        const value =
          query.fn === 'deriv'
            ? points.length < 2
              ? undefined
              : regressionSlope(points, (points[0] as Sample).t)
            : extrapolatedRate(points, start, t, query.fn === 'increase', false);
        return value === undefined ? [] : [{ labels: withoutName(s.labels), value: value * query.scale }];
      });
    }
    case 'histogram_quantile': {
      const start = t - query.range * 1000;
      const groups = new Map<string, { labels: Record<string, string>; buckets: Map<number, number> }>();
      for (const s of selected) {
        const rate = extrapolatedRate(samplesIn(s.samples, start, t), start, t, true, true);
        if (rate === undefined) continue;
        const labels = Object.fromEntries(query.by.map((l) => [l, s.labels[l] ?? '']));
        const key = labelKey(labels);
        const group = groups.get(key) ?? { labels, buckets: new Map() };
        groups.set(key, group);
        const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
        group.buckets.set(le, (group.buckets.get(le) ?? 0) + rate);
      }
      return [...groups.values()].map((g) => ({
        labels: g.labels,
        value: bucketQuantile(query.quantile, [...g.buckets].map(([upperBound, count]) => ({ upperBound, count }))),
      }));
    }
  }
}

/** The alert's expression at time t: the elements that pass the comparison (NaN never does). */
export function evaluate(query: AlertQuery, all: Series[], t: number): Element[] {
  return evaluateValue(query, all, t).filter((e) => compare(query.op, e.value, query.threshold));
}

export interface RuleEvaluation {
  evaluationIntervalMs: number;
  /** Last evaluation time, inclusive. */
  untilMs: number;
}

/** The first evaluation time (ms) at which the alert is firing, evaluating from 0 as a rule group does. */
export function firstFiring(query: AlertQuery, forSeconds: number, all: Series[], opts: RuleEvaluation): number | undefined {
  const activeAt = new Map<string, number>();
  for (let t = 0; t <= opts.untilMs; t += opts.evaluationIntervalMs) {
    const present = new Set<string>();
    for (const el of evaluate(query, all, t)) {
      const key = labelKey(el.labels);
      present.add(key);
      const since = activeAt.get(key) ?? t;
      activeAt.set(key, since);
      if (t - since >= forSeconds * 1000) return t;
    }
    // An alert whose expression stops returning the series resolves; it starts over when it returns.
    for (const key of [...activeAt.keys()]) if (!present.has(key)) activeAt.delete(key);
  }
  return undefined;
}
