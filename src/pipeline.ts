// The whole build in one place: a loaded config -> model -> the model's rules linted -> emitted documents ->
// dashboards linted -> serialised files. No file is written here. Imports follow the layer order in
// CONTRIBUTING.md (lint sits above emit: it lints the rules the emitter writes).
import type { LoadedConfig } from './source/config-file.js';
import { byPath, emitEach } from './emit/index.js';
import type { EngineOptions } from './lint/engine.js';
import { dashboardSilences, lintModel, modelLintContext } from './lint/model.js';
import type { Problem } from './problem.js';
import { lintDashboard, metricTypes } from './lint/dashboard/index.js';
import type { Model } from './model/types.js';
import { buildCheckedModel } from './source/source.js';
import { serialise, type OutputFile } from './write/serialise.js';
import type { Dashboard } from '@grafana/schema';

export { buildCheckedModel, loadPreset } from './source/source.js';

export interface Compiled {
  model: Model;
  problems: Problem[];
  files: OutputFile[];
}

/** Builds the model and the files, and lints both (`overrides`: severities per check id, as `--check` sets them). */
export function compile(loaded: LoadedConfig, { overrides }: EngineOptions = {}): Compiled {
  const model = buildCheckedModel(loaded);
  // Rules are linted from the model before any text exists, so the linter's trees and the files' text are
  // never alive together.
  const modelProblems = lintModel(model, { overrides });
  const promqlContext = modelLintContext(model);
  const silences = dashboardSilences(model);
  const dashboardProblems: Problem[] = [];
  const files: OutputFile[] = [];
  // Each document becomes text as soon as it is emitted, so only one document's objects are alive at a time.
  for (const doc of emitEach(model)) {
    // The linter reads the dashboard the emitter built, so what is checked is what is written.
    if (doc.path.startsWith('grafana/dashboards/')) {
      for (const p of lintDashboard(doc.data as Dashboard, metricTypes(model), { promqlContext, overrides, silences })) dashboardProblems.push({ ...p, file: doc.path });
    }
    files.push(serialise(doc, model.source));
  }
  return { model, problems: [...modelProblems, ...dashboardProblems], files: files.sort(byPath) };
}
