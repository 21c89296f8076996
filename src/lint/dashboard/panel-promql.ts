// The expression checks of rule files, run on panel queries as well: rate() of a gauge or a quantile of raw
// buckets is as wrong on a dashboard as in an alert. Problems carry the PromQL check's own id and docs page.
import { withGrafanaVariables } from '../../promql/grafana-variables.js';
import { analyseExpr } from '../analysis.js';
import { LintContext } from '../context.js';
import type { Problem } from '../problem.js';
import { CHECKS } from '../rules/index.js';
import type { Check } from '../types.js';
import { finding, parsedTargets } from './targets.js';
import type { DashboardContext } from './types.js';

// dashboard/target-promql reports queries that do not parse; promql/rule-result words its advice for rules.
const RULE_FILE_ONLY = new Set(['promql/syntax', 'promql/rule-result']);

export const PANEL_PROMQL_CHECKS: readonly Check[] = CHECKS.filter((c) => c.expr && !c.alertsOnly && !RULE_FILE_ONLY.has(c.id));

/** A context from the dashboard's metric types alone (a foreign dashboard: naming conventions fill the gaps). */
export function panelLintContext(ctx: DashboardContext): LintContext {
  const metrics = [...(ctx.metricTypes ?? [])].map(([name, type]) => ({ name, type }));
  return new LintContext({ metrics, metricSource: 'catalog' });
}

export function panelPromqlProblems(ctx: DashboardContext, lintCtx: LintContext = panelLintContext(ctx)): Problem[] {
  const problems: Problem[] = [];
  for (const t of parsedTargets(ctx)) {
    const analysis = analyseExpr(withGrafanaVariables(t.expr, { inStrings: true }));
    for (const check of PANEL_PROMQL_CHECKS) {
      for (const f of (check.expr as NonNullable<Check['expr']>)(analysis, lintCtx)) {
        problems.push({ rule: check.id, severity: check.severity, ...finding(t.panel, `${t.path}.expr`, f.message, f.span) });
      }
    }
  }
  return problems;
}
