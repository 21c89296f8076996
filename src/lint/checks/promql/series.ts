// promql/series (online): the series a selector asks for exist on the server. A misspelt metric name or label
// value passes every offline check and leaves the alert silently dead.
import { closest, formatDuration } from '../../../dsl/units.js';
import { walk, type ExprOf } from '../../../promql/ast.js';
import type { LiveFacts } from '../../live/facts.js';
import type { Check, Finding } from '../../types.js';
import { atExpr } from '../helpers.js';

const SHOWN_VALUES = 5;

function regexMatches(pattern: string, value: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${pattern})$`, 'su').test(value);
  } catch {
    return undefined; // selectors/invalid-regex reports it
  }
}

function listValues(values: ReadonlySet<string>): string {
  const shown = [...values].filter((v) => v !== '').sort();
  return `${shown.slice(0, SHOWN_VALUES).map((v) => JSON.stringify(v)).join(', ')}${shown.length > SHOWN_VALUES ? `, ... (${shown.length} values)` : ''}`;
}

function metricFinding(sel: ExprOf<'vector'>, name: string, facts: LiveFacts): Finding | undefined {
  const presence = facts.metrics.get(name);
  const span = sel.nameSpan ?? sel;
  if (!presence || presence.state === 'present') return undefined;
  if (presence.state === 'never') {
    const guess = closest(name, facts.names);
    return atExpr(span, `${name} has never existed on ${facts.server} (no series in its whole retention)${guess ? `; did you mean ${guess}?` : ''}`);
  }
  const when = presence.lastSeen === undefined
    ? `not in the last ${formatDuration(facts.lookback)}`
    : `about ${formatDuration(Math.max(3600, Math.round((facts.now - presence.lastSeen) / 3600) * 3600))} ago (${new Date(presence.lastSeen * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  return atExpr(span, `${name} disappeared from ${facts.server}: its last series was seen ${when}; was the metric renamed or its exporter removed?`);
}

function labelFindings(sel: ExprOf<'vector'>, name: string, facts: LiveFacts): Finding[] {
  const byLabel = facts.labelValues.get(name);
  if (!byLabel) return [];
  const out: Finding[] = [];
  for (const m of sel.matchers) {
    if (m.name === '__name__' || (m.op !== '=' && m.op !== '=~') || m.value === '') continue;
    const values = byLabel.get(m.name);
    if (!values) continue;
    const span = { from: m.from, to: m.to };
    if ([...values].every((v) => v === '')) {
      out.push(atExpr(span, `no series of ${name} on ${facts.server} has the label ${m.name}, so this selector matches nothing`));
      continue;
    }
    const matched = m.op === '=' ? values.has(m.value) : [...values].some((v) => v !== '' && regexMatches(m.value, v) !== false);
    if (matched) continue;
    const guess = m.op === '=' ? closest(m.value, [...values].filter(Boolean)) : undefined;
    out.push(atExpr(span, `no series of ${name} on ${facts.server} has ${m.name}${m.op}${JSON.stringify(m.value)}; ${m.name} takes ${listValues(values)}${guess ? ` (did you mean ${JSON.stringify(guess)}?)` : ''}`));
  }
  return out;
}

export const PROMQL_SERIES_META = {
  id: 'promql/series',
  severity: 'error',
  summary: 'With --prometheus: a selector names a metric that does not exist on the server (never, or not any more), or a label or label value no series of it has.',
  docs: {
    why: 'Runs only with `memgen lint --prometheus URL`. A typo in a metric name or a label value passes every offline check: the expression is valid, it just selects nothing, so the alert never fires. The server knows which metrics it has seen in its whole retention, so the check tells a name that never existed (a typo: it suggests the closest name) from one that disappeared (a renamed metric or a removed exporter: it says when it was last seen). For metrics that exist, `=` and `=~` matchers are checked against the label values the series carry in the last hour. Metrics that a recording rule of the linted files produces are skipped: they may not exist yet.',
    bad: '- alert: MemoryHigh\n  expr: process_resident_memory_bytez{job="shop"} > 900e6',
    good: '- alert: MemoryHigh\n  expr: process_resident_memory_bytes{job="shop"} > 900e6',
  },
} as const satisfies Omit<Check, 'expr'>;

export function promqlSeries(facts: LiveFacts): Check {
  return {
    ...PROMQL_SERIES_META,
    expr(input, ctx) {
      const ast = input.parsed.ast;
      if (!ast) return [];
      const out: Finding[] = [];
      walk(ast, (e) => {
        if (e.kind !== 'vector') return;
        const name = e.name ?? e.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
        if (!name || ctx.records.has(name)) return;
        const missing = metricFinding(e, name, facts);
        out.push(...(missing ? [missing] : labelFindings(e, name, facts)));
      });
      return out;
    },
  };
}
