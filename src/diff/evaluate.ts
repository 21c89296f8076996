// An alert expression over labelled synthetic series, for `memgen diff`'s time to fire: the expression as
// written, through the one PromQL engine (src/promql/engine.ts) and the rule manager's `for`
// (src/promql/alert-run.ts), the same code the generated promtool tests are built from.
import { firstFiring as firstFiringOf, runAlert } from '../promql/alert-run.js';
import { compileCached, SeriesSet } from '../promql/engine.js';
import type { Sample } from '../promql/evaluate.js';

// The diff's tests exercise the shared functions through this module.
export { bucketQuantile, extrapolatedRate, regressionSlope, type Sample } from '../promql/evaluate.js';

export interface Series {
  /** Includes __name__. */
  labels: Record<string, string>;
  samples: Sample[];
}

export interface RuleEvaluation {
  evaluationIntervalMs: number;
  /** Last evaluation time, inclusive. */
  untilMs: number;
}

/** The first evaluation time (ms) at which the alert is firing, evaluating from 0 as a rule group does. */
export function firstFiring(expr: string, forSeconds: number, all: Series[], opts: RuleEvaluation): number | undefined {
  const evaluations = runAlert(compileCached(expr), new SeriesSet(all), { every: opts.evaluationIntervalMs, until: opts.untilMs, hold: forSeconds * 1000 });
  return firstFiringOf(evaluations)?.t;
}
