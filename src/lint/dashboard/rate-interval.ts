import { isRateInterval } from '../../promql/grafana-variables.js';
import { finding, parsedTargets, RATE_FUNCTIONS, selectorsOf } from './targets.js';
import type { DashboardCheck } from '../types.js';

export const rateInterval: DashboardCheck = {
  id: 'dashboard/rate-interval',
  severity: 'warning',
  summary: 'rate(), irate() and increase() in a panel should take their range from $__rate_interval.',
  docs: {
    why: '`$__rate_interval` is at least four scrape intervals and grows with the panel\'s step, so the graph neither has gaps when zoomed in (a range shorter than two scrapes returns nothing) nor skips samples when zoomed out. A fixed `[5m]` is right for alert rules, not for panels. The finding points at the range. After grafana/dashboard-linter\'s `target-rate-interval-rule`.',
    bad: '{ "type": "timeseries", "title": "CPU", "description": "CPU seconds per second.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "percentunit" } },\n  "targets": [{ "refId": "A", "expr": "rate(process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}[5m])" }] }',
    good: '{ "type": "timeseries", "title": "CPU", "description": "CPU seconds per second.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "percentunit" } },\n  "targets": [{ "refId": "A", "expr": "rate(process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}[$__rate_interval])" }] }',
    accepts: ['Functions over gauges with a deliberate window, such as `deriv(process_resident_memory_bytes[10m])` or `predict_linear(...[1h], 3600)`.'],
  },
  dashboard(ctx) {
    return parsedTargets(ctx).flatMap((t) =>
      selectorsOf(t).flatMap(({ rangeFunction, rangeSpan }) => {
        if (!rangeFunction || !rangeSpan || !RATE_FUNCTIONS.has(rangeFunction)) return [];
        const range = t.expr.slice(rangeSpan.from, rangeSpan.to);
        if (isRateInterval(range)) return [];
        return [
          finding(
            t.panel,
            `${t.path}.expr`,
            `${rangeFunction}() over [${range}]: use [$__rate_interval], which is at least four scrape intervals and follows the panel's resolution`,
            [rangeSpan.from, rangeSpan.to],
          ),
        ];
      }),
    );
  },
};
