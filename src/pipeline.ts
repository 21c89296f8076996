// The whole pipeline in one place: config -> model -> lint -> emit -> serialise. No file is written here.
import { ConfigError, UsageError } from './config/errors.js';
import type { LoadedConfig } from './config/load.js';
import { closest } from './dsl/units.js';
import { emitAll } from './emit/index.js';
import { lintModel } from './lint/model.js';
import type { Problem } from './lint/problem.js';
import { syntaxErrors } from './promql/parse.js';
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

// Grafana substitutes these before the query reaches Prometheus; give the parser a value of the same kind.
export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m').replace(/\$\{?__\w+\}?/g, '1');
}

function lintPanels(model: Model): Problem[] {
  return model.dashboard.panels.flatMap((panel) =>
    panel.targets.flatMap((t, i) =>
      syntaxErrors(withGrafanaVariables(t.expr)).map((e) => ({
        rule: 'promql/syntax',
        severity: 'error' as const,
        message: `PromQL syntax error: ${e.message}`,
        name: `panel '${panel.title}'`,
        field: `targets[${i}].expr`,
        span: [e.from, e.to] as [number, number],
      })),
    ),
  );
}

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
  const problems = [...lintModel(model), ...lintPanels(model)];
  const files = emitAll(model).map((doc) => serialise(doc, model.source));
  return { model, problems, files };
}
