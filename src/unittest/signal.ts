// An alert's expression, evaluated over synthetic series exactly as Prometheus would evaluate the PromQL memgen
// wrote for it. The shape comes from the model (kind, window, quantile, threshold), never from the YAML.
import type { Alert } from '../model/types.js';
import { bucketQuantile, derivAt, extrapolatedRateAt, instant, type Sample } from '../promql/evaluate.js';
import { SeriesSet } from '../promql/engine.js';
import { expandRuns, type Runs } from './series.js';

export interface InputSeries {
  name: string;
  labels: Record<string, string>;
  runs: Runs;
}

export function samplesOf(runs: Runs, intervalMs: number): Sample[] {
  return expandRuns(runs).map((v, i) => ({ t: i * intervalMs, v }));
}

/** A test's input series as the PromQL engine reads them, sampled every `intervalMs` from 0. */
export function seriesSetOf(series: InputSeries[], intervalMs: number): SeriesSet {
  return new SeriesSet(series.map((s) => ({ labels: { __name__: s.name, ...s.labels }, samples: samplesOf(s.runs, intervalMs) })));
}

/** The factor deriv() is multiplied by: the threshold's time unit in seconds (60 for '5MiB/min'). */
export function slopeScale(alert: Alert): number {
  const q = alert.threshold.quantity;
  return q.dimension === 'byteRate' ? q.perSeconds : 1;
}

/** The value of the alert's expression (before the comparison) at time t, in ms; undefined when empty. */
export function expressionAt(alert: Alert, series: InputSeries[], intervalMs: number): (t: number) => number | undefined {
  const windowMs = (alert.window ?? 0) * 1000;
  const isCounter = alert.metric.type === 'counter';
  if (alert.kind === 'quantile') {
    const buckets = series.map((s) => ({ upperBound: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), samples: samplesOf(s.runs, intervalMs) }));
    return (t) => {
      const rates = buckets.map((b) => ({ upperBound: b.upperBound, count: extrapolatedRateAt(b.samples, t, windowMs, true, true) }));
      if (rates.some((r) => r.count === undefined)) return undefined;
      return bucketQuantile(alert.quantile as number, rates as Array<{ upperBound: number; count: number }>);
    };
  }
  const samples = samplesOf((series[0] as InputSeries).runs, intervalMs);
  switch (alert.kind) {
    case 'value':
      return (t) => instant(samples, t);
    case 'growth':
      return (t) => extrapolatedRateAt(samples, t, windowMs, isCounter, false);
    case 'slope': {
      const scale = slopeScale(alert);
      return (t) => {
        const d = derivAt(samples, t, windowMs);
        return d === undefined || scale === 1 ? d : d * scale;
      };
    }
    default:
      throw new Error(`${alert.kind} alert ${alert.name}: evaluated through src/promql/engine.ts`);
  }
}

export function holds(alert: Alert): (v: number) => boolean {
  const threshold = alert.threshold.promValue;
  return alert.threshold.op === '>' ? (v) => v > threshold : (v) => v < threshold;
}
