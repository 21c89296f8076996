import { unwrap, type Expr } from '../../../promql/ast.js';
import { isComparison } from '../../../promql/typecheck.js';
import type { Check } from '../../types.js';
import { atExpr } from '../helpers.js';

const CONDITION_FUNCTIONS = new Set(['absent', 'absent_over_time']);

/** Can the expression return nothing (so the alert is quiet)? Filters are comparisons without `bool`. */
function hasCondition(e: Expr): boolean {
  const u = unwrap(e);
  switch (u.kind) {
    case 'binary':
      if (isComparison(u.op)) return !u.bool || hasCondition(u.lhs) || hasCondition(u.rhs);
      if (u.op === 'or') return hasCondition(u.lhs) && hasCondition(u.rhs);
      if (u.op === 'unless') return true;
      return hasCondition(u.lhs) || hasCondition(u.rhs);
    case 'aggregate':
      return u.expr ? hasCondition(u.expr) : false;
    case 'call':
      return CONDITION_FUNCTIONS.has(u.func) || u.args.some(hasCondition);
    case 'unary':
    case 'matrix':
    case 'subquery':
      return hasCondition(u.expr);
    case 'unknown':
      return true;
    default:
      return false;
  }
}

function findBool(e: Expr): Expr | undefined {
  const u = unwrap(e);
  if (u.kind === 'binary' && u.bool) return u;
  if (u.kind === 'binary') return findBool(u.lhs) ?? findBool(u.rhs);
  if (u.kind === 'aggregate' && u.expr) return findBool(u.expr);
  return undefined;
}

/** `vector(1)`: the deliberate always-firing alert (Watchdog, dead man's switch). */
function isDeliberate(e: Expr): boolean {
  const u = unwrap(e);
  return u.kind === 'call' && u.func === 'vector' && u.args.every((a) => unwrap(a).kind === 'number');
}

export const noCondition: Check = {
  id: 'alerts/no-condition',
  severity: 'warning',
  alertsOnly: true,
  summary: 'An alert expression with no condition, or whose comparison uses `bool`: it fires whenever the series exist.',
  docs: {
    why: 'An alert fires for every series its expression returns. Without a filtering comparison (`> 5`), or with `> bool 5` (which returns 0 or 1 instead of filtering), the alert fires for as long as the metric exists. `vector(1)` (a Watchdog) is accepted as deliberate.',
    bad: '- alert: GCCollections\n  expr: rate(gc_collections_total[5m])',
    good: '- alert: GCCollections\n  expr: rate(gc_collections_total[5m]) > 10',
  },
  expr(input) {
    const ast = input.parsed.ast;
    if (!ast || input.typeErrors > 0 || hasCondition(ast) || isDeliberate(ast)) return [];
    const b = findBool(ast);
    if (b?.kind === 'binary') return [atExpr(b.opSpan, 'the comparison uses `bool`, so it returns 0 or 1 for every series and the alert always fires; drop `bool` to filter')];
    return [atExpr(ast, 'the alert has no condition (no comparison such as `> 5`), so it fires for every series the expression returns; add a threshold')];
  },
};
