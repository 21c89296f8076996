// The alert expressions memgen generates (see query.ts), evaluated over labelled synthetic series so the diff
// can say when an alert would fire without a running Prometheus. The PromQL functions are
// src/promql/evaluate.ts and the `for` clause src/promql/alert-state.ts (Prometheus 2.42 semantics, shared with
// the generated unit tests); this module selects series by matchers, groups histogram buckets and compares.
import { ActiveSeries, evaluationTimes } from '../promql/alert-state.js';
import { bucketQuantile, derivAt, extrapolatedRateAt, instant, type Sample } from '../promql/evaluate.js';
import type { AlertQuery, Selector } from './query.js';

// The diff's tests exercise the shared functions through this module.
export { bucketQuantile, extrapolatedRate, regressionSlope, type Sample } from '../promql/evaluate.js';

export interface Series {
  /** Includes __name__. */
  labels: Record<string, string>;
  samples: Sample[];
}

export interface Element {
  labels: Record<string, string>;
  value: number;
}

function selectSeries(all: Series[], sel: Selector): Series[] {
  return all.filter((s) => s.labels.__name__ === sel.metric && Object.entries(sel.matchers).every(([k, v]) => (s.labels[k] ?? '') === v));
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
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
  const element = (s: Series, value: number | undefined): Element[] => (value === undefined ? [] : [{ labels: withoutName(s.labels), value }]);
  switch (query.fn) {
    case 'value':
      return selected.flatMap((s) => element(s, instant(s.samples, t)));
    case 'delta':
    case 'increase':
    case 'deriv': {
      const rangeMs = query.range * 1000;
      return selected.flatMap((s) => {
        const value = query.fn === 'deriv' ? derivAt(s.samples, t, rangeMs) : extrapolatedRateAt(s.samples, t, rangeMs, query.fn === 'increase', false);
        return element(s, value === undefined ? undefined : value * query.scale);
      });
    }
    case 'histogram_quantile': {
      const rangeMs = query.range * 1000;
      const groups = new Map<string, { labels: Record<string, string>; buckets: Map<number, number> }>();
      for (const s of selected) {
        const rate = extrapolatedRateAt(s.samples, t, rangeMs, true, true);
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
  const active = new ActiveSeries(forSeconds * 1000);
  return evaluationTimes(opts.evaluationIntervalMs, opts.untilMs).find((t) => {
    const states = active.evaluate(t, evaluate(query, all, t).map((el) => labelKey(el.labels)));
    return [...states.values()].includes('firing');
  });
}
