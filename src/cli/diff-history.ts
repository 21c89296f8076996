// `memgen diff --prometheus`: the diff, followed by the history of every added alert and every alert whose
// expression, threshold or `for` changed, old and new version replayed on the same range of the server.
import type { DiffReport } from '../diff/report.js';
import { renderReport, type DiffFormat } from '../diff/render.js';
import type { AlertSnapshot, BuildSnapshot } from '../diff/snapshot.js';
import { compareRules, type BacktestRule } from '../live/backtest.js';
import type { PrometheusClient } from '../live/client.js';
import { renderComparison } from '../live/render.js';
import { windowFrom, type WindowOptions } from './prometheus-options.js';

const BEHAVIOUR = ['threshold', 'for', 'expr'];

function rule(a: AlertSnapshot): BacktestRule {
  return { name: a.name, group: a.group, expr: a.expr, for: a.for, keepFiringFor: 0, interval: a.impact.evaluationInterval };
}

export function changedPairs(report: DiffReport, before: BuildSnapshot, after: BuildSnapshot): Array<{ before?: BacktestRule; after?: BacktestRule }> {
  const find = (s: BuildSnapshot, group: string, name: string) => s.alerts.find((a) => a.group === group && a.name === name);
  const pairs: Array<{ before?: BacktestRule; after?: BacktestRule }> = [];
  for (const c of report.alerts.changed) {
    if (!c.changes.some((x) => BEHAVIOUR.includes(x.field))) continue;
    for (const group of c.groups) {
      const [old, now] = [find(before, group, c.renamedFrom ?? c.name), find(after, group, c.name)];
      if (old && now) pairs.push({ before: rule(old), after: rule(now) });
    }
  }
  for (const a of report.alerts.added) {
    for (const group of a.groups) {
      const now = find(after, group, a.name);
      if (now) pairs.push({ after: rule(now) });
    }
  }
  return pairs;
}

export async function historyOfChanges(report: DiffReport, before: BuildSnapshot, after: BuildSnapshot, client: PrometheusClient, window: WindowOptions, format: DiffFormat): Promise<string> {
  const comparisons = await compareRules(client, changedPairs(report, before, after), windowFrom(window));
  const history = renderComparison(comparisons, format, client.display);
  if (format !== 'json') return `${renderReport(report, format)}${history}`;
  const diff = JSON.parse(renderReport(report, format)) as Record<string, unknown>;
  return `${JSON.stringify({ ...diff, history: JSON.parse(history) }, null, 2)}\n`;
}
