import { promqlSyntax } from '../../../src/lint/checks/promql/syntax.js';
import { promqlTypes } from '../../../src/lint/checks/promql/types.js';
import { ruleResult } from '../../../src/lint/checks/promql/rule-result.js';
import { rateOnGauge } from '../../../src/lint/checks/promql/rate-on-gauge.js';
import { derivOnCounter } from '../../../src/lint/checks/promql/deriv-on-counter.js';
import { rangeTooShort } from '../../../src/lint/checks/promql/range-too-short.js';
import { rateOfAggregation } from '../../../src/lint/checks/promql/rate-of-aggregation.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(promqlSyntax, {
  valid: [{ expr: 'rate(http_requests_total{code="500"}[5m]) > 1' }, { expr: 'a - b offset 1h' }, { expr: 'max_over_time((a - b)[1h:5m])' }],
  invalid: [
    { expr: 'rate(x_bucket[5m]{le="+Inf"}) > 1', errors: [{ column: 18, message: /unexpected "\{"/ }] },
    { expr: 'sum(rate(x[5m])', errors: [{ column: 16, message: /end of input/ }] },
  ],
});

ruleTester(promqlTypes, {
  valid: [
    { expr: 'sum by (job) (rate(x_total[5m])) > 1' },
    { expr: 'label_replace(up, "host", "$1", "instance", "(.*):.*") == 0' },
    { expr: 'round(x, 10) > 1' },
    { expr: 'a - b offset 1h > 0', name: 'offset binds to b as in Prometheus' },
    { expr: 'rate(x_total[5m] offset 1h) > 0' },
    { expr: 'topk(3, x) > 0' },
    { expr: 'x > bool 1' },
  ],
  invalid: [
    { expr: 'avg(x[5m])', errors: [{ column: 5, message: /expected type instant vector in aggregation expression, got range vector/ }] },
    { expr: 'rate(x)', errors: [{ column: 6, message: /expected type range vector in call to function "rate", got instant vector/ }] },
    { expr: 'sum({job=~"(?i).*"})', name: 'an RE2 inline flag: the regex still matches the empty string, as promtool finds', errors: [{ column: 5, message: /at least one non-empty matcher/ }] },
    { expr: 'clamp_max(x)', errors: [{ column: 1, message: /expected 2 argument\(s\) in call to "clamp_max", got 1/ }] },
    { expr: 'round(x, 1, 2)', errors: [{ column: 1, message: /at most 2/ }] },
    { expr: 'topk(x)', errors: [{ column: 1, message: /expected 2, got 1/ }] },
    { expr: 'sum(x) offset 1h', errors: [{ column: 8, message: /offset modifier must be preceded by/ }] },
    { expr: 'a - b[5m]', name: 'a range binds to b: a binary with a range vector', errors: [{ column: 5, message: /binary expression must contain only scalar and instant vector types/ }] },
    { expr: '1 > 2', errors: [{ column: 3, message: /comparisons between scalars must use BOOL modifier/ }] },
    { expr: 'x + bool y', errors: [{ column: 3, message: /bool modifier can only be used on comparison operators/ }] },
    { expr: 'x and 1', errors: [{ column: 3, message: /set operator "and" not allowed in binary scalar expression/ }] },
    { expr: '{job=~".*"}', errors: [{ column: 1, message: /at least one non-empty matcher/ }] },
    { expr: 'x * on(a) group_left(a) y', errors: [{ column: 3, message: /must not occur in ON and GROUP clause at once/ }] },
    { expr: '(x)[5m:1m] offset 1h offset 2h', errors: [{ column: 22, message: /offset may not be set multiple times/ }] },
  ],
});

ruleTester(ruleResult, {
  valid: [{ expr: 'max_over_time(x[5m])', record: true }, { expr: '1', record: true }],
  invalid: [
    { expr: 'x[5m]', record: true, errors: [{ column: 1, endColumn: 6, message: /returns a range vector/ }] },
    { expr: '"text"', record: true, errors: [{ column: 1, message: /returns a string/ }] },
  ],
});

const catalog = { metrics: [{ name: 'process_rss_bytes', type: 'gauge' as const }, { name: 'requests', type: 'counter' as const }, { name: 'gc_duration_seconds', type: 'histogram' as const }] };

