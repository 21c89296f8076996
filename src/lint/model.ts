// Linting memgen's own model: the rule groups the emitters write, with the metric catalog as the source of
// metric types and the services' scrape intervals. `memgen build` and `memgen lint` (no files) use this.
import { ruleGroups } from '../emit/rules.js';
import type { Model } from '../model/types.js';
import { LintContext, type MetricDefinition } from './context.js';
import { lintFiles, type EngineOptions } from './engine.js';
import type { Problem } from './problem.js';
import type { LintFile } from './types.js';

export function modelLintFile(model: Model): LintFile {
  const groups = ruleGroups(model).map((g, gi) => ({
    ...g,
    rules: g.rules.map((r, ri) => ({ ...r, lintDisable: model.groups[gi]?.alerts[ri]?.lintDisable })),
  }));
  return { path: model.source, groups };
}

export function modelLintContext(model: Model, severities?: readonly string[]): LintContext {
  const metrics: MetricDefinition[] = Object.values(model.metrics).map((m) => ({ name: m.name, type: m.type, catalogKey: m.id, file: model.source }));
  return new LintContext({
    metrics,
    metricSource: 'catalog',
    scrapeInterval: model.prometheus.scrapeInterval,
    jobIntervals: new Map(model.services.map((s) => [s.job, s.scrapeInterval])),
    severities: severities ?? [...new Set([...Object.values(model.tiers).map((t) => t.severity), 'critical', 'warning', 'info'])],
  });
}

export function lintModel(model: Model, options: EngineOptions = {}): Problem[] {
  return lintFiles([modelLintFile(model)], modelLintContext(model), options);
}
