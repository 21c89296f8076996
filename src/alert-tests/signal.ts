// The input series of a generated test as the PromQL engine reads them, and the pieces of an alert's threshold
// the scenario generators shape their series by.
import type { Alert } from '../model/types.js';
import type { Sample } from '../promql/evaluate.js';
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

export function holds(alert: Alert): (v: number) => boolean {
  const threshold = alert.threshold.promValue;
  return alert.threshold.op === '>' ? (v) => v > threshold : (v) => v < threshold;
}
