import { absentWithoutFor } from '../../../src/lint/rules/alerts/absent-without-for.js';
import { noCondition } from '../../../src/lint/rules/alerts/no-condition.js';
import { alertTopk } from '../../../src/lint/rules/alerts/topk.js';
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
  valid: [{ expr: 'x > 1' }, { expr: 'topk(5, x)', record: true }],
  invalid: [{ expr: 'topk(5, rate(x_sum[5m])) > 1', errors: [{ column: 1, endColumn: 5, message: /topk\(\) in an alert/ }] }],
});

ruleTester(absentWithoutFor, {
  valid: [{ rules: '- alert: MetricsMissing\n  expr: absent(up{job="api"})\n  for: 5m' }],
  invalid: [{ expr: 'absent(up{job="api"})', errors: [{ column: 1, endColumn: 7, message: /add `for:`/ }] }],
});
