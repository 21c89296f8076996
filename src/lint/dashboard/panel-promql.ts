// The expression checks of rule files, run on panel queries as well: rate() of a gauge or a quantile of raw
// buckets is as wrong on a dashboard as in an alert. Problems carry the PromQL check's own id and docs page.
import { grafanaVariables, withGrafanaVariables, type GrafanaVariable } from '../../promql/grafana-variables.js';
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

/**
 * Where a finding cannot be judged: on or around a variable outside strings whose value is not a duration
 * (`histogram_quantile($q, ...)`, `x[$window]`, `rate($metric[5m])`). Its placeholder is a number, and a
 * finding there would be about the placeholder, not about what Grafana sends.
 */
function onUnknownValue(span: [number, number] | undefined, variables: readonly GrafanaVariable[]): boolean {
  return span !== undefined && variables.some((v) => !v.inString && !v.interval && v.from < span[1] && span[0] < v.to);
}

export function panelPromqlProblems(ctx: DashboardContext, lintCtx: LintContext = panelLintContext(ctx)): Problem[] {
  const problems: Problem[] = [];
  for (const t of parsedTargets(ctx)) {
    const variables = grafanaVariables(t.expr);
    const analysis = analyseExpr(withGrafanaVariables(t.expr, { inStrings: true }));
    for (const check of PANEL_PROMQL_CHECKS) {
      for (const f of (check.expr as NonNullable<Check['expr']>)(analysis, lintCtx)) {
        if (onUnknownValue(f.span, variables)) continue;
        problems.push({ rule: check.id, severity: check.severity, ...finding(t.panel, `${t.path}.expr`, f.message, f.span) });
      }
    }
  }
  return problems;
}
