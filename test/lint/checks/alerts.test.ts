import { absentWithoutFor } from '../../../src/lint/checks/alerts/absent-without-for.js';
import { noCondition } from '../../../src/lint/checks/alerts/no-condition.js';
import { alertTopk } from '../../../src/lint/checks/alerts/topk.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(noCondition, {
  valid: [
    { expr: 'up == 0' },
    { expr: 'count(up == 0) by (job)' },
    { expr: 'vector(1)', name: 'Watchdog' },
    { expr: 'absent(up{job="api"})' },
    { expr: '(x > 1) * 100' },
    { expr: 'x unless y' },
    { expr: 'rate(x_total[5m])', record: true, name: 'recording rules need no condition' },
  ],
  invalid: [
    { expr: 'rate(gc_collections_total[5m])', errors: [{ column: 1, message: /no condition/ }] },
    { expr: 'x > bool 5', errors: [{ column: 3, endColumn: 4, message: /uses `bool`/ }] },
    { expr: '(x > 1) or y', errors: [{ column: 1 }] },
  ],
});

ruleTester(alertTopk, {
  valid: [
    { expr: 'x > 1' },
    { expr: 'topk(5, x)', record: true },
    {
      expr: 'sum by (namespace, pod) (max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Unknown"}) * on (namespace, pod) group_left (owner_kind) topk by (namespace, pod) (1, max by (namespace, pod, owner_kind) (kube_pod_owner{owner_kind!="Job"}))) > 0',
      name: "kubernetes-mixin's KubePodNotReady: topk by (...) (1, ...) de-duplicates",
    },
    { expr: 'bottomk by (job) (1, x) > 1', name: 'bottomk by (...) (1, ...) as well' },
  ],
  invalid: [
    { expr: 'topk(5, rate(x_sum[5m])) > 1', errors: [{ column: 1, endColumn: 5, message: /topk\(\) in an alert/ }] },
    { expr: 'topk(1, x) > 1', name: 'k = 1 without by: the single top series moves', errors: [{ column: 1 }] },
    { expr: 'topk by (job) (2, x) > 1', name: 'k > 1 per group still moves', errors: [{ column: 1 }] },
    { expr: 'topk without (pod) (1, x) > 1', name: 'without (...) does not fix the group', errors: [{ column: 1 }] },
  ],
});

ruleTester(absentWithoutFor, {
  valid: [
    { rules: '- alert: MetricsMissing\n  expr: absent(up{job="api"})\n  for: 5m' },
    { rules: '- alert: NodejsDown\n  expr: absent(nodejs_version_info)\n  for: 0m', name: "the mixins' explicit for: 0m says firing at once is intended" },
  ],
  invalid: [{ expr: 'absent(up{job="api"})', errors: [{ column: 1, endColumn: 7, message: /add `for:`/ }] }],
});
