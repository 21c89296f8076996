import type { Check } from '../../types.js';
import { atExpr, judgeCallsOnMetricType } from '../helpers.js';

export const GAUGE_FUNCTIONS = ['deriv', 'delta', 'idelta', 'predict_linear'];

export const derivOnCounter: Check = {
  id: 'promql/deriv-on-counter',
  severity: 'warning',
  summary: 'deriv(), delta(), idelta() or predict_linear() applied to a metric a type source says is a counter (a guess from the name is only info).',
  docs: {
    why: 'These functions are for gauges. On a counter they ignore resets: after a restart the counter drops to zero and the result turns hugely negative. rate() and increase() handle resets. Types come from the same sources as promql/rate-on-gauge; a name ending in `_total`, `_count`, `_sum` or `_bucket` that no source knows is only a guess (gauges named `*_count` are common), so that finding is `info`.',
    bad: '- record: job:gc_collections:delta5m\n  expr: delta(process_cpu_seconds_total[5m])',
    good: '- record: job:gc_collections:increase5m\n  expr: increase(process_cpu_seconds_total[5m])',
    accepts: [
      'Gauges whose name ends in `_count` or `_total` when a type source says gauge (Envoy\'s `envoy_cluster_membership_total`, prom-client\'s `nodejs_active_handles_total`).',
    ],
  },
  expr(input, ctx) {
    return judgeCallsOnMetricType(input, ctx, GAUGE_FUNCTIONS, 'counter', (call, { name, source, guess }) => {
      const instead = call.func === 'delta' || call.func === 'idelta' ? 'increase()' : 'rate()';
      return atExpr(
        call,
        guess
          ? `${call.func}() is for gauges, and ${name} may be a counter (${source}); if it is a counter use ${instead}, which handles resets; if it is a gauge give its type with --metrics or the catalog`
          : `${call.func}() is for gauges, but ${name} is a counter (${source}) and counter resets will show as drops; use ${instead}`,
      );
    });
  },
};
