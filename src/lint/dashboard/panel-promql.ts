// The expression checks of rule files, run on panel queries as well: rate() of a gauge or a quantile of raw
// buckets is as wrong on a dashboard as in an alert. Findings carry the PromQL check's own id and docs page.
import { grafanaVariables, withGrafanaVariables, type GrafanaVariable } from '../../promql/grafana-variables.js';
import { analyseExpr } from '../analysis.js';
import type { LintContext } from '../context.js';
import { CHECKS } from '../checks/index.js';
import type { Check, Finding } from '../types.js';
import { finding, parsedTargets } from './targets.js';
import type { DashboardContext } from './types.js';

// dashboard/target-promql reports queries that do not parse; promql/rule-result words its advice for rules.
const RULE_FILE_ONLY = new Set(['promql/syntax', 'promql/rule-result']);

/** The rule files' expression checks that also judge panel queries. */
export function panelPromqlChecks(): readonly Check[] {
  return CHECKS.filter((c) => c.expr && !c.alertsOnly && !RULE_FILE_ONLY.has(c.id));
}

/**
 * Where a finding cannot be judged: on or around a variable outside strings whose value is not a duration
 * (`histogram_quantile($q, ...)`, `x[$window]`, `rate($metric[5m])`). Its placeholder is a number, and a
 * finding there would be about the placeholder, not about what Grafana sends.
 */
function onUnknownValue(span: [number, number] | undefined, variables: readonly GrafanaVariable[]): boolean {
  return span !== undefined && variables.some((v) => !v.inString && !v.interval && v.from < span[1] && span[0] < v.to);
}

/** The findings of one expression check on every panel query that parses. */
export function panelPromqlFindings(check: Check, ctx: DashboardContext, lint: LintContext): Finding[] {
  const out: Finding[] = [];
  for (const t of parsedTargets(ctx)) {
    const variables = grafanaVariables(t.expr);
    const analysis = analyseExpr(withGrafanaVariables(t.expr, { inStrings: true }));
    for (const f of (check.expr as NonNullable<Check['expr']>)(analysis, lint)) {
      if (!onUnknownValue(f.span, variables)) out.push({ ...finding(t.panel, `${t.path}.expr`, f.message, f.span), ...(f.maxSeverity ? { maxSeverity: f.maxSeverity } : {}) });
    }
  }
  return out;
}
