// A DiffReport as text (the terminal), markdown (a pull-request comment: a marker the CI recipe finds its own
// comment by, the summary line, a table, then details folded in <details>) or JSON.
import { formatDuration } from '../dsl/units.js';
import { isEmpty } from './compare.js';
import type { AlertChange, AlertRef, Change, DiffReport, DiffSummary, ImpactRow } from './report.js';
import { objectLine } from './objects.js';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: DiffFormat[] = ['text', 'markdown', 'json'];
export const NO_CHANGES = 'no changes';
/** The first line of every markdown diff: the CI recipe updates the one comment that holds it. */
export const DIFF_MARKER = '<!-- memgen-diff -->';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** '2 alerts changed, 1 added, 0 removed; 2 services affected (api, worker); 1 receiver changed' */
export function summaryLine(s: DiffSummary, adoption: boolean): string {
  const parts = [
    `${plural(s.alertsChanged, 'alert')} changed, ${s.alertsAdded} added, ${s.alertsRemoved} removed`,
    `${plural(s.services.length, 'service')} affected${s.services.length ? ` (${s.services.join(', ')})` : ''}`,
    `${plural(s.receiversChanged, 'receiver')} changed${s.otherRoutingChanges ? `, ${plural(s.otherRoutingChanges, 'other routing change')}` : ''}`,
    ...(s.warnings ? [plural(s.warnings, 'warning')] : []),
  ];
  return `${adoption ? 'new config (nothing at the base): ' : ''}${parts.join('; ')}`;
}

function fires(v: ImpactRow['before']): string {
  if (v === null) return 'never';
  if (v === 'baseline') return 'already at the healthy baseline';
  return v === 0 ? 'at once' : `after ${formatDuration(v)}`;
}

/** 'paged after 24m', 'never paged' */
function verdict(v: ImpactRow['before'], notice: string): string {
  if (v === null) return `never ${notice}`;
  if (v === 'baseline') return `${notice} already at the healthy baseline`;
  return `${notice} ${fires(v)}`;
}

/** When the leak reaches the memory limit; in a fleet, for which services (limits differ). */
function limitTimes(r: ImpactRow, fleet: boolean): string {
  return (r.limit ?? []).map((l) => `${formatDuration(l.after)}${fleet ? ` (${l.services.join(', ')})` : ''}`).join(', ');
}

function limitNote(r: ImpactRow, fleet: boolean): string {
  return r.limit?.length ? `; limit reached after ${limitTimes(r, fleet)}` : '';
}

/** 'at 5 MiB/min: fired after 14m, now never'; between the thresholds: 'a 7 MiB/min leak: never paged -> paged after 24m' */
export function impactLine(r: ImpactRow, notice = 'fired', fleet = false): string {
  const who = r.services ? ` (${r.services.join(', ')})` : '';
  const limit = limitNote(r, fleet);
  if (r.between) return `${r.profile}${who}: ${verdict(r.before, notice)}${r.before === r.after ? ' (unchanged)' : ` -> ${verdict(r.after, notice)}`}${limit}`;
  if (r.before === r.after) return `${r.profile}${who}: ${r.after === null ? 'never fires' : `fires ${fires(r.after)}`} (unchanged)${limit}`;
  return `${r.profile}${who}: ${r.before === null ? 'never fired' : `fired ${fires(r.before)}`}, now ${r.after === null ? 'never' : fires(r.after)}${limit}`;
}

/** 'now fires on: healthy/warmup-fast' and the like, from the shape catalog. */
export function shapeLines(a: AlertChange): string[] {
  const s = a.shapes;
  if (!s) return [];
  const lines: Array<[string, string[]]> = [
    ['now fires on healthy shapes', s.nowFiresOn],
    ['no longer fires on healthy shapes', s.noLongerFiresOn],
    ['now catches leaks before the limit', s.nowCatches],
    ['no longer catches leaks before the limit', s.noLongerCatches],
  ];
  return lines.filter(([, ids]) => ids.length > 0).map(([what, ids]) => `${what}: ${ids.join(', ')}`);
}

/** Who now gets the alert and who no longer does. */
export function routingLines(a: AlertChange): string[] {
  const r = a.routing;
  if (!r) return [];
  const gained = r.after.filter((x) => !r.before.includes(x));
  const lost = r.before.filter((x) => !r.after.includes(x));
  const out: string[] = [];
  if (gained.length || lost.length) out.push(`receivers: ${r.before.join(', ') || 'none'} -> ${r.after.join(', ') || 'none'}${gained.length ? `; now reaches ${gained.join(', ')}` : ''}${lost.length ? `; no longer reaches ${lost.join(', ')}` : ''}`);
  else if (r.before.join() !== r.after.join()) out.push(`receivers: ${r.before.join(', ')} -> ${r.after.join(', ')} (new order)`);
  if (r.silencedBefore.join('\0') !== r.silencedAfter.join('\0')) out.push(`silenced while: ${r.silencedBefore.join('; ') || 'nothing'} -> ${r.silencedAfter.join('; ') || 'nothing'}`);
  return out;
}

