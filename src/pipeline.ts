// The whole pipeline in one place: config -> model -> lint -> emit -> serialise. No file is written here.
import { ConfigError, UsageError } from './config/errors.js';
import type { LoadedConfig } from './config/load.js';
import { closest } from './dsl/units.js';
import { emitAll } from './emit/index.js';
import { ruleGroups } from './emit/rules.js';
import { lintGroups } from './lint/index.js';
import type { Problem } from './lint/problem.js';
import { dashboardJson } from './emit/grafana.js';
import { lintDashboard, metricTypes } from './lint/dashboard/index.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/types.js';
import { serialise, type OutputFile } from './write/serialise.js';
import { presets } from '../presets/index.js';

export interface Compiled {
  model: Model;
  problems: Problem[];
  files: OutputFile[];
}

export function loadPreset(name: string): LoadedConfig {
  const preset = presets[name];
  if (!preset) {
    const guess = closest(name, Object.keys(presets));
    throw new UsageError(`unknown preset '${name}'${guess ? `; did you mean '${guess}'?` : ''} (presets: ${Object.keys(presets).join(', ')})`);
  }
  const source = `preset ${name}`;
  return { config: preset(), source, locate: () => ({ file: source }) };
}

export { withGrafanaVariables } from './promql/grafana-variables.js';

export function compile(loaded: LoadedConfig): Compiled {
  let model: Model;
  try {
    model = buildModel(loaded.config, loaded.source);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) if (!p.position && p.segments) p.position = loaded.locate(p.segments);
    }
    throw err;
  }
  const problems = [...lintGroups(ruleGroups(model)), ...lintDashboard(dashboardJson(model), metricTypes(model))];
  const files = emitAll(model).map((doc) => serialise(doc, model.source));
  return { model, problems, files };
}
