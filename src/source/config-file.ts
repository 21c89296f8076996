// Loading a config: memgen.config.ts (through jiti, so users need no build step) or YAML of the same shape.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemgenConfig } from '../dsl/types.js';
import { ConfigError, UsageError, type ConfigProblem } from '../config/errors.js';
import { configFromPresetForm, isPresetForm } from './preset-form.js';
import type { Locator } from '../config/validate.js';

export interface LoadedConfig {
  /** The config as loaded; only trustworthy when `problems` is empty. */
  config: MemgenConfig;
  /** Schema problems, left for the pipeline to report together with the model's own. */
  problems?: ConfigProblem[];
  /** Shown in generated headers: 'preset fastapi' or the config file's name. */
  source: string;
  locate: Locator;
}

export const DEFAULT_CONFIG_FILES = ['memgen.config.ts', 'memgen.config.mts', 'memgen.config.js', 'memgen.config.yaml', 'memgen.config.yml'];

export function findDefaultConfig(cwd: string): string | undefined {
  return DEFAULT_CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
}

/** Loads a config file; `file` is shown in messages as given (relative paths stay relative). */
export async function loadConfigFile(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const absolute = path.resolve(cwd, file);
  if (!existsSync(absolute)) throw new UsageError(`config file not found: ${file}`);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return loadYamlConfig(file, readFileSync(absolute, 'utf8'));
  if (['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(ext)) return loadScriptConfig(file, absolute);
  throw new UsageError(`cannot read ${file}: a config is a .ts, .js, .yaml or .yml file`);
}

export async function loadYamlConfig(file: string, text: string): Promise<LoadedConfig> {
  // The YAML reader and the schema validator (ajv) load only for a config file: a preset needs neither.
  const [{ parseYamlSource }, { validateConfig }] = await Promise.all([import('../config/yaml-source.js'), import('../config/validate.js')]);
  const { data, locate } = parseYamlSource(file, text);
  if (isPresetForm(data)) {
    // The preset's config has no lines of its own in the file: its problems point at the file.
    const config = configFromPresetForm(data, locate);
    const atFile: Locator = () => ({ file });
    return { ...validateConfig(config, atFile), source: path.basename(file), locate: atFile };
  }
  return { ...validateConfig(data, locate), source: path.basename(file), locate };
}

// A preset's options are checked while the config runs: its problems are reported as they are, at the config
// file. The config's copy of memgen (the library, not the CLI's bundle) has its own ConfigError class, hence the
// test by name.
function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError || (err instanceof Error && err.name === 'ConfigError' && Array.isArray((err as ConfigError).problems));
}

function atFile(err: ConfigError, file: string): ConfigError {
  return new ConfigError(err.problems.map((p) => ({ ...p, position: p.position ?? { file } })));
}

async function loadScriptConfig(file: string, absolute: string): Promise<LoadedConfig> {
  const { createJiti } = await import('jiti');
  // Configs import 'memgen'; point that at this installation so a config works wherever it lives.
  const dslEntry = fileURLToPath(new URL('../index.js', import.meta.url));
  const jiti = createJiti(import.meta.url, { alias: { memgen: dslEntry }, moduleCache: false, fsCache: false });
  let loaded: unknown;
  try {
    loaded = await jiti.import(absolute, { default: true });
  } catch (err) {
    if (isConfigError(err)) throw atFile(err, file);
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError([{ path: '', message: `could not load config: ${message}`, position: { file } }]);
  }
  if (typeof loaded === 'function') {
    try {
      loaded = await (loaded as () => unknown)();
    } catch (err) {
      if (isConfigError(err)) throw atFile(err, file);
      throw err;
    }
  }
  const { validateConfig } = await import('../config/validate.js');
  const locate: Locator = () => ({ file });
  return { ...validateConfig(loaded, locate), source: path.basename(file), locate };
}
