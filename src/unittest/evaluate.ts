// What Prometheus 2.x computes for the four alert shapes memgen writes, step by step over synthetic series, so
// the generator knows when an alert turns pending and firing before promtool is asked. The functions follow
// Prometheus's own (promql/functions.go, promql/quantile.go, rules/alerting.go): closed range windows,
// extrapolated delta/rate, least-squares deriv, histogram_quantile with linear interpolation, and `for`.

export interface Sample {
  /** Milliseconds. */
  t: number;
  v: number;
}

const LOOKBACK_MS = 5 * 60 * 1000;

export function instant(samples: Sample[], t: number): number | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i] as Sample;
    if (s.t <= t) return s.t >= t - LOOKBACK_MS ? s.v : undefined;
  }
  return undefined;
}

export function range(samples: Sample[], t: number, windowMs: number): Sample[] {
  return samples.filter((s) => s.t >= t - windowMs && s.t <= t);
}

/** delta(), increase() and rate() as Prometheus extrapolates them. */
export function extrapolatedRate(samples: Sample[], t: number, windowMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  const pts = range(samples, t, windowMs);
  if (pts.length < 2) return undefined;
  const first = pts[0] as Sample;
  const last = pts[pts.length - 1] as Sample;
  let result = last.v - first.v;
  if (isCounter) {
    let prev = 0;
    for (const p of pts) {
      if (p.v < prev) result += prev;
      prev = p.v;
    }
  }
  let durationToStart = (first.t - (t - windowMs)) / 1000;
  const durationToEnd = (t - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageBetween = sampledInterval / (pts.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
  result = result * (extrapolateTo / sampledInterval);
  if (isRate) result = result / (windowMs / 1000);
  return result;
}

/** deriv(): the least-squares slope per second. */
export function deriv(samples: Sample[], t: number, windowMs: number): number | undefined {
  const pts = range(samples, t, windowMs);
  if (pts.length < 2) return undefined;
  const first = (pts[0] as Sample).v;
  if (pts.every((p) => p.v === first)) return 0;
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  for (const p of pts) {
    const x = (p.t - t) / 1000;
    n += 1;
    sumX += x;
    sumY += p.v;
    sumXY += x * p.v;
    sumX2 += x * x;
  }
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  return covXY / varX;
}

/** predict_linear(): the least-squares line through the window, fitted at t and read `seconds` ahead. */
export function predictLinear(samples: Sample[], t: number, windowMs: number, seconds: number): number | undefined {
  const pts = range(samples, t, windowMs);
  if (pts.length < 2) return undefined;
  const first = (pts[0] as Sample).v;
  if (pts.every((p) => p.v === first)) return first;
  const n = pts.length;
  let sumX = 0;
  let sumY = 0;
  for (const p of pts) {
    sumX += (p.t - t) / 1000;
    sumY += p.v;
  }
  const slope = deriv(samples, t, windowMs) as number;
  const intercept = sumY / n - (slope * sumX) / n;
  return slope * seconds + intercept;
}

export interface Bucket {
  upperBound: number;
  count: number;
}

/** histogram_quantile() over buckets that include +Inf. */
export function histogramQuantile(q: number, input: Bucket[]): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const buckets = [...input].sort((a, b) => a.upperBound - b.upperBound);
  const top = buckets[buckets.length - 1];
  if (buckets.length < 2 || !top || top.upperBound !== Infinity) return NaN;
  // ensureMonotonic
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  const observations = top.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = buckets.findIndex((x) => x.count >= rank);
  if (b < 0) b = buckets.length - 1;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  if (b === 0 && (buckets[0] as Bucket).upperBound <= 0) return (buckets[0] as Bucket).upperBound;
  let bucketStart = 0;
  const bucketEnd = (buckets[b] as Bucket).upperBound;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    bucketStart = (buckets[b - 1] as Bucket).upperBound;
    count -= (buckets[b - 1] as Bucket).count;
    rank -= (buckets[b - 1] as Bucket).count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface Step {
  t: number;
  value: number | undefined;
  state: AlertState;
}

/** Runs the alert's `for` state machine over evaluation steps 0, every, 2·every, ... up to `until` (ms). */
export function alertTimeline(valueAt: (t: number) => number | undefined, holds: (v: number) => boolean, everyMs: number, untilMs: number, forMs: number): Step[] {
  const steps: Step[] = [];
  let activeAt: number | undefined;
  for (let t = 0; t <= untilMs; t += everyMs) {
    const value = valueAt(t);
    if (value !== undefined && !Number.isNaN(value) && holds(value)) {
      if (activeAt === undefined) activeAt = t;
      steps.push({ t, value, state: t - activeAt >= forMs ? 'firing' : 'pending' });
    } else {
      activeAt = undefined;
      steps.push({ t, value, state: 'inactive' });
    }
  }
  return steps;
}
