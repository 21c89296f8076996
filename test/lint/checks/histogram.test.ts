import { leDropped } from '../../../src/lint/checks/histogram/le-dropped.js';
import { quantileInput } from '../../../src/lint/checks/histogram/quantile-input.js';
import { quantileRange } from '../../../src/lint/checks/histogram/quantile-range.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(quantileRange, {
  valid: [{ expr: 'histogram_quantile(0.99, rate(x_bucket[5m])) > 1' }, { expr: 'histogram_quantile(1, rate(x_bucket[5m])) > 1' }],
  invalid: [
    { expr: 'histogram_quantile(95, rate(x_bucket[5m])) > 1', errors: [{ column: 20, endColumn: 22, message: /outside \[0, 1\].*write 0\.95/ }] },
    { expr: 'quantile_over_time(-0.5, x[5m]) > 1', errors: [{ column: 20, message: /-Inf/ }] },
  ],
});

ruleTester(quantileInput, {
  valid: [
    { expr: 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))) > 1' },
    { expr: 'histogram_quantile(0.9, rate(http_request_duration_seconds[5m])) > 1', name: 'a native histogram' },
    { expr: 'histogram_quantile(0.9, cluster:x_bucket:rate5m) > 1', name: 'an unknown recording rule' },
    {
      name: 'a recording rule that records bucket rates (kube-prometheus style)',
      rules: '- record: le:x_bucket:rate5m\n  expr: sum by (le) (rate(x_bucket[5m]))\n- alert: X\n  expr: histogram_quantile(0.9, le:x_bucket:rate5m) > 1',
    },
  ],
  invalid: [
    { expr: 'histogram_quantile(0.95, gc_duration_ms) > 500', errors: [{ column: 26, endColumn: 40, message: /raw series gc_duration_ms; use rate\(gc_duration_ms_bucket\[5m\]\)/ }] },
    { expr: 'histogram_quantile(0.95, sum by (le) (x_bucket)) > 1', errors: [{ column: 39, message: /raw series x_bucket/ }] },
    { expr: 'histogram_quantile(0.95, rate(x_count[5m])) > 1', errors: [{ column: 26, message: /not a histogram bucket series/ }] },
    {
      name: 'a recording rule that records something else',
      rules: '- record: job:x:avg\n  expr: avg by (job) (x)\n- alert: X\n  expr: histogram_quantile(0.9, job:x:avg) > 1',
      errors: [{ line: 4, column: 33, message: /recording rule job:x:avg/ }],
    },
  ],
});

ruleTester(leDropped, {
  valid: [
    { expr: 'histogram_quantile(0.9, sum by (job, le) (rate(x_bucket[5m]))) > 1' },
    { expr: 'histogram_quantile(0.9, sum without (instance) (rate(x_bucket[5m]))) > 1' },
    { expr: 'histogram_quantile(0.9, sum(rate(native_seconds[5m]))) > 1', name: 'native histograms have no le' },
  ],
  invalid: [
    { expr: 'histogram_quantile(0.9, sum by (job) (rate(x_bucket[5m]))) > 1', errors: [{ column: 29, endColumn: 37, message: /`le` label is aggregated away/ }] },
    { expr: 'histogram_quantile(0.9, sum(rate(x_bucket[5m]))) > 1', errors: [{ column: 25, endColumn: 28 }] },
    { expr: 'histogram_quantile(0.9, sum without (le) (rate(x_bucket[5m]))) > 1', errors: [{ column: 29 }] },
  ],
});
