// Linting memgen's own model: the rule groups the emitters write, with the metric catalog as the source of
// metric types and the services' scrape intervals. `memgen build` and `memgen lint` (no files) use this.
import { ConfigError } from '../config/errors.js';
import { closest } from '../dsl/units.js';
import { ruleGroups } from '../emit/rules.js';
import type { Model } from '../model/types.js';
import { LintContext, type MetricDefinition } from './context.js';
import { DASHBOARD_CHECKS, type DashboardSilences } from './dashboard/index.js';
import { lintFiles, type EngineOptions } from './engine.js';
import type { Problem } from '../problem.js';
import { CHECKS } from './checks/index.js';
import { LIVE_CHECKS } from './live/index.js';
import type { LintFile } from './types.js';

/** The config's `lint.disable` on the dashboard and on each panel (by title, which is unique). */
export function dashboardSilences(model: Model): DashboardSilences {
  return {
    dashboard: model.dashboard.lintDisable,
    panels: new Map(model.dashboard.panels.flatMap((p) => (p.lintDisable ? [[p.title, p.lintDisable] as const] : []))),
  };
}

export function modelLintFile(model: Model): LintFile {
  const groups = ruleGroups(model).map((g, gi) => ({
    ...g,
    rules: g.rules.map((r, ri) => ({ ...r, lintDisable: model.groups[gi]?.alerts[ri]?.lintDisable })),
  }));
  return { path: model.source, groups };
}

export function modelLintContext(model: Model, severities?: readonly string[]): LintContext {
  const metrics: MetricDefinition[] = Object.values(model.metrics).map((m) => ({
    name: m.name,
    type: m.type,
    catalogKey: m.id,
    file: model.source,
    lintDisable: m.lintDisable,
    buckets: m.buckets,
  }));
  return new LintContext({
    metrics,
    metricSource: 'catalog',
    scrapeInterval: model.prometheus.scrapeInterval,
    jobIntervals: new Map(model.services.map((s) => [s.job, s.scrapeInterval])),
    severities: severities ?? [...new Set([...Object.values(model.tiers).map((t) => t.severity), 'critical', 'warning', 'info'])],
  });
}

/** A config that disables a check memgen does not have is a typo: say so instead of silencing nothing. */
function checkDisabledIds(model: Model): void {
  // The online checks (memgen lint --prometheus) may be disabled on an alert too.
  const ruleIds = [...CHECKS, ...LIVE_CHECKS].map((c) => c.id);
  // A dashboard or panel also runs the rule files' expression checks on its queries.
  const dashboardIds = [...DASHBOARD_CHECKS.map((c) => c.id), ...ruleIds];
  const unknown = (path: string, disabled: readonly string[] = [], ids: readonly string[] = ruleIds) =>
    disabled.filter((id) => !ids.includes(id)).map((id) => {
      const guess = closest(id, ids);
      return { path: `${path}.lint.disable`, message: `unknown lint check '${id}'`, hint: guess ? `did you mean '${guess}'?` : 'see docs/checks/ for the check ids' };
    });
  const problems = [
    ...model.groups.flatMap((g) => g.alerts.flatMap((a) => unknown(a.configPath, a.lintDisable))),
    ...Object.values(model.metrics).flatMap((m) => unknown(`metrics.${m.id}`, m.lintDisable)),
    ...unknown('dashboard', model.dashboard.lintDisable, dashboardIds),
    ...model.dashboard.panels.flatMap((p) => unknown(p.configPath, p.lintDisable, dashboardIds)),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

export function lintModel(model: Model, options: EngineOptions = {}): Problem[] {
  checkDisabledIds(model);
  return lintFiles([modelLintFile(model)], modelLintContext(model), options);
}
