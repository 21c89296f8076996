// Dashboard lint checks, after grafana/dashboard-linter's rules: lint checks like the rule files' (id,
// severity, docs page, `--check` overrides, silencing, sorting) whose `dashboard` hook reads Grafana JSON.
// lintDashboard() runs them and the rule files' expression checks on every panel query; problems carry the
// JSON path as `field` (panels[2].targets[0].expr) and the panel's title.
import type { MetricType } from '../../dsl/types.js';
import type { Model } from '../../model/types.js';
import { LintContext } from '../context.js';
import { cappedSeverity, severityUnder, type EngineOptions } from '../engine.js';
import type { Problem } from '../../problem.js';
import type { Check, DashboardCheck, Finding } from '../types.js';
import { counterRate } from './counter-rate.js';
import { panelDatasource } from './panel-datasource.js';
import { panelPromqlChecks, panelPromqlFindings } from './panel-promql.js';
import { panelTitleDescription } from './panel-title-description.js';
import { panelUnits } from './panel-units.js';
import { rateInterval } from './rate-interval.js';
import { panelsOf } from './targets.js';
import { targetJobInstance } from './target-job-instance.js';
import { targetPromql } from './target-promql.js';
import { templateDatasource } from './template-datasource.js';
import { templateJobInstance } from './template-job-instance.js';
import type { DashboardContext, DashboardJson } from './types.js';

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

/** Where a problem is silenced: check ids per panel title, and for the whole dashboard. */
export interface DashboardSilences {
  dashboard?: readonly string[];
  panels?: ReadonlyMap<string, readonly string[]>;
}

export interface DashboardLintOptions {
  /** The dashboard checks to run (default: all); the PromQL checks of panel queries run in any case. */
  checks?: readonly Check[];
  /** Metric types and scrape intervals for the checks (memgen's model has them). */
  promqlContext?: LintContext;
  /** `--check` severities: a new severity per check id, or 'off'. */
  overrides?: EngineOptions['overrides'];
  /** A memgen config's `lint.disable` on the dashboard and on its panels. */
  silences?: DashboardSilences;
}

/** A context from the dashboard's metric types alone (a foreign dashboard: the type sources fill the gaps). */
function typesContext(metricTypes: Readonly<Record<string, MetricType>> | undefined): LintContext {
  const metrics = Object.entries(metricTypes ?? {}).map(([name, type]) => ({ name, type }));
  return new LintContext({ metrics, metricSource: 'catalog' });
}

function silenced(p: Problem, silences: DashboardSilences | undefined): boolean {
  if (!silences) return false;
  const on = (ids: readonly string[] | undefined) => ids !== undefined && (ids.includes(p.rule) || ids.includes('*'));
  return on(silences.dashboard) || (p.panel !== undefined && on(silences.panels?.get(p.panel)));
}

/** Panels in the order they are in the JSON (panels[2] before panels[10]), then position, check, message. */
function sortDashboardProblems(problems: Problem[]): Problem[] {
  const path = (p: Problem) => p.field ?? '';
  return problems.sort(
    (a, b) =>
      path(a).localeCompare(path(b), 'en', { numeric: true }) ||
      (a.span?.[0] ?? 0) - (b.span?.[0] ?? 0) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/** The dashboard checks, then the PromQL expression checks on every panel query that parses. */
export function lintDashboard(dashboard: unknown, metricTypes?: Readonly<Record<string, MetricType>>, options: DashboardLintOptions = {}): Problem[] {
  const json = (dashboard ?? {}) as DashboardJson;
  const ctx: DashboardContext = { dashboard: json, panels: panelsOf(json), variables: json.templating?.list ?? [] };
  const lint = options.promqlContext ?? typesContext(metricTypes);
  const problems: Problem[] = [];
  const report = (check: Check, findings: readonly Finding[]) => {
    const severity = severityUnder(options.overrides, check.id, check.severity);
    if (!severity) return;
    for (const f of findings) {
      const p: Problem = { rule: check.id, severity: cappedSeverity(severity, f.maxSeverity), message: f.message };
      if (f.panel !== undefined) p.panel = f.panel;
      if (f.field !== undefined) p.field = f.field;
      if (f.span) p.span = f.span;
      if (!silenced(p, options.silences)) problems.push(p);
    }
  };
  for (const check of options.checks ?? DASHBOARD_CHECKS) if (check.dashboard) report(check, check.dashboard(ctx, lint));
  for (const check of panelPromqlChecks()) report(check, panelPromqlFindings(check, ctx, lint));
  return sortDashboardProblems(problems);
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
