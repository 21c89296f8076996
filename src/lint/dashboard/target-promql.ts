import { syntaxErrors } from '../../promql/parse.js';
import { finding, promTargets } from './targets.js';
import type { DashboardCheck } from '../types.js';

export const targetPromql: DashboardCheck = {
  id: 'dashboard/target-promql',
  severity: 'error',
  summary: "A panel target's PromQL does not parse (after Grafana's variables are substituted).",
  docs: {
    why: 'A query that does not parse shows as an error triangle on the panel, found only when someone opens the dashboard; `memgen build` stops on it. Grafana\'s variables are replaced before parsing by placeholders of the same length (`$__rate_interval` by a duration, other variables outside strings by a number), so the reported column is the column in the query as written. After grafana/dashboard-linter\'s `target-promql-rule`.',
    bad: '{ "type": "timeseries", "title": "GC", "description": "Collections per second.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "ops" } },\n  "targets": [{ "refId": "A", "expr": "sum(rate(process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}[$__rate_interval])" }] }',
    good: '{ "type": "timeseries", "title": "GC", "description": "Collections per second.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "ops" } },\n  "targets": [{ "refId": "A", "expr": "sum(rate(process_cpu_seconds_total{job=~\\"$job\\", instance=~\\"$instance\\"}[$__rate_interval]))" }] }',
  },
  dashboard(ctx) {
    return promTargets(ctx)
      .filter((t) => !t.parses)
      .flatMap((t) => syntaxErrors(t.parseable).map((e) => finding(t.panel, `${t.path}.expr`, `PromQL syntax error: ${e.message}`, [e.from, e.to])));
  },
};
