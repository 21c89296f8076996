import { unwrap, type Expr } from '../../../promql/ast.js';
import { AGGREGATIONS } from '../../../promql/functions.js';
import { metricName } from '../../context.js';
import type { Check } from '../../types.js';
import { atExpr, judgeCalls } from '../helpers.js';

const RATE_FUNCTIONS = ['rate', 'irate', 'increase'];

function isAggregation(e: Expr): boolean {
  const u = unwrap(e);
  return u.kind === 'aggregate' && !AGGREGATIONS[u.op]?.selects;
}

export const rateOfAggregation: Check = {
  id: 'promql/rate-of-aggregation',
  severity: 'warning',
  summary: 'rate() or increase() of an aggregation, directly (subquery) or through a recording rule.',
  docs: {
    why: 'When one of the summed counters resets, the sum drops, and rate() reads the drop as a reset of the sum: the result jumps. Take the rate of each counter first, then aggregate: sum(rate(x[5m])), never rate(sum(x)[5m:]).',
    bad: '- record: job:gc_collections:rate5m\n  expr: rate(sum by (job) (gc_collections_total)[5m:])',
    good: '- record: job:gc_collections:rate5m\n  expr: sum by (job) (rate(gc_collections_total[5m]))',
  },
  expr(input, ctx) {
    return judgeCalls(input, RATE_FUNCTIONS, (call) => {
      const arg = call.args[0] && unwrap(call.args[0]);
      if (arg?.kind === 'subquery' && isAggregation(arg.expr)) {
        return atExpr(call, `${call.func}() of an aggregation: counter resets inside the aggregate look like resets of the whole; aggregate the ${call.func}() instead, e.g. sum(${call.func}(x[5m]))`);
      }
      const name = arg && metricName(arg);
      if (name && ctx.recordedExprs(name).some(isAggregation)) {
        return atExpr(call, `${call.func}() of ${name}, a recording rule that aggregates: counter resets inside the aggregate look like resets of the whole; record the ${call.func}() before aggregating`);
      }
      return undefined;
    });
  },
};
