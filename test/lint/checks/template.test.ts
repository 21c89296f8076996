import { missingLabel } from '../../../src/lint/checks/template/missing-label.js';
import { templateSyntax } from '../../../src/lint/checks/template/syntax.js';
import { valueInLabels } from '../../../src/lint/checks/template/value-in-labels.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const alert = (expr: string, summary: string, labels = ''): string =>
  `- alert: X\n  expr: ${expr}\n${labels}  annotations:\n    summary: ${JSON.stringify(summary)}`;

ruleTester(templateSyntax, {
  valid: [
    { rules: alert('x > 1', '{{ $labels.instance }} at {{ $value | humanize }}') },
    // Prometheus expands templates in alerting rules only; `promtool check rules` accepts this recording rule.
    { rules: '- record: job:x:sum\n  expr: sum by (job) (x)\n  labels:\n    note: "{{ $nope }}"' },
  ],
  invalid: [
    { rules: alert('x > 1', '{{ $label.instance }} is high'), errors: [{ line: 4, column: 18, message: /undefined variable "\$label"/ }] },
    { rules: alert('x > 1', '{{ if gt $value 1.0 }}high'), errors: [{ line: 4, column: 15, message: /has no \{\{end\}\}/ }] },
  ],
});

ruleTester(valueInLabels, {
  valid: [{ rules: alert('x > 1', '{{ $value }}', '  labels:\n    severity: critical\n') }],
  invalid: [{ rules: '- alert: X\n  expr: x > 1\n  labels:\n    value: "v={{ $value }}"', errors: [{ line: 4, column: 18, endColumn: 24, message: /labels.value uses \$value/ }] }],
});

ruleTester(missingLabel, {
  valid: [
    { rules: alert('sum by (job, instance) (x) > 1', '{{ $labels.instance }}') },
    { rules: alert('sum without (pod) (x) > 1', '{{ $labels.instance }}') },
    { rules: alert('x * on (instance) group_left (node) y > 1', '{{ $labels.node }}') },
    { rules: alert('label_replace(sum(x), "host", "a", "", "") > 1', '{{ $labels.host }}') },
    { rules: alert('sum(x) > 1', '{{ $labels.team }}', '  labels:\n    team: infra\n'), name: "the rule's own labels" },
    {
      rules: alert('count(up == 0) by (cluster) > 0', '{{ range query `up == 0` }}{{ .Labels.instance }} {{ end }}'),
      name: 'inside range query the dot is each query result',
    },
    { rules: alert('sum(x) > 1', '{{ with query `y` }}{{ range . }}{{ .Labels.pod }}{{ end }}{{ end }}'), name: 'with and nested range' },
  ],
  invalid: [
    { rules: alert('sum by (job) (x) > 1', '{{ $labels.instance }} is high'), errors: [{ line: 4, column: 26, endColumn: 34, message: /'instance'/ }] },
    { rules: alert('sum without (instance) (x) > 1', '{{ .Labels.instance }}'), errors: [{ line: 4, column: 26 }] },
    { rules: alert('x > on (job) y', '{{ $labels.instance }}'), errors: [{ line: 4, column: 26 }] },
    { rules: alert('count(x) > 1', '{{ index $labels "pod" }}'), name: 'escaped quotes in a double-quoted scalar', errors: [{ line: 4, column: 34 }] },
    {
      rules: alert('sum by (job) (x) > 1', '{{ range query `y` }}{{ $labels.instance }}{{ end }} {{ .Labels.pod }}'),
      name: '$labels inside range is still the alert; .Labels after end is too',
      errors: [{ line: 4, column: 47, message: /'instance'/ }, { line: 4, column: 79, message: /'pod'/ }],
    },
  ],
});