function changeLine(c: Change): string {
  if (c.before === undefined) return `${c.field}: added ${JSON.stringify(c.after)}`;
  if (c.after === undefined) return `${c.field}: removed (was ${JSON.stringify(c.before)})`;
  const quote = c.field.startsWith('annotations.') || c.field.startsWith('labels.') || c.field === 'expr';
  const show = (s: string) => (quote ? JSON.stringify(s) : s);
  return `${c.field}: ${show(c.before)} -> ${show(c.after)}`;
}

function routingChangeLine(c: Change): string {
  if (c.before === undefined) return `+ ${c.field}: ${c.after}`;
  if (c.after === undefined) return `- ${c.field}: ${c.before}`;
  return `~ ${c.field}: ${c.before} -> ${c.after}`;
}

function alertTitle(a: { name: string; services: string[]; renamedFrom?: string }, fleet: boolean): string {
  const where = fleet ? ` [${a.services.join(', ')}]` : '';
  return a.renamedFrom ? `${a.renamedFrom} -> ${a.name}${where} (renamed)` : `${a.name}${where}`;
}

function refLine(a: AlertRef, fleet: boolean): string {
  const facts = [a.threshold, a.severity].filter(Boolean).join(', ');
  return `${alertTitle(a, fleet)}${facts ? ` (${facts})` : ''}`;
}

/** The lines under an alert's title, the same in text and markdown. */
function alertDetails(a: AlertChange, fleet: boolean): { changes: Change[]; impact: string[]; notes: string[] } {
  return {
    changes: a.changes.filter((c) => c.field !== 'threshold'),
    impact: a.impact.map((i) => impactLine(i, a.notice, fleet)),
    notes: [...a.warnings.map((w) => `warning: ${w}`), ...routingLines(a), ...shapeLines(a), ...a.actions.map((x) => `to do: ${x}`)],
  };
}

function otherLines(r: DiffReport): string[] {
  return [
    ...r.settings.map((c) => `prometheus: ${changeLine(c)}`),
    ...r.jobs.added.map((j) => `+ scrape job ${j}`),
    ...r.jobs.removed.map((j) => `- scrape job ${j}`),
    ...r.jobs.changed.flatMap((j) => j.changes.map((c) => `~ scrape job ${j.job}: ${changeLine(c)}`)),
    ...r.panels.added.map((p) => `+ panel "${p}"`),
    ...r.panels.removed.map((p) => `- panel "${p}"`),
    ...r.panels.changed.flatMap((p) => p.changes.map((c) => `~ panel "${p.title}": ${changeLine(c)}`)),
  ];
}

export function renderText(r: DiffReport): string {
  if (isEmpty(r)) return `${NO_CHANGES}\n`;
  const f = r.fleet;
  const lines: string[] = [summaryLine(r.summary, r.adoption)];
  for (const a of r.alerts.added) lines.push(`+ ${refLine(a, f)} (new alert)`);
  for (const a of r.alerts.removed) lines.push(`- ${refLine(a, f)} (alert removed)`, `    to do: silences on alertname="${a.name}" no longer match anything; expire them`);
  for (const a of r.alerts.changed) {
    // The threshold goes on the alert's own line: 'RapidMemoryGrowth: 5 MiB/min -> 8 MiB/min'.
    const threshold = a.changes.find((c) => c.field === 'threshold');
    lines.push(`~ ${alertTitle(a, f)}${threshold ? `: ${threshold.before ?? '(none)'} -> ${threshold.after ?? '(none)'}` : ''}`);
    const d = alertDetails(a, f);
    for (const c of d.changes) lines.push(`    ${changeLine(c)}`);
    if (d.impact.length > 0) lines.push('    time to fire:', ...d.impact.map((l) => `      ${l}`));
    for (const l of d.notes) lines.push(`    ${l}`);
  }
  if (r.routing.length > 0) lines.push('alertmanager:', ...r.routing.map((c) => `  ${routingChangeLine(c)}`));
  for (const o of r.objects) lines.push(`~ ${objectLine(o)}`, ...o.actions.map((x) => `    to do: ${x}`));
  lines.push(...otherLines(r));
  return `${lines.join('\n')}\n`;
}

