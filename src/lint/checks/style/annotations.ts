import type { Check } from '../../types.js';

const REQUIRED = ['summary', 'description'];

export const requiredAnnotations: Check = {
  id: 'style/annotations',
  severity: 'warning',
  alertsOnly: true,
  summary: 'An alert without `summary` and `description` annotations.',
  docs: {
    why: 'The monitoring-mixins style guide gives every alert a `summary` (a static sentence) and a `description` (templated with the labels and value): they are what the person paged reads first.',
    bad: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400',
    good: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  annotations:\n    summary: Memory usage is close to the limit.\n    description: "{{ $labels.instance }} uses {{ $value | humanize1024 }}B."',
  },
  rule(r) {
    const missing = REQUIRED.filter((k) => !r.rule.annotations?.[k]);
    if (missing.length === 0) return [];
    return [{ field: 'alert', message: `alert has no ${missing.map((k) => `'${k}'`).join(' or ')} annotation; add ${missing.length === 2 ? 'a static summary and a templated description' : `annotations.${missing[0]}`}` }];
  },
};
