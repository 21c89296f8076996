// The whole pipeline in one place: config -> model -> lint -> emit -> serialise. No file is written here.
import { ConfigError, UsageError } from './config/errors.js';
import type { LoadedConfig } from './config/load.js';
import { closest } from './dsl/units.js';
import { byPath, emitEach } from './emit/index.js';
import { withOverrides, type EngineOptions } from './lint/engine.js';
import { lintModel, modelLintContext } from './lint/model.js';
import type { Problem } from './lint/problem.js';
import { lintDashboard, metricTypes } from './lint/dashboard/index.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/types.js';
import { serialise, type OutputFile } from './write/serialise.js';
import { presets } from '../presets/index.js';
import type { Dashboard } from '@grafana/schema';

export interface Compiled {
  model: Model;
  problems: Problem[];
  files: OutputFile[];
}

export function loadPreset(name: string): LoadedConfig {
  const preset = Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (!preset) {
    const guess = closest(name, Object.keys(presets));
    throw new UsageError(`unknown preset '${name}'${guess ? `; did you mean '${guess}'?` : ''} (presets: ${Object.keys(presets).join(', ')})`);
  }
  const source = `preset ${name}`;
  const locate = () => ({ file: source });
  // A preset without options takes no user input; the test suite validates each against the schema, so the
  // CLI skips loading and compiling the validator for it.
  return { config: preset(), problems: [], source, locate };
}

/** Builds the model, reporting schema problems and the model's own together in one ConfigError. */
export function buildCheckedModel(loaded: LoadedConfig): Model {
  const problems = [...(loaded.problems ?? [])];
  let model: Model | undefined;
  try {
    model = buildModel(loaded.config, loaded.source);
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    // A config that failed the schema may break the model stage in any way; its schema problems say why.
    else if (problems.length === 0) throw err;
  }
  if (problems.length > 0 || !model) {
    for (const p of problems) if (!p.position && p.segments) p.position = loaded.locate(p.segments);
    const unique = [...new Map(problems.map((p) => [`${p.path}\0${p.message}`, p])).values()];
    throw new ConfigError(unique);
  }
  return model;
}

/** Builds the model and the files, and lints both (`overrides`: severities per check id, as `--rule` sets them). */
export function compile(loaded: LoadedConfig, { overrides }: EngineOptions = {}): Compiled {
  const model = buildCheckedModel(loaded);
  // Rules are linted from the model before any text exists, so the linter's trees and the files' text are
  // never alive together.
  const modelProblems = lintModel(model, { overrides });
  const promqlContext = modelLintContext(model);
  const dashboardProblems: Problem[] = [];
  const files: OutputFile[] = [];
  // Each document becomes text as soon as it is emitted, so only one document's objects are alive at a time.
  for (const doc of emitEach(model)) {
    // The linter reads the dashboard the emitter built, so what is checked is what is written.
    if (doc.path.startsWith('grafana/dashboards/')) {
      for (const p of lintDashboard(doc.data as Dashboard, metricTypes(model), { promqlContext })) dashboardProblems.push({ ...p, file: doc.path });
    }
    files.push(serialise(doc, model.source));
  }
  const problems = [...modelProblems, ...withOverrides(dashboardProblems, overrides)];
  return { model, problems, files: files.sort(byPath) };
}
