import { isRateInterval } from '../../promql/grafana-variables.js';
import { rangeCalls } from '../../promql/selectors.js';
import { finding, parsedTargets, RATE_FUNCTIONS } from './targets.js';
import type { DashboardCheck } from './types.js';

export const rateInterval: DashboardCheck = {
  id: 'dashboard/rate-interval',
  severity: 'warning',
  summary: 'rate(), irate() and increase() in a panel should take their range from $__rate_interval.',
  run(ctx) {
    return parsedTargets(ctx).flatMap((t) =>
      rangeCalls(t.parseable)
        .filter((c) => RATE_FUNCTIONS.has(c.fn) && !isRateInterval(t.expr.slice(c.rangeFrom, c.rangeTo)))
        .map((c) =>
          finding(
            t.panel,
            `${t.path}.expr`,
            `${c.fn}() over [${t.expr.slice(c.rangeFrom, c.rangeTo)}]: use [$__rate_interval], which is at least four scrape intervals and follows the panel's resolution`,
            [c.rangeFrom, c.rangeTo],
          ),
        ),
    );
  },
};
