import { syntaxErrors } from '../../promql/parse.js';
import { finding, promTargets } from './targets.js';
import type { DashboardCheck } from './types.js';

export const targetPromql: DashboardCheck = {
  id: 'dashboard/target-promql',
  severity: 'error',
  summary: "A panel target's PromQL does not parse (after Grafana's variables are substituted).",
  run(ctx) {
    return promTargets(ctx).flatMap((t) =>
      syntaxErrors(t.parseable).map((e) => finding(t.panel, `${t.path}.expr`, `PromQL syntax error: ${e.message}`, [e.from, e.to])),
    );
  },
};
