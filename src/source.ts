// The front of the pipeline: a config file or preset, loaded and built into a checked model. Kept apart from
// pipeline.ts so that `memgen diff`, which compares models, loads no emitter, linter or serialiser.
import { ConfigError, UsageError } from './config/errors.js';
import { findDefaultConfig, loadConfigFile, type LoadedConfig } from './config/load.js';
import { closest } from './dsl/units.js';
import { buildModel } from './model/build.js';
import type { Model } from './model/types.js';
import { presets } from '../presets/index.js';

export async function loadSource(opts: { preset?: string; config?: string }, cwd = process.cwd()): Promise<LoadedConfig> {
  if (opts.preset && opts.config) throw new UsageError('give either --preset or --config, not both');
  if (opts.preset) return loadPreset(opts.preset);
  const file = opts.config ?? findDefaultConfig(cwd);
  if (!file) throw new UsageError('no config: pass --preset NAME or -c FILE, or create memgen.config.ts (try `memgen build --preset fastapi`)');
  return loadConfigFile(file, cwd);
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

