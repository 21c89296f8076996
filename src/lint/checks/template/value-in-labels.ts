import type { Check, Finding } from '../../types.js';

const VALUE = /\$value\b|\.Value\b/g;

export const valueInLabels: Check = {
  id: 'template/value-in-labels',
  severity: 'warning',
  alertsOnly: true,
  summary: '`$value` used in an alert label.',
  docs: {
    why: 'Labels identify an alert. With `$value` in a label every new value makes a new alert: the old one resolves, a new one fires, `for` restarts and notifications repeat. Put the value in an annotation.',
    bad: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  labels:\n    current: "{{ $value }}"',
    good: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  annotations:\n    description: "RSS is {{ $value | humanize1024 }}B"',
  },
  rule(r) {
    const out: Finding[] = [];
    const labels = r.rule.labels ?? {};
    for (const key in labels) {
      for (const m of String(labels[key]).matchAll(VALUE)) {
        out.push({
          message: `labels.${key} uses ${m[0]}, so every change of the value creates a new alert and restarts \`for\`; move it to an annotation`,
          field: `labels.${key}`,
          span: [m.index ?? 0, (m.index ?? 0) + m[0].length],
        });
      }
    }
    return out;
  },
};
