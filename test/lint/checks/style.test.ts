import { metricNaming } from '../../../src/lint/checks/metrics/naming.js';
import { alertName } from '../../../src/lint/checks/style/alert-name.js';
import { requiredAnnotations } from '../../../src/lint/checks/style/annotations.js';
import { severityInAnnotations } from '../../../src/lint/checks/style/severity-in-annotations.js';
import { severityLabel } from '../../../src/lint/checks/style/severity-label.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester(alertName, {
  valid: [{ rules: '- alert: HighMemoryUsage\n  expr: x > 1' }],
  invalid: [{ rules: '- alert: high_memory_usage\n  expr: x > 1', errors: [{ line: 1, column: 10, message: /e\.g\. 'HighMemoryUsage'/ }] }],
});

ruleTester(severityLabel, {
  valid: [
    { rules: '- alert: X\n  expr: x > 1\n  labels:\n    severity: warning' },
    { rules: '- alert: X\n  expr: x > 1\n  labels:\n    severity: page', options: { severities: ['page', 'ticket'] } },
  ],
  invalid: [
    { rules: '- alert: X\n  expr: x > 1', errors: [{ line: 1, column: 10, message: /no 'severity' label/ }] },
    { rules: '- alert: X\n  expr: x > 1\n  labels:\n    severity: urgent', errors: [{ line: 4, column: 15, message: /'urgent' is not one of/ }] },
  ],
});

ruleTester(severityInAnnotations, {
  valid: [{ rules: '- alert: X\n  expr: x > 1\n  labels:\n    severity: critical' }],
  invalid: [{ rules: '- alert: X\n  expr: x > 1\n  annotations:\n    severity: critical', errors: [{ line: 4, column: 15, message: /move it to labels.severity/ }] }],
});

ruleTester(requiredAnnotations, {
  valid: [{ rules: '- alert: X\n  expr: x > 1\n  annotations:\n    summary: s\n    description: d' }],
  invalid: [{ rules: '- alert: X\n  expr: x > 1\n  annotations:\n    summary: s', errors: [{ line: 1, column: 10, message: /no 'description'/ }] }],
});

ruleTester(metricNaming, {
  valid: [{ expr: 'x > 1', options: { metrics: [{ name: 'requests_total', type: 'counter' }, { name: 'gc_duration_seconds', type: 'histogram' }] } }],
  invalid: [
    {
      expr: 'x > 1',
      options: { metrics: [{ name: 'requests', type: 'counter', file: 'm.txt', line: 3 }, { name: 'gc_duration_ms', type: 'histogram', file: 'm.txt', line: 7 }, { name: 'objects_gauge', type: 'gauge', file: 'm.txt', line: 9 }] },
      errors: [{ line: 3, column: 1, message: /should end in _total/ }, { line: 7, column: 1, message: /base units/ }, { line: 9, column: 1, message: /type in the name/ }],
    },
  ],
});
