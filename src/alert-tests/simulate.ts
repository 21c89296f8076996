// A scenario's alert timeline, through the PromQL engine, with a flag for evaluations where a comparison of the
// expression came within rounding distance of its other side: there Prometheus might decide the other way, so
// the scenario generators choose another strength instead.
import type { Alert } from '../model/types.js';
import type { Expr } from '../promql/ast.js';
import { runAlert, thresholdComparisons } from '../promql/alert-run.js';
import type { Step } from '../promql/alert-state.js';
import { compileCached, evaluateAt, type SeriesSet } from '../promql/engine.js';
import { seriesSetOf, type InputSeries } from './signal.js';

export interface SimStep extends Step {
  close: boolean;
}

/** Relative distance from the other side below which a comparison is too close to call. */
const TOO_CLOSE = 1e-9;

/** The alert's expression, parsed once per text. */
export function exprOf(alert: Pick<Alert, 'expr'>): Expr {
  return compileCached(alert.expr);
}

/** The expression without its top-level `unless` guard: what would fire if the guard were not there. */
export function unguarded(expr: Expr): Expr {
  let e = expr;
  while (e.kind === 'paren') e = e.expr;
  return e.kind === 'binary' && e.op === 'unless' ? e.lhs : expr;
}

function values(e: Expr, t: number, data: SeriesSet, every: number): number[] {
  const v = evaluateAt(e, t, data, every);
  return typeof v === 'number' ? [v] : v.map((x) => x.value);
}

/** `magnitude` scales the distance for comparisons with zero. */
export function simulate(expr: Expr, series: InputSeries[], t: { sample: number; every: number; hold: number }, magnitude: number): SimStep[] {
  const samples = Math.max(...series.map((s) => s.runs.reduce((n, r) => n + r.times + 1, 0)));
  const until = (samples - 1) * t.sample;
  const data = seriesSetOf(series, t.sample);
  const comparisons = thresholdComparisons(expr);
  return runAlert(expr, data, { every: t.every, until, hold: t.hold }).map((e) => {
    let first: number | undefined;
    let close = false;
    for (const c of comparisons) {
      const lhs = values(c.lhs, e.t, data, t.every);
      const rhs = values(c.rhs, e.t, data, t.every);
      if (first === undefined) first = lhs[0];
      for (const a of lhs) {
        for (const b of rhs) {
          // Exact zeros are safe: deriv and delta of a constant series are exactly 0 in Prometheus too.
          if (Number.isNaN(a) || Number.isNaN(b) || (a === 0 && b === 0)) continue;
          if (Math.abs(a - b) <= TOO_CLOSE * (b !== 0 ? Math.abs(b) : magnitude)) close = true;
        }
      }
    }
    const active = e.alerts[0];
    return { t: e.t, value: active?.value ?? first, state: active?.state ?? 'inactive', close };
  });
}
