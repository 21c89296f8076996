import { unwrap } from '../../../promql/ast.js';
import type { Check } from '../../types.js';
import { atExpr, judgeCalls } from '../helpers.js';

const QUANTILE_FUNCTIONS = ['histogram_quantile', 'quantile_over_time'];

export const quantileRange: Check = {
  id: 'histogram/quantile-range',
  severity: 'error',
  summary: 'A quantile outside [0, 1], such as 95 for the 95th percentile.',
  docs: {
    why: 'Quantiles are fractions: the 95th percentile is 0.95. Outside [0, 1] histogram_quantile() returns +Inf or -Inf, so the alert either always or never fires.',
    bad: '- alert: GCSlowdown\n  expr: histogram_quantile(95, sum by (le) (rate(gc_duration_seconds_bucket[5m]))) > 0.5',
    good: '- alert: GCSlowdown\n  expr: histogram_quantile(0.95, sum by (le) (rate(gc_duration_seconds_bucket[5m]))) > 0.5',
  },
  expr(input) {
    return judgeCalls(input, QUANTILE_FUNCTIONS, (call) => {
      const q = call.args[0] && unwrap(call.args[0]);
      const value = q?.kind === 'number' ? q.value : q?.kind === 'unary' && unwrap(q.expr).kind === 'number' ? -1 : undefined;
      if (!q || value === undefined || (value >= 0 && value <= 1)) return undefined;
      const hint = value > 1 && value <= 100 ? `; for the ${value}th percentile write ${value / 100}` : '';
      return atExpr(q, `quantile ${input.parsed.text.slice(q.from, q.to)} is outside [0, 1], so ${call.func}() returns ${value > 1 ? '+Inf' : '-Inf'}${hint}`);
    });
  },
};
