// The front of the pipeline: a config file or preset, loaded and built into a checked model. Kept apart from
// pipeline.ts so that `memgen diff`, which compares models, loads no emitter, linter or serialiser.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError } from '../config/errors.js';
import { findDefaultConfig, loadConfigFile, type LoadedConfig } from './config-file.js';
import { closest } from '../dsl/units.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';
import { presets } from '../../presets/index.js';

export interface SourceOptions {
  preset?: string;
  config?: string;
  /** --options: the preset's options as JSON, or the path of a .json file holding them. */
  options?: string;
}

export async function loadSource(opts: SourceOptions, cwd = process.cwd()): Promise<LoadedConfig> {
  if (opts.preset && opts.config) throw new UsageError('give either --preset or --config, not both');
  if (opts.options !== undefined && !opts.preset) throw new UsageError('--options sets the options of a preset; give --preset NAME too (a config file passes options in its own code)');
  if (opts.preset) return loadPreset(opts.preset, opts.options === undefined ? undefined : readPresetOptions(opts.options, cwd));
  const file = opts.config ?? findDefaultConfig(cwd);
  if (!file) throw new UsageError('no config: pass --preset NAME or -c FILE, or create memgen.config.ts (try `memgen build --preset fastapi`)');
  return loadConfigFile(file, cwd);
}

/** --options as given: inline JSON (starting with '{') or a JSON file. */
function readPresetOptions(text: string, cwd: string): unknown {
  const inline = text.trimStart().startsWith('{');
  let json = text;
  if (!inline) {
    const file = path.resolve(cwd, text);
    if (!existsSync(file)) throw new UsageError(`--options: ${text} is neither JSON (it does not start with '{') nor an existing file`);
    json = readFileSync(file, 'utf8');
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (err) {
    throw new UsageError(`--options: ${inline ? 'the JSON' : text} does not parse: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function loadPreset(name: string, options?: unknown): LoadedConfig {
  const preset = Object.hasOwn(presets, name) ? presets[name] : undefined;
  if (!preset) {
    const guess = closest(name, Object.keys(presets));
    throw new UsageError(`unknown preset '${name}'${guess ? `; did you mean '${guess}'?` : ''} (presets: ${Object.keys(presets).join(', ')})`);
  }
  const source = `preset ${name}`;
  const locate = () => ({ file: source });
  // A preset without options takes no user input; the test suite validates each against the schema, so the
  // CLI skips loading and compiling the validator for it. Options are checked by the preset's own schema.
  if (options === undefined) return { config: preset(), problems: [], source, locate };
  try {
    return { config: preset(options as Record<string, unknown>), problems: [], source, locate };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.problems.map((p) => ({ ...p, position: p.position ?? { file: '--options' } })));
    throw err;
  }
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

