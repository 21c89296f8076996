import type { Check } from '../../types.js';
import { atExpr, judgeCallsOnMetricType } from '../helpers.js';

const COUNTER_FUNCTIONS = ['rate', 'irate', 'increase', 'resets'];

export const rateOnGauge: Check = {
  id: 'promql/rate-on-gauge',
  severity: 'warning',
  summary: 'rate(), irate(), increase() or resets() applied to a metric that is not a counter.',
  docs: {
    why: 'rate() assumes a counter: every drop is read as a counter reset and added back, so a gauge that goes up and down produces large, meaningless rates. The type comes from the metric catalog, from the `# TYPE` lines of `--metrics`, or else from naming conventions (counters end in `_total`, `_count`, `_sum` or `_bucket`).',
    bad: '- alert: RapidMemoryGrowth\n  expr: rate(process_rss_bytes[5m]) > 87381',
    good: '- alert: RapidMemoryGrowth\n  expr: deriv(process_rss_bytes[10m]) > 87381',
  },
  expr(input, ctx) {
    return judgeCallsOnMetricType(input, ctx, COUNTER_FUNCTIONS, 'gauge', (call, { name, source }) =>
      atExpr(call, `${call.func}() is for counters, but ${name} is a gauge (${source}); use deriv() for the per-second slope of a gauge or delta() for its change over the range`),
    );
  },
};
