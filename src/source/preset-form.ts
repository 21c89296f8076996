// The short YAML form `preset: NAME` with `options:`: the preset's function builds the config from them.
import { closest } from '../dsl/units.js';
import type { MemgenConfig } from '../dsl/types.js';
import { presets } from '../../presets/index.js';
import { ConfigError, joinPath, type ConfigProblem } from '../config/errors.js';
import type { Locator } from '../config/validate.js';

const FORM_KEYS = ['preset', 'options'];

export function isPresetForm(data: unknown): data is Record<string, unknown> {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'preset');
}

/** The config the named preset builds from the options; problems of the form itself are located in the file. */
export function configFromPresetForm(data: Record<string, unknown>, locate: Locator): MemgenConfig {
  const problems: ConfigProblem[] = [];
  const add = (segments: string[], message: string, hint?: string) => problems.push({ path: joinPath(segments), segments, message, hint, position: locate(segments) });
  const name = data.preset;
  const known = Object.keys(presets).sort();
  if (typeof name !== 'string' || !Object.hasOwn(presets, name)) {
    const guess = typeof name === 'string' ? closest(name, known) : undefined;
    add(['preset'], `unknown preset ${JSON.stringify(name)}`, guess ? `did you mean '${guess}'?` : `presets: ${known.join(', ')}`);
  }
  for (const key of Object.keys(data).filter((k) => !FORM_KEYS.includes(k))) {
    add([key], `'${key}' beside preset`, "with a preset, settings go under options (the preset's options); write a whole config without preset: to set anything else");
  }
  const options = data.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) add(['options'], 'options must be a mapping of the preset\'s options');
  if (problems.length > 0) throw new ConfigError(problems);
  return (presets[name as string] as (o: Record<string, unknown>) => MemgenConfig)(options as Record<string, unknown>);
}
