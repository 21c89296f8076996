import type { Check } from '../../types.js';

export const severityLabel: Check = {
  id: 'style/severity-label',
  severity: 'warning',
  alertsOnly: true,
  summary: 'An alert without a `severity` label, or with a value outside the allowed set.',
  docs: {
    why: 'Alertmanager routes on labels; a `severity` label with a small, agreed set of values (by default critical, high, medium, warning, info) is what decides who gets paged.',
    bad: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  labels:\n    severity: urgent',
    good: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  labels:\n    severity: critical',
  },
  rule(r, ctx) {
    const value = r.rule.labels?.severity;
    if (value === undefined) return [{ field: 'alert', message: `alert has no 'severity' label, so Alertmanager cannot route it by urgency; add labels.severity (one of ${ctx.severities.join(', ')})` }];
    if (ctx.severities.includes(String(value)) || String(value).includes('{{')) return [];
    return [{ field: 'labels.severity', message: `severity '${value}' is not one of ${ctx.severities.join(', ')}; use one of them so routing rules match` }];
  },
};
