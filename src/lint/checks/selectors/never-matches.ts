import type { Check } from '../../types.js';
import { neverFiresFindings } from '../../support/never-fires.js';

export const selectorNeverMatches: Check = {
  id: 'selectors/never-matches',
  severity: 'error',
  summary: 'A selector whose matchers no series can pass (`l!~".*"`, `l="a", l="b"`, `l="", l=~".+"`).',
  docs: {
    why: '`!~".*"` excludes every value of the label, the empty one (a missing label) included, so it selects nothing. Two matchers on one label that contradict each other (`env="prod", env!="prod"`, `code="200", code=~"5.."`, `pod="", pod=~".+"`) select nothing either. Such a selector leaves the expression empty and the alert silent forever. Regexes are read as Prometheus reads them (RE2, anchored, through src/promql/re2.ts). An error when the whole expression is left empty, a warning inside an `or` branch; inside absent() such a selector makes the alert fire forever instead, reported as a warning.',
    bad: '- alert: NotificationsFailing\n  expr: rate(alertmanager_notifications_failed_total{integration!~".*"}[5m]) > 0',
    good: '- alert: NotificationsFailing\n  expr: rate(alertmanager_notifications_failed_total{integration!~"webhook"}[5m]) > 0',
    accepts: [
      '`l=""` alone, and `l!~".+"`: they select the series that lack the label, which is a valid choice.',
      'Regexes whose overlap memgen cannot decide (`l=~"a.*", l=~".*b"`) are not judged.',
    ],
  },
  expr(input, ctx) {
    return neverFiresFindings(input, ctx, 'matcher');
  },
};
