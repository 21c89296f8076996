import { duplicateRule } from '../../../src/lint/checks/rules/duplicate.js';
import { ruleStructure } from '../../../src/lint/checks/rules/structure.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(ruleStructure, {
  valid: [{ rules: '- alert: X\n  expr: x > 1\n  for: 5m\n  keep_firing_for: 1m' }],
  invalid: [
    { rules: '- record: job:x:sum\n  expr: sum(x)\n  for: 5m', errors: [{ line: 3, column: 8, message: /'for' is only valid on alerting rules/ }] },
    { rules: '- record: job:x:sum\n  expr: sum(x)\n  keep_firing_for: 5m', errors: [{ line: 3, column: 20, message: /'keep_firing_for' is only valid on alerting rules/ }] },
    { rules: '- alert: X\n  expr: x > 1\n  for: 5 minutes', errors: [{ line: 3, column: 8, message: /invalid duration/ }] },
    { rules: '- record: job-x\n  expr: x', errors: [{ line: 1, column: 11, message: /invalid recording rule name/ }] },
    { rules: '- alert: X\n  expr: x > 1\n  labels:\n    __bad: y', errors: [{ line: 4, column: 12, message: /reserved/ }] },
    // A non-string value sends the labels through a copy, which must keep `__proto__` as a label.
    { rules: '- record: a:b\n  expr: up\n  labels:\n    __proto__: x\n    n: 1', errors: [{ line: 4, column: 5, message: /'__proto__' is reserved/ }] },
    { rules: '- alert: X\n  expr: x > 1\n  owner: me', errors: [{ line: 3, column: 10, message: /field 'owner' is not valid/ }] },
    { rules: '- expr: x', errors: [{ line: 1, column: 9, message: /needs one of 'alert' or 'record'/ }] },
  ],
});

ruleTester(duplicateRule, {
  valid: [
    { rules: '- alert: X\n  expr: x > 1\n  labels:\n    severity: warning\n- alert: X\n  expr: x > 2\n  labels:\n    severity: critical' },
    {
      rules: '- record: code:requests:increase1h\n  expr: sum by (code) (increase(requests_total{code=~"2.."}[1h]))\n- record: code:requests:increase1h\n  expr: sum by (code) (increase(requests_total{code=~"5.."}[1h]))',
      name: 'one name, different matchers: different series (kubernetes-mixin)',
    },
    { rules: '- record: x:sum\n  expr: sum by (job) (x)\n- record: x:sum\n  expr: sum by (job, instance) (x)', name: 'different by labels' },
  ],
  invalid: [
    { rules: '- record: a:b\n  expr: sum(x)\n- record: a:b\n  expr: sum( x )', errors: [{ line: 3, column: 11, message: /duplicates/ }] },
    { rules: '- record: a:b\n  expr: sum(x)\n- record: a:b\n  expr: max(x)', errors: [{ line: 3, column: 11, message: /same labels but another expression/ }] },
    {
      rules: '- record: job:x:rate\n  expr: sum by (job) (rate(x_total{job="a"}[5m]))\n- record: job:x:rate\n  expr: sum by (job) (rate(x_total{job="a"}[10m]))',
      name: 'same series, another range: a clash',
      errors: [{ line: 3, column: 11, message: /same labels but another expression/ }],
    },
  ],
});
