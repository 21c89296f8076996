// Rules that can never fire: contradicting matchers, joins that never pair, comparisons beyond the values an
// expression can take. Cases from the monitoring mixins are marked; columns are 1-based inside the expression.
import { impossibleComparison } from '../../../src/lint/checks/promql/impossible-comparison.js';
import { joinNeverMatches } from '../../../src/lint/checks/promql/join-never-matches.js';
import { selectorNeverMatches } from '../../../src/lint/checks/selectors/never-matches.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(selectorNeverMatches, {
  valid: [
    { expr: 'rate(x_total{integration!~"webhook|email"}[5m]) > 0' },
    { expr: 'x{env="prod", env!="dev"} > 0' },
    { expr: 'x{code="500", code=~"5.."} > 0' },
    { expr: 'x{pod=""} > 0', name: 'series without the label: a valid selection' },
    { expr: 'x{a=~"a.*", a=~".*b"} > 0', name: 'regex overlap is not judged' },
    { expr: 'x{l!~".+"} > 0', name: '!~".+" keeps series without the label' },
  ],
  invalid: [
    {
      expr: 'sum(rate(alertmanager_notifications_failed_total{job="alertmanager", integration!~".*"}[5m])) > 0',
      name: "the alertmanager mixin's empty critical-integrations list",
      errors: [{ column: 70, endColumn: 87, severity: 'error', message: /integration!~"\.\*" excludes every value.*can never fire/ }],
    },
    { expr: 'x{l!~"(?s).*"} > 0', errors: [{ column: 3, severity: 'error' }] },
    { expr: 'x{env="prod", env!="prod"} > 0', errors: [{ column: 15, severity: 'error', message: /env="prod" and env!="prod" cannot both hold/ }] },
    { expr: 'x{code="200", code=~"5.."} > 0', errors: [{ column: 15, severity: 'error' }] },
    { expr: 'x{pod="", pod=~".+"} > 0', errors: [{ column: 11, severity: 'error' }] },
    { expr: 'x{env="a", env!="a"} > 0 or y > 1', name: 'inside an or branch: dead code, a warning', errors: [{ column: 12, severity: 'warning' }] },
    { expr: 'x{l!~".*"}', record: true, name: 'recording rules too', errors: [{ column: 3, severity: 'error' }] },
  ],
});

ruleTester(joinNeverMatches, {
  valid: [
    { expr: 'up{job="api"} == 0 and on () absent(http_requests_total)' },
    { expr: 'absent(up{job="api"}) and on (job) absent(x{job="api"})' },
    { expr: 'sum by (job) (x) / on (job) sum by (job) (y) > 1' },
    { expr: 'x * on (instance) group_left (node) node_uname_info > 0' },
    { expr: 'job:x:sum and absent(y)', name: 'a recording rule: its labels are not known' },
    { expr: 'sum(x) > 1 and vector(1)', name: 'sum() and vector() share the empty label set' },
    { expr: 'x or vector(0)', name: 'or is a union, never a join' },
    { expr: 'x > 1', name: 'vector against scalar' },
  ],
  invalid: [
    {
      expr: 'up{job="api"} == 0 and absent(http_requests_total)',
      errors: [{ column: 20, endColumn: 23, severity: 'error', message: /always carries 'job' and absent\(http_requests_total\) never does.*can never fire/ }],
    },
    {
      expr: 'max without (instance, job) (100 * rate(bigip_pool_connq_depth[5m])) / clamp_min(rate(bigip_pool_connq_depth[50m] offset 10m), 1) > 75',
      name: 'f5-bigip mixin: an aggregation dropped the job the other side keeps',
      errors: [{ column: 70, severity: 'error', message: /never does/ }],
    },
    { expr: 'sum(x) * on (instance) y{instance="a"} > 1', errors: [{ column: 8, severity: 'error', message: /on \(instance\)/ }] },
    { expr: 'x{env="a"} * on (env) vector(1) > 0', errors: [{ column: 12, severity: 'error' }] },
    { expr: 'x unless absent(y)', name: 'unless that removes nothing: a warning', errors: [{ column: 3, severity: 'warning', message: /removes nothing/ }] },
    { expr: '(x and absent(y)) or z', name: 'a dead branch beside a live one', errors: [{ column: 4, severity: 'warning' }] },
  ],
});

const buckets = { metrics: [{ name: 'gc_pause_seconds', type: 'histogram' as const, buckets: [0.01, 0.1, 1, Infinity] }] };

ruleTester(impossibleComparison, {
  valid: [
    { expr: 'up == 0' },
    { expr: 'up > bool 1', name: 'bool comparisons never filter' },
    { expr: 'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 1', name: 'two different metrics: not provably a part of a whole' },
    { expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05' },
    { expr: 'histogram_quantile(0.99, sum by (le) (rate(gc_pause_seconds_bucket[5m]))) > 0.5', options: buckets },
    { expr: 'histogram_quantile(0.99, sum by (le) (rate(other_seconds_bucket[5m]))) > 5', options: buckets, name: 'buckets unknown' },
    { expr: 'rate(x_total[5m]) - 1 < 0', name: 'arithmetic widens the range' },
    { expr: 'count(x) > 0' },
  ],
  invalid: [
    { expr: 'up > 1', errors: [{ column: 4, endColumn: 5, severity: 'error', message: /up is between 0 and 1.*`> 1` never holds/ }] },
    { expr: '1 < probe_success', errors: [{ column: 3, severity: 'error', message: /`> 1` never holds/ }] },
    {
      expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 5',
      name: 'a percentage threshold against a ratio',
      errors: [{ column: 86, severity: 'error', message: /part divided by its whole/ }],
    },
    { expr: 'sum(rate(a_total[5m])) / (sum(rate(a_total[5m])) + sum(rate(b_total[5m]))) * 100 > 100', errors: [{ column: 82, severity: 'error' }] },
    { expr: 'count by (job) (kafka_brokerstate) == 0', name: 'kafka mixin: count() is never 0', errors: [{ column: 36, severity: 'error', message: /at least 1/ }] },
    { expr: 'avg by (job) (rate(x_total[5m])) < 0', errors: [{ column: 34, severity: 'error', message: /never negative/ }] },
    {
      expr: 'histogram_quantile(0.99, sum by (le) (rate(gc_pause_seconds_bucket[5m]))) > 2',
      options: buckets,
      name: 'a quantile above the largest finite bucket',
      errors: [{ column: 75, severity: 'error', message: /largest finite bucket of gc_pause_seconds \(le="1"\)/ }],
    },
    { expr: 'up > 1 or x > 0', errors: [{ column: 4, severity: 'warning' }] },
  ],
});
