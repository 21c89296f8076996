import type { Check } from '../../types.js';

const CAMEL_CASE = /^[A-Z][a-zA-Z0-9]*$/;

export const alertName: Check = {
  id: 'style/alert-name',
  severity: 'warning',
  alertsOnly: true,
  summary: 'An alert name that is not CamelCase.',
  docs: {
    why: 'The monitoring-mixins style guide names alerts in CamelCase (`KubePodCrashLooping`), so alert names read alike across teams and stand out from label values in notifications.',
    bad: '- alert: high_memory_usage\n  expr: process_rss_bytes > 943718400',
    good: '- alert: HighMemoryUsage\n  expr: process_rss_bytes > 943718400',
  },
  rule(r) {
    if (!r.name || CAMEL_CASE.test(r.name)) return [];
    const suggestion = r.name.split(/[^a-zA-Z0-9]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
    return [{ field: 'alert', message: `alert name '${r.name}' is not CamelCase; rename it, e.g. '${suggestion}'` }];
  },
};
