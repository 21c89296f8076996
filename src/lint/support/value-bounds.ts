// The range of values an expression can take, where the PromQL itself proves it: `up` is 0 or 1, rate() is
// never negative, a part over its whole is at most 1, histogram_quantile() never exceeds the largest finite
// bucket. A comparison outside that range can never hold.
import { unwrap, type Expr } from '../../promql/ast.js';
import { isComparison, isSetOp } from '../../promql/typecheck.js';
import { metricName, type LintContext } from '../context.js';

export interface Bounds {
  min: number;
  max: number;
  /** Why the bound holds, for the message (from the leaf that set it). */
  why?: string;
}

const ANY: Bounds = { min: -Infinity, max: Infinity };
const NON_NEGATIVE: Bounds = { min: 0, max: Infinity };

/** Series whose value is 0 or 1 by definition. */
const ZERO_OR_ONE: Record<string, string> = {
  up: 'up is 1 for a successful scrape and 0 otherwise',
  probe_success: 'probe_success is 1 or 0 (blackbox_exporter)',
};

const KEEPS_INPUT_RANGE = new Set(['avg_over_time', 'min_over_time', 'max_over_time', 'last_over_time', 'quantile_over_time']);
const NEVER_NEGATIVE = new Set(['rate', 'irate', 'increase', 'changes', 'resets', 'count_over_time', 'stddev_over_time', 'stdvar_over_time', 'abs', 'sqrt']);
const KEEPS_AGGREGATE_RANGE = new Set(['min', 'max', 'avg', 'quantile', 'topk', 'bottomk', 'limitk', 'limit_ratio']);

function num(e: Expr | undefined): number | undefined {
  const u = e && unwrap(e);
  if (u?.kind === 'number') return u.value;
  if (u?.kind === 'unary' && u.op === '-') {
    const v = num(u.expr);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

function hull(a: Bounds, b: Bounds): Bounds {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), why: a.why ?? b.why };
}

function arithmetic(op: string, a: Bounds, b: Bounds): Bounds {
  const r = arithmeticUnchecked(op, a, b);
  return Number.isNaN(r.min) || Number.isNaN(r.max) ? ANY : r;
}

function arithmeticUnchecked(op: string, a: Bounds, b: Bounds): Bounds {
  const why = a.why ?? b.why;
  if (op === '+') return { min: a.min + b.min, max: a.max + b.max, why };
  if (op === '-') return { min: a.min - b.max, max: a.max - b.min, why };
  if (op === '*' || (op === '/' && (b.min > 0 || b.max < 0))) {
    const r = op === '*' ? b : { min: 1 / b.max, max: 1 / b.min };
    const products = [a.min * r.min, a.min * r.max, a.max * r.min, a.max * r.max].filter((x) => !Number.isNaN(x));
    return products.length === 4 ? { min: Math.min(...products), max: Math.max(...products), why } : ANY;
  }
  return ANY;
}

/** The expression with its selectors' matchers removed: `sum(rate(x{code="5xx"}[5m]))` -> `sum(rate(x[5m]))`. */
function shape(e: Expr, text: string): string {
  const parts: string[] = [];
  let at = e.from;
  const visit = (n: Expr): void => {
    if (n.kind === 'vector') {
      parts.push(text.slice(at, n.from), metricName(n) ?? '');
      at = n.to;
      return;
    }
    for (const c of n.kind === 'binary' ? [n.lhs, n.rhs] : n.kind === 'call' || n.kind === 'aggregate' ? n.args : 'expr' in n && n.expr ? [n.expr] : []) visit(c);
  };
  visit(e);
  parts.push(text.slice(at, e.to));
  return parts.join('').replace(/\s+/g, '');
}

function selectors(e: Expr): Array<Extract<Expr, { kind: 'vector' }>> {
  const out: Array<Extract<Expr, { kind: 'vector' }>> = [];
  const visit = (n: Expr): void => {
    if (n.kind === 'vector') out.push(n);
    else for (const c of n.kind === 'binary' ? [n.lhs, n.rhs] : n.kind === 'call' || n.kind === 'aggregate' ? n.args : 'expr' in n && n.expr ? [n.expr] : []) visit(c);
  };
  visit(e);
  return out;
}

/**
 * `sum(rate(x{code=~"5.."}[5m])) / sum(rate(x[5m]))`: the same computation over a subset of the series on
 * top (every matcher below is also above) divides a part by its whole.
 */
function partOverWhole(part: Expr, whole: Expr, text: string): boolean {
  if (shape(part, text) !== shape(whole, text)) return false;
  const above = selectors(part);
  const below = selectors(whole);
  return above.length === below.length && below.every((b, i) => b.matchers.every((m) => above[i]?.matchers.some((a) => a.name === m.name && a.op === m.op && a.value === m.value)));
}

/** The terms of a sum: `a + b + c` -> [a, b, c]. */
function terms(e: Expr): Expr[] {
  const u = unwrap(e);
  return u.kind === 'binary' && u.op === '+' && !u.matching ? [...terms(u.lhs), ...terms(u.rhs)] : [u];
}

function ratio(lhs: Expr, rhs: Expr, text: string, ctx: LintContext): Bounds | undefined {
  // Cheap test first: a part and its whole read the same metrics.
  const names = (e: Expr) => selectors(e).map((s) => metricName(s) ?? '').sort().join(' ');
  const top = names(lhs);
  if (!names(rhs).includes(top)) return undefined;
  if (bounds(lhs, text, ctx).min < 0) return undefined;
  const whole = terms(rhs);
  if (!whole.every((t) => bounds(t, text, ctx).min >= 0)) return undefined;
  const fits = whole.length > 1 ? whole.some((t) => shape(t, text) === shape(lhs, text) && text.slice(t.from, t.to).replace(/\s+/g, '') === text.slice(lhs.from, lhs.to).replace(/\s+/g, '')) : partOverWhole(lhs, rhs, text);
  return fits ? { min: 0, max: 1, why: 'a part divided by its whole is at most 1' } : undefined;
}

