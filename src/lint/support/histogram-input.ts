// What feeds a histogram_quantile(): per-second rates of classic `_bucket` series (or of native
// histograms), possibly aggregated, possibly through recording rules.
import { unwrap, walk, type Expr } from '../../promql/ast.js';
import { metricName, type LintContext } from '../context.js';

/** The calls histogram checks look at. */
export const HISTOGRAM_QUANTILE = ['histogram_quantile'];

const RATE_FUNCTIONS = new Set(['rate', 'irate', 'increase']);
const MAX_RECORDING_DEPTH = 5;

export type InputVerdict = { ok: true } | { ok: false; at: Expr; message: string };

const OK: InputVerdict = { ok: true };

/** Is the expression a rate of histogram buckets (or something memgen cannot judge)? */
export function judgeQuantileInput(e: Expr, ctx: LintContext, depth = 0): InputVerdict {
  const u = unwrap(e);
  if (u.kind === 'aggregate') return u.expr ? judgeQuantileInput(u.expr, ctx, depth) : OK;
  if (u.kind === 'call' && RATE_FUNCTIONS.has(u.func)) {
    const name = u.args[0] && metricName(u.args[0]);
    if (!name || name.endsWith('_bucket')) return OK;
    const kind = ctx.metricKind(name);
    if (kind.type === 'histogram' || kind.type === 'unknown') return OK;
    if (kind.guess && !/_(total|count|sum)$/.test(name)) return OK; // may be a native histogram
    return { ok: false, at: u, message: `histogram_quantile() needs bucket rates, but ${name} is not a histogram bucket series (${kind.type}, ${kind.source}); use rate(${name.replace(/_(total|count|sum)$/, '')}_bucket[5m])` };
  }
  if (u.kind === 'call' && u.args[0] && (u.func === 'label_replace' || u.func === 'label_join')) return judgeQuantileInput(u.args[0], ctx, depth);
  if (u.kind === 'vector') {
    const name = metricName(u);
    if (!name) return OK;
    const recorded = ctx.recordedExprs(name);
    if (recorded.length > 0) {
      if (depth >= MAX_RECORDING_DEPTH) return OK;
      return recorded.some((r) => judgeQuantileInput(r, ctx, depth + 1).ok) ? OK : { ok: false, at: u, message: `histogram_quantile() needs bucket rates, but the recording rule ${name} does not record a rate of _bucket series; record sum by (le) (rate(x_bucket[5m]))` };
    }
    if (name.includes(':')) return OK;
    const base = name.replace(/_bucket$/, '');
    return { ok: false, at: u, message: `histogram_quantile() needs per-second rates of bucket counters, but gets the raw series ${name}; use rate(${base}_bucket[5m]) (aggregated with sum by (le, ...) if needed)` };
  }
  return OK;
}

/** Does the expression read classic `_bucket` series, directly or through recording rules? */
export function readsClassicBuckets(e: Expr, ctx: LintContext, depth = 0): boolean {
  let found = false;
  walk(e, (n) => {
    if (found || n.kind !== 'vector') return;
    const name = metricName(n);
    if (!name) return;
    if (name.endsWith('_bucket')) found = true;
    else if (depth < MAX_RECORDING_DEPTH) found = ctx.recordedExprs(name).some((r) => readsClassicBuckets(r, ctx, depth + 1));
  });
  return found;
}