const cell = (s: string | undefined) => (s === undefined ? '' : s.replace(/\|/g, '\\|').replace(/\n/g, '<br>'));
const code = (s: string | undefined) => (s === undefined ? '' : `\`${s.replace(/`/g, "'")}\``);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function summaryCell(a: AlertChange): string {
  const threshold = a.changes.find((c) => c.field === 'threshold');
  const what = threshold ? `${cell(threshold.before)} → ${cell(threshold.after)}` : a.changes.map((c) => c.field).join(', ');
  const routing = a.routing ? `receivers: ${a.routing.before.join(', ') || 'none'} → ${a.routing.after.join(', ') || 'none'}` : '';
  const warn = a.warnings.length ? `⚠️ ${plural(a.warnings.length, 'warning')}` : '';
  return [what, routing, warn].filter(Boolean).join('<br>');
}

function details(summary: string, body: string[]): string[] {
  return ['', `<details><summary>${escapeHtml(summary)}</summary>`, '', ...body, '', '</details>'];
}

export function renderMarkdown(r: DiffReport): string {
  if (isEmpty(r)) return `${DIFF_MARKER}\n### memgen diff\n\n${NO_CHANGES}\n`;
  const f = r.fleet;
  const out: string[] = [DIFF_MARKER, '### memgen diff', '', `**${summaryLine(r.summary, r.adoption)}**`];
  const warnings = r.alerts.changed.flatMap((a) => a.warnings.map((w) => `${a.name}: ${w}`));
  if (warnings.length) out.push('', '> [!WARNING]', ...warnings.map((w) => `> - ${w}`));
  out.push('', '| | What | Change |', '|---|---|---|');
  for (const a of r.alerts.added) out.push(`| added | ${cell(refLine(a, f))} | |`);
  for (const a of r.alerts.removed) out.push(`| removed | ${cell(refLine(a, f))} | |`);
  for (const a of r.alerts.changed) out.push(`| ${a.renamedFrom ? 'renamed' : 'changed'} | ${cell(alertTitle(a, f))} | ${summaryCell(a)} |`);
  for (const c of r.routing) out.push(`| alertmanager | ${cell(c.field)} | ${c.before === undefined ? 'added' : cell(c.before)} → ${c.after === undefined ? 'removed' : cell(c.after)} |`);
  for (const o of r.objects) out.push(`| ${o.after ? 'renamed' : 'removed'} | ${cell(objectLine(o))} | ${cell(o.actions.join('; '))} |`);
  for (const line of otherLines(r)) out.push(`| other | | ${cell(line)} |`);

  for (const a of r.alerts.changed) {
    const d = alertDetails(a, f);
    const body: string[] = [];
    for (const c of a.changes) {
      if (c.field === 'expr') body.push(`- expr:`, '  ```promql', `  ${c.before ?? ''}`, '  ```', '  becomes', '  ```promql', `  ${c.after ?? ''}`, '  ```');
      else body.push(`- ${c.field}: ${c.before === undefined ? '(none)' : code(c.before)} → ${c.after === undefined ? '(none)' : code(c.after)}`);
    }
    if (a.impact.length > 0) {
      body.push('', '| Profile | Before | After | Limit reached after |', '|---|---|---|---|');
      for (const i of a.impact) {
        const [b, n] = i.between ? [verdict(i.before, a.notice), verdict(i.after, a.notice)] : [fires(i.before), fires(i.after)];
        const limit = limitTimes(i, f);
        body.push(`| ${cell(i.profile)}${i.services ? ` (${cell(i.services.join(', '))})` : ''} | ${b} | ${n} | ${limit || '-'} |`);
      }
    }
    if (d.notes.length > 0) body.push(...(body.length ? [''] : []), ...d.notes.map((l) => `- ${cell(l)}`));
    out.push(...details(`${alertTitle(a, f)}${a.changes.find((c) => c.field === 'threshold') ? `: ${summaryCell(a).split('<br>')[0]}` : ''}`, body));
  }
  out.push('', '<sub>Time to fire: from the start of a synthetic incident, evaluated by memgen on series sampled at the scrape interval. Receivers: resolved through the generated alertmanager.yml as Alertmanager routes.</sub>');
  return `${out.join('\n')}\n`;
}

export function renderReport(r: DiffReport, format: DiffFormat): string {
  switch (format) {
    case 'text':
      return renderText(r);
    case 'markdown':
      return renderMarkdown(r);
    case 'json':
      return `${JSON.stringify({ changes: !isEmpty(r), ...r }, null, 2)}\n`;
  }
}