ruleTester(rateOnGauge, {
  valid: [
    { expr: 'rate(http_requests_total[5m]) > 1' },
    { expr: 'rate(requests[5m]) > 1', options: catalog, name: 'a counter from the catalog without _total' },
    { expr: 'rate(gc_duration_seconds_bucket[5m]) > 1', options: catalog },
    { expr: 'rate(job:requests:rate5m[5m]) > 1', name: 'recording-rule names are not judged by naming' },
    { expr: 'sum by (ingress) (rate(nginx_ingress_controller_requests[5m])) > 1', name: 'ingress-nginx counter without _total (well-known table)' },
    { expr: 'rate(envoy_cluster_upstream_rq_xx[5m]) > 1', name: 'Envoy counter without _total (well-known table)' },
    { expr: 'rate(ifInErrors[5m]) > 1', name: 'SNMP IF-MIB counter (well-known table)' },
    { expr: 'rate(node_vmstat_pgmajfault[5m]) > 1', name: 'node_exporter vmstat metrics are untyped, not gauges' },
    { expr: 'rate(nginx_ingress_controller_request_duration_seconds_bucket[5m]) > 1', name: 'bucket series of a well-known histogram' },
    { expr: 'rate(requests[5m]) > 1', options: { metrics: [{ name: 'requests', type: 'counter', file: 'm.txt', line: 3 }], metricSource: 'metrics file' }, name: '--metrics says counter' },
  ],
  invalid: [
    {
      expr: 'rate(process_rss_bytes[5m]) > 1',
      name: 'no source knows the metric: an info-level guess, worded as one',
      errors: [{ column: 1, endColumn: 28, severity: 'info', message: /process_rss_bytes may be a gauge \(a guess from its name/ }],
    },
    { expr: 'increase(process_rss_bytes[1h]) > 1', options: catalog, errors: [{ column: 1, severity: 'warning', message: /gauge \(catalog\)/ }] },
    { expr: 'sum(irate(node_memory_MemFree_bytes[5m])) > 1', errors: [{ column: 5, severity: 'warning', message: /is a gauge \(node_exporter/ }] },
    { expr: 'rate(up[5m]) > 0', errors: [{ column: 1, severity: 'warning', message: /up is a gauge \(Prometheus scrape/ }] },
    { expr: 'rate(kube_pod_status_ready[5m]) > 0', errors: [{ column: 1, severity: 'warning', message: /kube-state-metrics/ }] },
    {
      expr: 'rate(nginx_ingress_controller_requests[5m]) > 1',
      name: 'the catalog wins over the well-known table',
      options: { metrics: [{ name: 'nginx_ingress_controller_requests', type: 'gauge' }], metricSource: 'catalog' },
      errors: [{ column: 1, severity: 'warning', message: /gauge \(catalog\)/ }],
    },
    {
      expr: 'rate(nginx_ingress_controller_requests[5m]) > 1',
      name: 'a source in typeSources (a live Prometheus) is asked before the well-known table',
      options: { typeSources: [{ typeOf: (n: string) => (n === 'nginx_ingress_controller_requests' ? { type: 'gauge' as const, source: 'Prometheus metadata' } : undefined) }] },
      errors: [{ column: 1, severity: 'warning', message: /gauge \(Prometheus metadata\)/ }],
    },
    {
      expr: 'rate(up[5m]) > 0',
      name: 'wellKnownTypes: false leaves a guess',
      options: { wellKnownTypes: false },
      errors: [{ column: 1, severity: 'info', message: /may be a gauge/ }],
    },
    {
      expr: 'rate(queue_depth[5m]) > 1',
      name: 'a --metrics file names the line the type comes from',
      options: { metrics: [{ name: 'queue_depth', type: 'gauge', file: 'm.txt', line: 7 }], metricSource: 'metrics file' },
      errors: [{ column: 1, severity: 'warning', message: /gauge \(metrics file m\.txt:7\)/ }],
    },
  ],
});

ruleTester(derivOnCounter, {
  valid: [
    { expr: 'deriv(process_rss_bytes[10m]) > 1' },
    { expr: 'predict_linear(node_filesystem_free_bytes[1h], 3600) < 0' },
    { expr: 'delta(envoy_cluster_membership_total[5m]) < 0', name: 'Envoy gauge ending in _total (well-known table)' },
    { expr: 'deriv(nodejs_active_handles_total[10m]) > 1', name: 'prom-client gauge ending in _total' },
    { expr: 'delta(queue_count[5m]) > 1', options: { metrics: [{ name: 'queue_count', type: 'gauge' }] }, name: 'a gauge named *_count in the catalog' },
  ],
  invalid: [
    { expr: 'delta(gc_collections_total[5m]) > 1', errors: [{ column: 1, severity: 'info', message: /may be a counter \(a guess.*use increase\(\)/ }] },
    { expr: 'delta(chunks_expired_count[5m]) > 1', name: '*_count without a source: only a guess', errors: [{ column: 1, severity: 'info' }] },
    { expr: 'deriv(requests[5m]) > 1', options: catalog, errors: [{ column: 1, severity: 'warning', message: /counter \(catalog\).*use rate\(\)/ }] },
    { expr: 'delta(process_cpu_seconds_total[5m]) > 1', errors: [{ column: 1, severity: 'warning', message: /counter \(client library process collector/ }] },
  ],
});

ruleTester(rangeTooShort, {
  valid: [
    { expr: 'rate(x_total[2m]) > 1', options: { scrapeInterval: 30 } },
    { expr: 'rate(x_total[1m]) > 1', name: 'no scrape interval known: nothing to compare' },
    { expr: 'irate(x_total[1m]) > 1', options: { scrapeInterval: 30 } },
    { expr: 'rate(x_total{job="fast"}[1m]) > 1', options: { scrapeInterval: 60, jobIntervals: new Map([['fast', 10]]) } },
  ],
  invalid: [
    { expr: 'rate(x_total[1m]) > 1', options: { scrapeInterval: 30 }, errors: [{ column: 14, endColumn: 16, message: /fewer than 4 scrapes \(scrape interval 30s\); use at least \[2m\]/ }] },
    { expr: 'irate(x_total[30s]) > 1', options: { scrapeInterval: 30 }, errors: [{ column: 15, message: /fewer than 2 scrapes/ }] },
  ],
});

ruleTester(rateOfAggregation, {
  valid: [{ expr: 'sum(rate(x_total[5m])) > 1' }, { expr: 'rate(x_total[5m:1m]) > 1' }],
  invalid: [
    { expr: 'rate(sum(x_total)[5m:1m]) > 1', errors: [{ column: 1, message: /rate\(\) of an aggregation/ }] },
    {
      name: 'through a recording rule',
      rules: '- record: job:x:sum\n  expr: sum by (job) (x_total)\n- alert: X\n  expr: rate(job:x:sum[5m]) > 1',
      errors: [{ line: 4, column: 9, message: /recording rule that aggregates/ }],
    },
  ],
});
