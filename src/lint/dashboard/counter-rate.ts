import { metricName } from '../context.js';
import { GAUGE_FUNCTIONS } from '../checks/promql/deriv-on-counter.js';
import { finding, parsedTargets, RATE_FUNCTIONS, selectorsOf } from './targets.js';
import type { DashboardCheck, Finding } from '../types.js';

/** resets() reads a counter as it should; deriv(), delta() and the like are promql/deriv-on-counter's to report. */
const LEFT_ALONE = new Set([...RATE_FUNCTIONS, 'resets', ...GAUGE_FUNCTIONS]);

export const counterRate: DashboardCheck = {
  id: 'dashboard/counter-rate',
  severity: 'error',
  summary: 'A counter is used without rate(), irate() or increase() around it (deriv() and delta() of a counter are promql/deriv-on-counter).',
  docs: {
    why: 'A counter\'s raw value only says how long the process has been up, and it drops to zero on every restart. Types come from the same sources as the rule checks (catalog, `--metrics`, live metadata, the well-known exporters\' table, a histogram\'s `_bucket`, `_count` and `_sum` being counters); a name that only looks like a counter\'s (`_total`, `_count`, ...) makes an `info` finding, worded as a guess. After grafana/dashboard-linter\'s `target-counter-agg-rule`.',
    bad: '{ "type": "timeseries", "title": "CPU", "description": "CPU time used.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "s" } },\n  "targets": [{ "refId": "A", "expr": "process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    good: '{ "type": "timeseries", "title": "CPU", "description": "CPU time used.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "percentunit" } },\n  "targets": [{ "refId": "A", "expr": "rate(process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}[$__rate_interval])" }] }',
    accepts: ['`resets(counter[...])`, which counts restarts of a counter.'],
  },
  dashboard(ctx, lint) {
    return parsedTargets(ctx).flatMap((t) =>
      selectorsOf(t).flatMap(({ selector, rangeFunction }): Finding[] => {
        const name = metricName(selector);
        const kind = name ? lint.metricKind(name) : undefined;
        if (!name || kind?.type !== 'counter' || LEFT_ALONE.has(rangeFunction ?? '')) return [];
        const message = kind.guess
          ? `${name} may be a counter (${kind.source}) and is used without rate(), irate() or increase(); if it is, its raw value only says how long the process has run`
          : `counter ${name} is used without rate(), irate() or increase(); its raw value only says how long the process has run`;
        const f = finding(t.panel, `${t.path}.expr`, message, [selector.from, selector.to]);
        return [kind.guess ? { ...f, maxSeverity: 'info' } : f];
      }),
    );
  },
};
