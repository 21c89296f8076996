// An alerting rule stepped through its rule group's evaluations, as Prometheus's rule manager runs it: the
// expression evaluated at each evaluation time (src/promql/engine.ts) and `for` applied per series
// (alert-state.ts). The generated promtool tests, the shape matrix of `memgen test` and `memgen diff` read
// alert timelines from here.
import type { Expr } from './ast.js';
import { ActiveSeries } from './alert-state.js';
import { evaluateAt, type Element, type Labels, type SeriesSet } from './engine.js';

export interface ActiveAlert {
  /** The series' labels without the metric name: the alert's labels before the rule's own. */
  labels: Labels;
  value: number;
  state: 'pending' | 'firing';
}

export interface Evaluation {
  t: number;
  alerts: ActiveAlert[];
}

export interface RunOptions {
  /** Evaluation interval, ms; evaluations happen at its multiples from 0. */
  every: number;
  /** Last evaluation time, ms (inclusive). */
  until: number;
  /** `for`, ms. */
  hold: number;
}

function keyOf(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0001${labels[k]}`)
    .join('\u0002');
}

function withoutName(labels: Labels): Labels {
  if (!('__name__' in labels)) return labels;
  const { __name__: _, ...rest } = labels;
  return rest;
}

/** Every evaluation of the rule up to `until`, with the series it returned and their state. */
export function runAlert(expr: Expr, data: SeriesSet, opts: RunOptions): Evaluation[] {
  const series = new ActiveSeries(opts.hold);
  const out: Evaluation[] = [];
  for (let t = 0; t <= opts.until; t += opts.every) {
    const result = evaluateAt(expr, t, data, opts.every);
    const elements: Element[] = typeof result === 'number' ? [] : result.filter((e) => !Number.isNaN(e.value));
    const byKey = new Map<string, Element>();
    for (const e of elements) byKey.set(keyOf(withoutName(e.labels)), e);
    const states = series.evaluate(t, byKey.keys());
    const alerts: ActiveAlert[] = [];
    for (const [key, state] of states) {
      const e = byKey.get(key) as Element;
      alerts.push({ labels: withoutName(e.labels), value: e.value, state });
    }
    out.push({ t, alerts });
  }
  return out;
}

/** The first evaluation at which any series fires, with that series. */
export function firstFiring(evaluations: Evaluation[]): { t: number; alert: ActiveAlert } | undefined {
  for (const e of evaluations) {
    const firing = e.alerts.find((a) => a.state === 'firing');
    if (firing) return { t: e.t, alert: firing };
  }
  return undefined;
}

/** How many (evaluation, series) pairs were firing: what count_over_time(ALERTS{alertstate="firing"}) counts. */
export function firingCount(evaluations: Evaluation[]): number {
  let n = 0;
  for (const e of evaluations) for (const a of e.alerts) if (a.state === 'firing') n++;
  return n;
}

/** The comparisons that decide an expression, through `and`/`unless`/`or` and parentheses. */
export function thresholdComparisons(expr: Expr): Array<{ lhs: Expr; rhs: Expr }> {
  const out: Array<{ lhs: Expr; rhs: Expr }> = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'paren') return walk(e.expr);
    if (e.kind !== 'binary') return;
    if (e.op === 'and' || e.op === 'or') {
      walk(e.lhs);
      walk(e.rhs);
    } else if (e.op === 'unless') {
      walk(e.lhs);
      walk(e.rhs);
    } else if (['>', '<', '>=', '<='].includes(e.op) && !e.bool) {
      out.push({ lhs: e.lhs, rhs: e.rhs });
    }
  };
  walk(expr);
  return out;
}
