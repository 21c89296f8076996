// Parts of an expression that can never return a series, found offline: selectors whose matchers contradict
// each other, joins whose sides cannot agree on the matching labels, comparisons outside the values the left
// side can take. Worked out once per expression and shared by the three checks that report them; a part
// that empties the whole expression means the rule can never fire (error), one inside `or` is dead code.
import { walk, type Expr, type ExprOf, type Matcher } from '../../promql/ast.js';
import { mayHaveLabel, outputLabels } from '../../promql/labels.js';
import { re2Matcher } from '../../promql/re2.js';
import { isComparison, isSetOp } from '../../promql/typecheck.js';
import type { Analysis } from '../analysis.js';
import type { LintContext } from '../context.js';
import type { Finding } from '../types.js';
import { atExpr } from '../checks/helpers.js';
import { matchesEverything } from './match-all.js';
import { requiredLabels, requiresValue } from './series-labels.js';
import { bounds, canHold, MIRRORED, numberLiteral } from './value-bounds.js';

export type DeadKind = 'matcher' | 'join' | 'comparison';

interface DeadPart {
  kind: DeadKind;
  node: Expr;
  /** The spot to underline. */
  at: { from: number; to: number };
  message: string;
}

interface Verdict {
  parts: DeadPart[];
  /** Nodes that always return nothing. */
  empty: Set<Expr>;
  root?: Expr;
}

const verdicts = new WeakMap<Analysis['parsed'], Verdict>();

