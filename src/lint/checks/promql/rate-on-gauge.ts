import type { Check } from '../../types.js';
import { atExpr, judgeCallsOnMetricType } from '../helpers.js';

const COUNTER_FUNCTIONS = ['rate', 'irate', 'increase', 'resets'];

export const rateOnGauge: Check = {
  id: 'promql/rate-on-gauge',
  severity: 'warning',
  summary: 'rate(), irate(), increase() or resets() applied to a metric a type source says is a gauge (a guess from the name is only info).',
  docs: {
    why: 'rate() assumes a counter: every drop is read as a counter reset and added back, so a gauge that goes up and down produces large, meaningless rates. The type comes from, in order: the metric catalog, `--metrics` files, a live Prometheus\'s metadata, and the shipped table of well-known exporters (node_exporter, kube-state-metrics, cAdvisor, the client libraries\' process and runtime collectors, blackbox, ingress-nginx, Envoy, SNMP, postgres_exporter). When none of them knows the metric, a name without `_total`, `_count`, `_sum` or `_bucket` only suggests a gauge: many exporters expose counters without the suffix, so that finding is `info` and says it is a guess.',
    bad: '- alert: RapidMemoryGrowth\n  expr: rate(process_resident_memory_bytes[5m]) > 87381',
    good: '- alert: RapidMemoryGrowth\n  expr: deriv(process_resident_memory_bytes[10m]) > 87381',
    accepts: [
      'Counters without `_total` that a type source knows: `rate(nginx_ingress_controller_requests[5m])` (ingress-nginx), `rate(ifInErrors[5m])` (SNMP).',
      'Metrics of type `untyped` (node_exporter\'s `node_vmstat_*`): nothing says they are gauges.',
      'Metrics recorded by recording rules: their type is whatever the rule computes.',
    ],
  },
  expr(input, ctx) {
    return judgeCallsOnMetricType(input, ctx, COUNTER_FUNCTIONS, 'gauge', (call, { name, source, guess }) =>
      atExpr(
        call,
        guess
          ? `${call.func}() is for counters, and ${name} may be a gauge (${source}, and it lacks a counter suffix); if it is a gauge use deriv() or delta(), if it is a counter give its type with --metrics or the catalog`
          : `${call.func}() is for counters, but ${name} is a gauge (${source}); use deriv() for the per-second slope of a gauge or delta() for its change over the range`,
      ),
    );
  },
};
