import type { Check } from '../../types.js';

const ROUTING_KEYS = ['severity', 'priority'];

export const severityInAnnotations: Check = {
  id: 'style/severity-in-annotations',
  severity: 'warning',
  alertsOnly: true,
  summary: 'A severity (or priority) put in annotations, where Alertmanager routing cannot see it.',
  docs: {
    why: 'Alertmanager routes, groups and inhibits on labels only. A severity in annotations is invisible to routing, so a critical alert goes wherever the default route sends it.',
    bad: '- alert: CriticalMemoryUsage\n  expr: process_rss_bytes > 943718400\n  annotations:\n    severity: critical',
    good: '- alert: CriticalMemoryUsage\n  expr: process_rss_bytes > 943718400\n  labels:\n    severity: critical',
  },
  rule(r) {
    return ROUTING_KEYS.filter((k) => r.rule.annotations?.[k] !== undefined).map((k) => ({
      field: `annotations.${k}`,
      message: `'${k}' is an annotation, which Alertmanager routing cannot see; move it to labels.${k}`,
    }));
  },
};
