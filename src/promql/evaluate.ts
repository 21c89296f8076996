// What Prometheus 2.42 computes for the PromQL memgen writes, on synthetic series, so memgen can say when an
// alert fires without a running Prometheus: `memgen diff` (time to fire, src/diff/evaluate.ts) and the
// generated promtool unit tests (src/alert-tests/signal.ts) both evaluate through this one module. It follows
// promql/engine.go, promql/functions.go and promql/quantile.go; test/evaluate-promtool.test.ts checks it
// against the real promtool. Times are integer milliseconds, as in Prometheus.
//   - an instant selector takes the latest sample in [t - 5m, t] (both ends inclusive before Prometheus 3.0);
//   - a range selector takes the samples in [t - range, t] (both ends inclusive before Prometheus 3.0);
//   - delta/increase/rate extrapolate as extrapolatedRate does (the 2.x order: the counter's zero point is
//     considered before the 110% extrapolation threshold);
//   - deriv is the least-squares slope with Kahan sums and an exact 0 for a constant series;
//   - histogram_quantile interpolates linearly inside the bucket the rank falls in (bucketQuantile).

export interface Sample {
  /** Milliseconds. */
  t: number;
  v: number;
}

const LOOKBACK_MS = 5 * 60 * 1000;

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

/** The samples of a range selector [start, end] (ms, both inclusive), from samples sorted by time. */
export function samplesIn(samples: Sample[], start: number, end: number): Sample[] {
  return samples.slice(lowerBound(samples, start), lowerBound(samples, end + 1));
}

/** An instant selector's sample at t: the latest at or before t, unless it is older than the lookback. */
export function instantSample(samples: Sample[], t: number): Sample | undefined {
  const latest = samples[lowerBound(samples, t + 1) - 1];
  return latest && latest.t >= t - LOOKBACK_MS ? latest : undefined;
}

/** An instant selector's value at t. */
export function instant(samples: Sample[], t: number): number | undefined {
  return instantSample(samples, t)?.v;
}

/** delta() (gauge), increase() and rate() (counter) over a range's points, as Prometheus 2.42's extrapolatedRate. */
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

/** delta() (gauge), increase() or rate() (counter) of one series over the range [t - rangeMs, t]. */
export function extrapolatedRateAt(samples: Sample[], t: number, rangeMs: number, isCounter: boolean, isRate: boolean): number | undefined {
  return extrapolatedRate(samplesIn(samples, t - rangeMs, t), t - rangeMs, t, isCounter, isRate);
}

/** Neumaier's variant of Kahan summation, as Prometheus's kahanSumInc. */
function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  const nextC = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
  return [t, nextC];
}

/** Least-squares line through the points, as Prometheus's linearRegression: slope per second, and the value
 * at interceptTime (deriv passes the first sample's time, predict_linear the evaluation time). */
export function linearRegression(points: Sample[], interceptTime: number): { slope: number; intercept: number } {
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
  if (constY) return Number.isFinite(initY) ? { slope: 0, intercept: initY } : { slope: Number.NaN, intercept: Number.NaN };
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

/** Per-second least-squares slope of the points. */
export function regressionSlope(points: Sample[], interceptTime: number): number {
  return linearRegression(points, interceptTime).slope;
}

/** predict_linear() of one series over [t - rangeMs, t], `seconds` ahead of t. */
export function predictLinearAt(samples: Sample[], t: number, rangeMs: number, seconds: number): number | undefined {
  const points = samplesIn(samples, t - rangeMs, t);
  if (points.length < 2) return undefined;
  const { slope, intercept } = linearRegression(points, t);
  return slope * seconds + intercept;
}

/** deriv() of one series over the range [t - rangeMs, t]: undefined (no output series) with fewer than two samples. */
export function derivAt(samples: Sample[], t: number, rangeMs: number): number | undefined {
  const points = samplesIn(samples, t - rangeMs, t);
  return points.length < 2 ? undefined : regressionSlope(points, (points[0] as Sample).t);
}

export interface Bucket {
  upperBound: number;
  count: number;
}

/** Prometheus's bucketQuantile for classic histograms: histogram_quantile() over one group's `le` buckets. */
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