function quantileBounds(e: Extract<Expr, { kind: 'call' }>, ctx: LintContext): Bounds {
  const buckets = e.args[1] ? selectors(e.args[1]) : [];
  const name = buckets.length === 1 ? metricName(buckets[0] as Expr) : undefined;
  const family = name?.endsWith('_bucket') ? ctx.types.get(name.slice(0, -'_bucket'.length)) : undefined;
  const finite = family?.buckets?.filter(Number.isFinite) ?? [];
  if (finite.length === 0) return ANY;
  const top = Math.max(...finite);
  return { min: Math.min(0, ...finite), max: top, why: `histogram_quantile() never exceeds the largest finite bucket of ${family?.name} (le="${top}")` };
}

// Nested comparisons and ratios ask for the same subtrees again; a tree belongs to one text and one run.
const known = new WeakMap<Expr, Bounds>();

export function bounds(e: Expr, text: string, ctx: LintContext): Bounds {
  let b = known.get(e);
  if (!b) {
    b = computeBounds(e, text, ctx);
    known.set(e, b);
  }
  return b;
}

function computeBounds(e: Expr, text: string, ctx: LintContext): Bounds {
  switch (e.kind) {
    case 'number':
      return { min: e.value, max: e.value };
    case 'paren':
    case 'modifier':
    case 'matrix':
    case 'subquery':
      return bounds(e.expr, text, ctx);
    case 'unary': {
      const b = bounds(e.expr, text, ctx);
      return e.op === '-' ? { min: -b.max, max: -b.min, why: b.why } : b;
    }
    case 'vector': {
      const name = metricName(e);
      const why = name ? ZERO_OR_ONE[name] : undefined;
      return why ? { min: 0, max: 1, why } : ANY;
    }
    case 'call': {
      if (e.func === 'absent' || e.func === 'absent_over_time') return { min: 1, max: 1, why: `${e.func}() returns 1` };
      if (e.func === 'vector') return e.args[0] ? bounds(e.args[0], text, ctx) : ANY;
      if (e.func === 'histogram_quantile') return quantileBounds(e, ctx);
      const inner = e.args[e.func === 'quantile_over_time' ? 1 : 0];
      if (!inner) return ANY;
      if (KEEPS_INPUT_RANGE.has(e.func)) return bounds(inner, text, ctx);
      if (NEVER_NEGATIVE.has(e.func)) return { ...NON_NEGATIVE, why: `${e.func}() is never negative` };
      if (e.func === 'clamp' || e.func === 'clamp_min' || e.func === 'clamp_max') {
        const b = bounds(inner, text, ctx);
        const lo = e.func === 'clamp_max' ? b.min : Math.max(b.min, num(e.args[1]) ?? -Infinity);
        const hi = e.func === 'clamp_min' ? b.max : Math.min(b.max, num(e.args[e.func === 'clamp' ? 2 : 1]) ?? Infinity);
        return { min: lo, max: hi, why: `${e.func}() bounds it` };
      }
      return ANY;
    }
    case 'aggregate': {
      const inner = e.expr ? bounds(e.expr, text, ctx) : ANY;
      if (KEEPS_AGGREGATE_RANGE.has(e.op)) return inner;
      if (e.op === 'count') return { min: 1, max: Infinity, why: 'count() is at least 1' };
      if (e.op === 'group') return { min: 1, max: 1, why: 'group() returns 1' };
      if (e.op === 'sum' && inner.min >= 0) return { min: 0, max: Infinity, why: inner.why };
      if (e.op === 'stddev' || e.op === 'stdvar') return NON_NEGATIVE;
      return ANY;
    }
    case 'binary': {
      if (isComparison(e.op)) {
        if (e.bool) return { min: 0, max: 1, why: 'a comparison with bool is 0 or 1' };
        // A filter keeps the vector side's values (the left one when both are vectors).
        return num(e.lhs) !== undefined ? bounds(e.rhs, text, ctx) : bounds(e.lhs, text, ctx);
      }
      if (e.op === 'or') return hull(bounds(e.lhs, text, ctx), bounds(e.rhs, text, ctx));
      if (isSetOp(e.op)) return bounds(e.lhs, text, ctx);
      if (e.op === '/' && !e.matching) {
        const r = ratio(e.lhs, e.rhs, text, ctx);
        if (r) return r;
      }
      return ['+', '-', '*', '/'].includes(e.op) ? arithmetic(e.op, bounds(e.lhs, text, ctx), bounds(e.rhs, text, ctx)) : ANY;
    }
    default:
      return ANY;
  }
}

/** Whether `value <op> threshold` can ever hold for values within `b`. */
export function canHold(op: string, b: Bounds, threshold: number): boolean {
  switch (op) {
    case '>':
      return b.max > threshold;
    case '>=':
      return b.max >= threshold;
    case '<':
      return b.min < threshold;
    case '<=':
      return b.min <= threshold;
    case '==':
      return b.min <= threshold && threshold <= b.max;
    case '!=':
      return !(b.min === threshold && b.max === threshold);
    default:
      return true;
  }
}

/** The comparison as seen from the non-constant side: `1 < x` is `x > 1`. */
export const MIRRORED: Record<string, string> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '==', '!=': '!=' };

export { num as numberLiteral };
