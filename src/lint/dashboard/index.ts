// Dashboard lint checks, after grafana/dashboard-linter's rules. lintDashboard() takes dashboard JSON (memgen's
// own or a foreign file) and returns problems whose `field` is the JSON path, e.g. panels[2].targets[0].expr.
import type { MetricType } from '../../dsl/types.js';
import type { Model } from '../../model/types.js';
import type { LintContext } from '../context.js';
import type { Problem } from '../problem.js';
import { counterRate } from './counter-rate.js';
import { panelDatasource } from './panel-datasource.js';
import { panelTitleDescription } from './panel-title-description.js';
import { panelPromqlProblems } from './panel-promql.js';
import { panelUnits } from './panel-units.js';
import { rateInterval } from './rate-interval.js';
import { panelsOf } from './targets.js';
import { targetJobInstance } from './target-job-instance.js';
import { targetPromql } from './target-promql.js';
import { templateDatasource } from './template-datasource.js';
import { templateJobInstance } from './template-job-instance.js';
import type { DashboardCheck, DashboardContext, DashboardJson } from './types.js';

export const DASHBOARD_CHECKS: readonly DashboardCheck[] = [
  templateDatasource,
  templateJobInstance,
  panelDatasource,
  panelTitleDescription,
  panelUnits,
  targetPromql,
  targetJobInstance,
  rateInterval,
  counterRate,
];

export interface DashboardLintOptions {
  /** The dashboard checks to run (default: all); the PromQL checks of panel queries run in any case. */
  checks?: readonly DashboardCheck[];
  /** Metric types and scrape intervals for the PromQL checks of panel queries (memgen's model has them). */
  promqlContext?: LintContext;
}

/** The dashboard checks, then the PromQL expression checks on every panel query that parses. */
export function lintDashboard(dashboard: unknown, metricTypes?: Readonly<Record<string, MetricType>>, options: DashboardLintOptions = {}): Problem[] {
  const json = (dashboard ?? {}) as DashboardJson;
  const ctx: DashboardContext = {
    dashboard: json,
    panels: panelsOf(json),
    variables: json.templating?.list ?? [],
    metricTypes: metricTypes ? new Map(Object.entries(metricTypes)) : undefined,
  };
  return [
    ...(options.checks ?? DASHBOARD_CHECKS).flatMap((c) => c.run(ctx).map((p) => ({ rule: c.id, severity: c.severity, ...p }))),
    ...panelPromqlProblems(ctx, options.promqlContext),
  ];
}

/** Each series name the model's metrics expose, with its type; histogram and summary series are counters. */
export function metricTypes(model: Model): Record<string, MetricType> {
  const types: Record<string, MetricType> = {};
  for (const m of Object.values(model.metrics)) {
    types[m.name] = m.type;
    if (m.type === 'histogram') types[`${m.name}_bucket`] = 'counter';
    if (m.type === 'histogram' || m.type === 'summary') {
      types[`${m.name}_count`] = 'counter';
      types[`${m.name}_sum`] = 'counter';
    }
  }
  return types;
}
