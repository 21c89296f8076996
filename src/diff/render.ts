// A DiffReport as text (the terminal), markdown (a pull-request comment: a summary table, then details) or JSON.
import { formatDuration } from '../dsl/units.js';
import { isEmpty, type AlertChange, type AlertRef, type Change, type DiffReport, type ImpactRow } from './compare.js';

export type DiffFormat = 'text' | 'markdown' | 'json';
export const DIFF_FORMATS: DiffFormat[] = ['text', 'markdown', 'json'];
export const NO_CHANGES = 'no changes';

function fires(v: ImpactRow['before']): string {
  if (v === null) return 'never';
  if (v === 'baseline') return 'already at the healthy baseline';
  return v === 0 ? 'at once' : `after ${formatDuration(v)}`;
}

/** 'at 5 MiB/min: fired after 14m, now never' */
export function impactLine(r: ImpactRow): string {
  if (r.before === r.after) return `${r.profile}: ${r.after === null ? 'never fires' : `fires ${fires(r.after)}`} (unchanged)`;
  return `${r.profile}: ${r.before === null ? 'never fired' : `fired ${fires(r.before)}`}, now ${r.after === null ? 'never' : fires(r.after)}`;
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

function changeLine(c: Change): string {
  if (c.before === undefined) return `${c.field}: added ${JSON.stringify(c.after)}`;
  if (c.after === undefined) return `${c.field}: removed (was ${JSON.stringify(c.before)})`;
  const quote = c.field.startsWith('annotations.') || c.field.startsWith('labels.') || c.field === 'expr';
  const show = (s: string) => (quote ? JSON.stringify(s) : s);
  return `${c.field}: ${show(c.before)} -> ${show(c.after)}`;
}

function alertTitle(a: { name: string; group: string; renamedFrom?: string }, withGroup: boolean): string {
  const where = withGroup ? ` [${a.group}]` : '';
  return a.renamedFrom ? `${a.renamedFrom} -> ${a.name}${where} (renamed)` : `${a.name}${where}`;
}

function refLine(a: AlertRef, withGroup: boolean): string {
  const facts = [a.threshold, a.severity].filter(Boolean).join(', ');
  return `${alertTitle(a, withGroup)}${facts ? ` (${facts})` : ''}`;
}

/** Group names are shown only when the same alert exists in several groups (one per service). */
function needsGroups(r: DiffReport): boolean {
  const all = [...r.alerts.added, ...r.alerts.removed, ...r.alerts.changed];
  return new Set(all.map((a) => a.group)).size > 1;
}

export function renderText(r: DiffReport): string {
  if (isEmpty(r)) return `${NO_CHANGES}\n`;
  const g = needsGroups(r);
  const lines: string[] = [];
  for (const c of r.settings) lines.push(`prometheus: ${changeLine(c)}`);
  for (const a of r.alerts.added) lines.push(`+ ${refLine(a, g)} (new alert)`);
  for (const a of r.alerts.removed) lines.push(`- ${refLine(a, g)} (alert removed)`);
  for (const a of r.alerts.changed) {
    // The threshold goes on the alert's own line: 'RapidMemoryGrowth: 5 MiB/min -> 8 MiB/min'.
    const threshold = a.changes.find((c) => c.field === 'threshold');
    lines.push(`~ ${alertTitle(a, g)}${threshold ? `: ${threshold.before ?? '(none)'} -> ${threshold.after ?? '(none)'}` : ''}`);
    for (const c of a.changes) if (c !== threshold) lines.push(`    ${changeLine(c)}`);
    if (a.impact.length > 0) {
      lines.push('    time to fire:');
      for (const i of a.impact) lines.push(`      ${impactLine(i)}`);
    }
    for (const l of shapeLines(a)) lines.push(`    ${l}`);
  }
  for (const j of r.jobs.added) lines.push(`+ scrape job ${j}`);
  for (const j of r.jobs.removed) lines.push(`- scrape job ${j}`);
  for (const j of r.jobs.changed) for (const c of j.changes) lines.push(`~ scrape job ${j.job}: ${changeLine(c)}`);
  for (const p of r.panels.added) lines.push(`+ panel "${p}"`);
  for (const p of r.panels.removed) lines.push(`- panel "${p}"`);
  for (const p of r.panels.changed) for (const c of p.changes) lines.push(`~ panel "${p.title}": ${changeLine(c)}`);
  return `${lines.join('\n')}\n`;
}

const cell = (s: string | undefined) => (s === undefined ? '' : s.replace(/\|/g, '\\|').replace(/\n/g, '<br>'));
const code = (s: string | undefined) => (s === undefined ? '' : `\`${s.replace(/`/g, "'")}\``);

function summaryCell(a: AlertChange): string {
  const threshold = a.changes.find((c) => c.field === 'threshold');
  if (threshold) return `${cell(threshold.before)} → ${cell(threshold.after)}`;
  return a.changes.map((c) => c.field).join(', ');
}

export function renderMarkdown(r: DiffReport): string {
  if (isEmpty(r)) return `### memgen diff\n\n${NO_CHANGES}\n`;
  const g = needsGroups(r);
  const out: string[] = ['### memgen diff', '', '| | Alert | Change |', '|---|---|---|'];
  for (const a of r.alerts.added) out.push(`| added | ${cell(refLine(a, g))} | |`);
  for (const a of r.alerts.removed) out.push(`| removed | ${cell(refLine(a, g))} | |`);
  for (const a of r.alerts.changed) out.push(`| ${a.renamedFrom ? 'renamed' : 'changed'} | ${cell(alertTitle(a, g))} | ${summaryCell(a)} |`);
  const other = [...r.settings.map((c) => `prometheus: ${changeLine(c)}`)];
  other.push(...r.jobs.added.map((j) => `scrape job ${j} added`), ...r.jobs.removed.map((j) => `scrape job ${j} removed`));
  for (const j of r.jobs.changed) other.push(...j.changes.map((c) => `scrape job ${j.job}: ${changeLine(c)}`));
  other.push(...r.panels.added.map((p) => `panel "${p}" added`), ...r.panels.removed.map((p) => `panel "${p}" removed`));
  for (const p of r.panels.changed) other.push(...p.changes.map((c) => `panel "${p.title}": ${changeLine(c)}`));
  for (const line of other) out.push(`| other | | ${cell(line)} |`);

  for (const a of r.alerts.changed) {
    out.push('', `#### ${alertTitle(a, g)}`, '');
    for (const c of a.changes) {
      if (c.field === 'expr') out.push(`- expr:`, '  ```promql', `  ${c.before ?? ''}`, '  ```', '  becomes', '  ```promql', `  ${c.after ?? ''}`, '  ```');
      else out.push(`- ${c.field}: ${c.before === undefined ? '(none)' : code(c.before)} → ${c.after === undefined ? '(none)' : code(c.after)}`);
    }
    if (a.impact.length > 0) {
      out.push('', '| Profile | Fired | Now fires |', '|---|---|---|');
      for (const i of a.impact) out.push(`| ${cell(i.profile)} | ${fires(i.before)} | ${fires(i.after)} |`);
    }
    const shapes = shapeLines(a);
    if (shapes.length > 0) out.push('', ...shapes.map((l) => `- ${cell(l)}`));
  }
  out.push('', '<sub>Time to fire: from the start of a synthetic incident, evaluated by memgen on series sampled at the scrape interval.</sub>');
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
