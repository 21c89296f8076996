// An expression's results over a long range, as one timeline per series. Prometheus refuses a query_range of
// more than 11,000 points per series, and Thanos and Mimir split or limit long ranges too, so the range is
// asked for in chunks of at most `maxPoints` steps, each starting one step after the previous one ended.
import type { PrometheusClient } from './client.js';

export const PROMETHEUS_MAX_POINTS = 11_000;

export interface EvaluationRange {
  /** Unix seconds; evaluations at start, start + step, ... up to end inclusive. */
  start: number;
  end: number;
  /** Seconds between evaluations (the rule group's interval). */
  step: number;
}

export interface SeriesTimeline {
  labels: Record<string, string>;
  /** Evaluation times (unix seconds) at which the expression returned the series, ascending. */
  times: number[];
}

/** A series' identity: its labels without __name__ (what an alert's labels are built from), sorted. */
export function seriesKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).filter(([k]) => k !== '__name__').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function chunks(range: EvaluationRange, maxPoints = PROMETHEUS_MAX_POINTS): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const span = (maxPoints - 1) * range.step;
  for (let from = range.start; from <= range.end; from += span + range.step) out.push([from, Math.min(from + span, range.end)]);
  return out;
}

export async function timelines(client: PrometheusClient, expr: string, range: EvaluationRange, maxPoints?: number): Promise<Map<string, SeriesTimeline>> {
  const byKey = new Map<string, SeriesTimeline>();
  for (const [from, to] of chunks(range, maxPoints)) {
    const data = await client.queryRange(expr, from, to, range.step);
    for (const stream of data.result) {
      const key = seriesKey(stream.metric);
      let line = byKey.get(key);
      if (!line) {
        const { __name__: _name, ...labels } = stream.metric;
        line = { labels, times: [] };
        byKey.set(key, line);
      }
      // Every sample counts, NaN included: the rule manager makes an alert of each one the expression returns.
      for (const [t] of stream.values) line.times.push(Number(t));
    }
  }
  return byKey;
}