function show(text: string, e: { from: number; to: number }): string {
  const s = text.slice(e.from, e.to).replace(/\s+/g, ' ');
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Why no series passes a selector's matchers, or undefined. */
function contradiction(matchers: readonly Matcher[]): { matcher: Matcher; why: string } | undefined {
  for (const m of matchers) {
    if (m.op === '!~' && matchesEverything(m.value)) return { matcher: m, why: `${m.name}!~"${m.value}" excludes every value, the empty one included` };
  }
  if (matchers.length < 2) return undefined;
  const byLabel = new Map<string, Matcher[]>();
  for (const m of matchers) {
    const list = byLabel.get(m.name);
    if (list) list.push(m);
    else byLabel.set(m.name, [m]);
  }
  for (const [label, list] of byLabel) {
    if (list.length < 2) continue;
    const equal = list.find((m) => m.op === '=');
    const refuses = equal && list.find((m) => m !== equal && !admits(m, equal.value));
    if (equal && refuses) return { matcher: refuses, why: `${label}="${equal.value}" and ${label}${refuses.op}"${refuses.value}" cannot both hold` };
    const required = list.find(requiresValue);
    const emptyOnly = list.find((m) => (m.op === '=' || m.op === '=~') && onlyEmpty(m.value));
    if (emptyOnly && required) return { matcher: emptyOnly, why: `${label}${emptyOnly.op}"${emptyOnly.value}" selects series without ${label}, but ${label}${required.op}"${required.value}" requires a value` };
  }
  return undefined;
}

function admits(m: Matcher, value: string): boolean {
  if (m.op === '=') return m.value === value;
  if (m.op === '!=') return m.value !== value;
  const re = re2Matcher(m.value);
  if (!re) return true;
  return m.op === '=~' ? re.test(value) : !re.test(value);
}

function onlyEmpty(source: string): boolean {
  return source === '' || source === '^$' || source === '()';
}

const SCALAR_CALLS = new Set(['scalar', 'time', 'pi', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']);

/** A scalar by its shape (no full type check: this runs on every binary node of every expression). */
function isScalar(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
      return true;
    case 'paren':
    case 'unary':
      return isScalar(e.expr);
    case 'call':
      return e.func === 'scalar' || e.func === 'time' || e.func === 'pi' || (SCALAR_CALLS.has(e.func) && e.args.length === 0);
    case 'binary':
      return isScalar(e.lhs) && isScalar(e.rhs);
    default:
      return false;
  }
}

/** A label one side is sure to carry and the other cannot carry, among the labels the join compares. */
function disagreement(e: ExprOf<'binary'>, ctx: LintContext): { label: string; sure: Expr; cannot: Expr } | undefined {
  const m = e.matching;
  const compared = (l: string): boolean => l !== '__name__' && (m?.on ? m.labels.includes(l) : !(m?.labels ?? []).includes(l));
  const lhsPossible = outputLabels(e.lhs);
  const rhsPossible = outputLabels(e.rhs);
  // Two sides that may each carry any label (the usual selector against selector) can always agree.
  const narrowed = (p: ReturnType<typeof outputLabels>) => !p.open || p.removed.size > 0;
  if (!narrowed(lhsPossible) && !narrowed(rhsPossible)) return undefined;
  const sides: Array<[Expr, Expr, ReturnType<typeof outputLabels>]> = [[e.lhs, e.rhs, rhsPossible], [e.rhs, e.lhs, lhsPossible]];
  for (const [sure, cannot, possible] of sides) {
    if (!narrowed(possible)) continue;
    for (const label of requiredLabels(sure, ctx)) {
      if (compared(label) && !mayHaveLabel(possible, label)) return { label, sure, cannot };
    }
  }
  return undefined;
}

function analyse(input: Analysis, ctx: LintContext): Verdict {
  const verdict: Verdict = { parts: [], empty: new Set(), root: input.parsed.ast };
  const ast = input.parsed.ast;
  if (!ast || input.typeErrors > 0) return verdict;
  const text = input.parsed.text;
  walk(ast, (n) => {
    if (n.kind === 'vector') {
      const c = contradiction(n.matchers);
      if (c) verdict.parts.push({ kind: 'matcher', node: n, at: c.matcher, message: `${show(text, n)} matches no series: ${c.why}` });
    } else if (n.kind === 'binary' && n.op !== 'or' && !isScalar(n.lhs) && !isScalar(n.rhs)) {
      const d = disagreement(n, ctx);
      if (d) {
        const how = n.matching?.on ? `the labels in on (${n.matching.labels.join(', ')})` : 'all their labels';
        verdict.parts.push({
          kind: 'join',
          node: n,
          at: n.opSpan,
          message: `\`${n.op}\` matches series on ${how}, but ${show(text, d.sure)} always carries '${d.label}' and ${show(text, d.cannot)} never does, so the two sides never match${n.op === 'unless' ? ' and `unless` removes nothing' : ''}; match on labels both sides keep (on () for absent() or vector())`,
        });
      }
    } else if (n.kind === 'binary' && isComparison(n.op) && !n.bool) {
      const rightConst = numberLiteral(n.rhs);
      const leftConst = numberLiteral(n.lhs);
      const [side, op, threshold] = rightConst !== undefined ? [n.lhs, n.op, rightConst] : leftConst !== undefined ? [n.rhs, MIRRORED[n.op] ?? n.op, leftConst] : [undefined, n.op, 0];
      if (!side || isScalar(side)) return;
      const b = bounds(side, text, ctx);
      if (!canHold(op, b, threshold)) {
        const range = b.min === b.max ? `always ${b.min}` : `between ${b.min} and ${b.max}`;
        verdict.parts.push({ kind: 'comparison', node: n, at: n.opSpan, message: `${show(text, side)} is ${range} (${b.why ?? 'from its definition'}), so \`${op} ${threshold}\` never holds` });
      }
    }
  });
  for (const p of verdict.parts) if (p.kind !== 'join' || (p.node as ExprOf<'binary'>).op !== 'unless') verdict.empty.add(p.node);
  return verdict;
}

/** Does the expression always return nothing, given the parts known to be empty? */
function alwaysEmpty(e: Expr, empty: ReadonlySet<Expr>): boolean {
  if (empty.has(e)) return true;
  switch (e.kind) {
    case 'paren':
    case 'modifier':
    case 'matrix':
    case 'subquery':
    case 'unary':
      return alwaysEmpty(e.expr, empty);
    case 'aggregate':
      return e.expr !== undefined && alwaysEmpty(e.expr, empty);
    case 'call': {
      if (['absent', 'absent_over_time', 'vector', 'scalar', 'time', 'pi'].includes(e.func)) return false;
      const arg = e.func === 'histogram_quantile' || e.func === 'quantile_over_time' ? e.args[1] : e.args[0];
      return arg !== undefined && !isScalar(arg) && alwaysEmpty(arg, empty);
    }
    case 'binary':
      if (e.op === 'or') return alwaysEmpty(e.lhs, empty) && alwaysEmpty(e.rhs, empty);
      if (e.op === 'unless') return alwaysEmpty(e.lhs, empty);
      return (!isScalar(e.lhs) && alwaysEmpty(e.lhs, empty)) || (!isScalar(e.rhs) && alwaysEmpty(e.rhs, empty)) || (isSetOp(e.op) && alwaysEmpty(e.lhs, empty));
    default:
      return false;
  }
}

/** The findings of one kind: an error when the part leaves the whole expression empty, else a warning. */
export function neverFiresFindings(input: Analysis, ctx: LintContext, kind: DeadKind): Finding[] {
  let verdict = verdicts.get(input.parsed);
  if (!verdict) {
    verdict = analyse(input, ctx);
    verdicts.set(input.parsed, verdict);
  }
  const wholeEmpty = verdict.root !== undefined && verdict.parts.length > 0 && alwaysEmpty(verdict.root, verdict.empty);
  return verdict.parts
    .filter((p) => p.kind === kind)
    .map((p) => {
      const unlessOnly = p.kind === 'join' && (p.node as ExprOf<'binary'>).op === 'unless';
      const f = atExpr(p.at, wholeEmpty && !unlessOnly ? `${p.message}: the expression never returns anything, so the rule can never fire` : p.message);
      return wholeEmpty && !unlessOnly ? f : { ...f, maxSeverity: 'warning' as const };
    });
}

