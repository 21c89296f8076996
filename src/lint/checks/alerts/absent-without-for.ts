import type { Check } from '../../types.js';
import { atExpr, callsOf } from '../helpers.js';

const ABSENT = ['absent'];

export const absentWithoutFor: Check = {
  id: 'alerts/absent-without-for',
  severity: 'warning',
  alertsOnly: true,
  summary: 'An alert using absent() with no `for` at all.',
  docs: {
    why: 'absent() returns a series as soon as one evaluation finds no data: a missed scrape, a restart of the target or of Prometheus. Without `for` the alert pages on every such blip. Give it a `for` of a few scrape intervals.',
    bad: '- alert: MetricsMissing\n  expr: absent(up{job="fastapi-app"})',
    good: '- alert: MetricsMissing\n  expr: absent(up{job="fastapi-app"})\n  for: 5m',
    accepts: [
      'An explicit `for: 0m` (or `for: 0s`): the monitoring mixins write it to say that firing at once is intended.',
    ],
  },
  rule(r) {
    // Any `for`, even 0m, is a decision the author wrote down; only a missing one is an oversight.
    if (r.rule.for !== undefined && r.rule.for !== null && String(r.rule.for).trim() !== '') return [];
    return callsOf(r, ABSENT).map((call) => atExpr(call.nameSpan, 'absent() fires on a single missed scrape or restart; add `for:` (e.g. 5m) so the alert waits until the data is really gone'));
  },
};
