// Backtesting alerting rules on a server's history: each rule's expression over the range with query_range at
// its group's evaluation interval, then the rule manager's `for` / `keep_firing_for` replayed per series.
// `memgen backtest` runs it for whole rule files or a config; `memgen diff --prometheus` for the old and the
// new version of each changed alert, and compares the series that fire.
import type { PrometheusClient } from './client.js';
import { episodesOf, summarise, type Episode, type FiringSummary } from './episodes.js';
import { seriesKey, timelines, type EvaluationRange } from './range.js';

export interface BacktestRule {
  name: string;
  group: string;
  expr: string;
  /** Seconds. */
  for: number;
  keepFiringFor: number;
  /** The group's evaluation interval, seconds. */
  interval: number;
}

export interface Window {
  /** Unix seconds. */
  end: number;
  /** Seconds of history. */
  range: number;
  /** Evaluate every `step` seconds instead of at the group's interval (coarser: cheaper, less exact). */
  step?: number;
  maxPoints?: number;
}

export interface SeriesResult extends FiringSummary {
  labels: Record<string, string>;
  episodes: Episode[];
}

export interface RuleResult extends FiringSummary {
  rule: BacktestRule;
  range: EvaluationRange;
  /** Series that fired at least once, by most firing time. */
  series: SeriesResult[];
}

/** Evaluation times aligned to multiples of the step, as a rule group's are to its interval. */
export function evaluationRange(window: Window, interval: number): EvaluationRange {
  const step = window.step ?? interval;
  const end = Math.floor(window.end / step) * step;
  return { start: end - Math.floor(window.range / step) * step, end, step };
}

export async function backtestRule(client: PrometheusClient, rule: BacktestRule, window: Window): Promise<RuleResult> {
  const range = evaluationRange(window, rule.interval);
  const lines = await timelines(client, rule.expr, range, window.maxPoints);
  const series: SeriesResult[] = [];
  for (const line of lines.values()) {
    const episodes = episodesOf(line, range, rule);
    if (episodes.length) series.push({ labels: line.labels, episodes, ...summarise(episodes) });
  }
  series.sort((a, b) => b.firingSeconds - a.firingSeconds || (seriesKey(a.labels) < seriesKey(b.labels) ? -1 : 1));
  return { rule, range, series, ...summarise(series.flatMap((s) => s.episodes)) };
}

export interface RuleComparison {
  name: string;
  group: string;
  before?: RuleResult;
  after?: RuleResult;
  /** Label sets of series that fire only in the old, or only in the new version. */
  onlyBefore: Array<Record<string, string>>;
  onlyAfter: Array<Record<string, string>>;
}

export async function compareRules(client: PrometheusClient, pairs: ReadonlyArray<{ before?: BacktestRule; after?: BacktestRule }>, window: Window): Promise<RuleComparison[]> {
  const out: RuleComparison[] = [];
  for (const { before, after } of pairs) {
    const ref = (after ?? before) as BacktestRule;
    const old = before && (await backtestRule(client, before, window));
    const now = after && (await backtestRule(client, after, window));
    const keys = (r?: RuleResult) => new Set((r?.series ?? []).map((s) => seriesKey(s.labels)));
    const [oldKeys, newKeys] = [keys(old), keys(now)];
    out.push({
      name: ref.name,
      group: ref.group,
      ...(old ? { before: old } : {}),
      ...(now ? { after: now } : {}),
      onlyBefore: old && now ? old.series.filter((s) => !newKeys.has(seriesKey(s.labels))).map((s) => s.labels) : [],
      onlyAfter: old && now ? now.series.filter((s) => !oldKeys.has(seriesKey(s.labels))).map((s) => s.labels) : [],
    });
  }
  return out;
}
