// Backtest results as text (the terminal), markdown (a pull-request comment: one table row per alert, then
// the series that fire in only one version) or JSON (seconds and ISO times, for scripts).
import { formatDuration } from '../dsl/units.js';
import type { RuleComparison, RuleResult, SeriesResult } from './backtest.js';
import type { FiringSummary } from './episodes.js';

export type HistoryFormat = 'text' | 'markdown' | 'json';

const when = (t: number | undefined) => (t === undefined ? '-' : new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' '));
const span = (s: number) => formatDuration(s);
const iso = (t: number | undefined) => (t === undefined ? null : new Date(t * 1000).toISOString());
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function labelSet(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;
}

/** 'from 2026-11-01 00:00 to 2026-11-03 00:00 UTC, every 1m' */
export function rangeLine(r: RuleResult['range']): string {
  return `from ${when(r.start)} to ${when(r.end)} UTC, every ${span(r.step)}`;
}

function summaryText(s: FiringSummary): string {
  if (s.fires === 0) return 'never fired';
  return `fired ${s.fires}x, ${span(s.firingSeconds)} firing, longest ${span(s.longestSeconds)}, first ${when(s.firstStart)}, last ${when(s.lastStart)}`;
}

function summaryJson(s: FiringSummary): Record<string, unknown> {
  return { fires: s.fires, firingSeconds: s.firingSeconds, longestSeconds: s.longestSeconds, firstStart: iso(s.firstStart), lastStart: iso(s.lastStart) };
}

function seriesJson(s: SeriesResult): Record<string, unknown> {
  return { labels: s.labels, ...summaryJson(s), episodes: s.episodes.map((e) => ({ start: iso(e.start), end: iso(e.end), ongoing: e.ongoing })) };
}

function resultJson(r: RuleResult): Record<string, unknown> {
  return {
    alert: r.rule.name, group: r.rule.group, expr: r.rule.expr, for: r.rule.for, keepFiringFor: r.rule.keepFiringFor,
    range: { start: iso(r.range.start), end: iso(r.range.end), stepSeconds: r.range.step },
    ...summaryJson(r), series: r.series.map(seriesJson),
  };
}

const SERIES_SHOWN = 10;

export function renderBacktest(results: readonly RuleResult[], format: HistoryFormat, server: string): string {
  if (format === 'json') return `${JSON.stringify({ prometheus: server, alerts: results.map(resultJson) }, null, 2)}\n`;
  const range = results[0]?.range;
  const head = `backtest on ${server}${range ? `, ${rangeLine(range)}` : ''}`;
  if (format === 'text') {
    const lines = [head];
    for (const r of results) {
      lines.push(`${r.rule.name} [${r.rule.group}]: ${summaryText(r)}`);
      for (const s of r.series.slice(0, SERIES_SHOWN)) lines.push(`    ${labelSet(s.labels)}: ${summaryText(s)}`);
      if (r.series.length > SERIES_SHOWN) lines.push(`    ... and ${r.series.length - SERIES_SHOWN} more series`);
    }
    return `${lines.join('\n')}\n`;
  }
  const out = [`### memgen backtest`, '', `On ${server}, ${range ? rangeLine(range) : ''}.`, '', '| Alert | Fired | Series | Firing time | Longest | First start | Last start |', '|---|---|---|---|---|---|---|'];
  for (const r of results) out.push(`| ${cell(r.rule.name)} | ${r.fires} | ${r.series.length} | ${span(r.firingSeconds)} | ${span(r.longestSeconds)} | ${when(r.firstStart)} | ${when(r.lastStart)} |`);
  return `${out.join('\n')}\n`;
}

function change(before: number | undefined, after: number | undefined, show: (n: number) => string, arrow = '→'): string {
  if (before === undefined) return after === undefined ? '-' : `new: ${show(after)}`;
  if (after === undefined) return `${show(before)} ${arrow} removed`;
  return before === after ? `${show(after)} (same)` : `${show(before)} ${arrow} ${show(after)}`;
}

function comparisonJson(c: RuleComparison): Record<string, unknown> {
  return {
    alert: c.name, group: c.group,
    before: c.before ? resultJson(c.before) : null, after: c.after ? resultJson(c.after) : null,
    onlyBefore: c.onlyBefore, onlyAfter: c.onlyAfter,
  };
}

/** The history part of `memgen diff --prometheus`, as its own section after the diff. */
export function renderComparison(comparisons: readonly RuleComparison[], format: HistoryFormat, server: string): string {
  const range = comparisons.map((c) => (c.after ?? c.before)?.range).find(Boolean);
  if (format === 'json') return JSON.stringify({ prometheus: server, alerts: comparisons.map(comparisonJson) }, null, 2);
  const head = `on ${server}${range ? `, ${rangeLine(range)}` : ''}`;
  if (comparisons.length === 0) return format === 'text' ? `\nhistory ${head}: no alert changed its expression, threshold or for\n` : `\n#### History\n\nNo alert changed its expression, threshold or \`for\`.\n`;
  if (format === 'text') {
    const lines = ['', `history ${head}:`];
    for (const c of comparisons) {
      const [b, a] = [c.before, c.after];
      // The terminal diff's arrows are ASCII; the markdown's are not.
      lines.push(`  ${c.name} [${c.group}]: fired ${change(b?.fires, a?.fires, String, '->')}, firing ${change(b?.firingSeconds, a?.firingSeconds, span, '->')}, longest ${change(b?.longestSeconds, a?.longestSeconds, span, '->')}`);
      if (a?.fires) lines.push(`      now first ${when(a.firstStart)}, last ${when(a.lastStart)}`);
      for (const l of c.onlyBefore) lines.push(`      no longer fires for ${labelSet(l)}`);
      for (const l of c.onlyAfter) lines.push(`      now also fires for ${labelSet(l)}`);
    }
    return `${lines.join('\n')}\n`;
  }
  const out = ['', '#### History', '', `Replayed ${head}.`, '', '| Alert | Fired | Firing time | Longest | Series only before | Series only after |', '|---|---|---|---|---|---|'];
  for (const c of comparisons) {
    const [b, a] = [c.before, c.after];
    const list = (ls: Array<Record<string, string>>) => (ls.length ? ls.slice(0, 3).map((l) => `\`${labelSet(l)}\``).join('<br>') + (ls.length > 3 ? `<br>+${ls.length - 3} more` : '') : '-');
    out.push(`| ${cell(c.name)} | ${change(b?.fires, a?.fires, String)} | ${change(b?.firingSeconds, a?.firingSeconds, span)} | ${change(b?.longestSeconds, a?.longestSeconds, span)} | ${cell(list(c.onlyBefore))} | ${cell(list(c.onlyAfter))} |`);
  }
  return `${out.join('\n')}\n`;
}
