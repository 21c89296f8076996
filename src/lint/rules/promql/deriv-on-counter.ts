import type { Check } from '../../types.js';
import { atExpr, judgeCallsOnMetricType } from '../helpers.js';

export const GAUGE_FUNCTIONS = ['deriv', 'delta', 'idelta', 'predict_linear'];

export const derivOnCounter: Check = {
  id: 'promql/deriv-on-counter',
  severity: 'warning',
  summary: 'deriv(), delta(), idelta() or predict_linear() applied to a counter.',
  docs: {
    why: 'These functions are for gauges. On a counter they ignore resets: after a restart the counter drops to zero and the result turns hugely negative. rate() and increase() handle resets.',
    bad: '- record: job:gc_collections:delta5m\n  expr: delta(gc_collections_total[5m])',
    good: '- record: job:gc_collections:increase5m\n  expr: increase(gc_collections_total[5m])',
  },
  expr(input, ctx) {
    return judgeCallsOnMetricType(input, ctx, GAUGE_FUNCTIONS, 'counter', (call, { name, source }) => {
      const instead = call.func === 'delta' || call.func === 'idelta' ? 'increase()' : 'rate()';
      return atExpr(call, `${call.func}() is for gauges, but ${name} is a counter (${source}) and counter resets will show as drops; use ${instead}`);
    });
  },
};
