import type { MetricType } from '../../dsl/types.js';
import { selectors } from '../../promql/selectors.js';
import { GAUGE_FUNCTIONS } from '../rules/promql/deriv-on-counter.js';
import { finding, parsedTargets, RATE_FUNCTIONS } from './targets.js';
import type { DashboardCheck } from './types.js';

/** Known types win; without them, a name ending in _total is taken for a counter, as Prometheus names them. */
function isCounter(metric: string, types: ReadonlyMap<string, MetricType> | undefined): boolean {
  const known = types?.get(metric);
  return known ? known === 'counter' : metric.endsWith('_total');
}

/** deriv(), delta() and the like of a counter are promql/deriv-on-counter's to report, with the fix. */
function onGaugeFunction(func: string | undefined): boolean {
  return func !== undefined && GAUGE_FUNCTIONS.includes(func);
}

export const counterRate: DashboardCheck = {
  id: 'dashboard/counter-rate',
  severity: 'error',
  summary: 'A counter is used without rate(), irate() or increase() around it (deriv() and delta() of a counter are promql/deriv-on-counter).',
  run(ctx) {
    return parsedTargets(ctx).flatMap((t) =>
      selectors(t.parseable)
        .filter((s) => s.metric !== undefined && isCounter(s.metric, ctx.metricTypes) && !RATE_FUNCTIONS.has(s.rangeFunction ?? '') && !onGaugeFunction(s.rangeFunction))
        .map((s) =>
          finding(
            t.panel,
            `${t.path}.expr`,
            `counter ${s.metric} is used without rate(), irate() or increase(); its raw value only says how long the process has run`,
            [s.from, s.to],
          ),
        ),
    );
  },
};
