// Schema validation with ajv: every problem at once, with the config path, a "did you mean" for misspelt keys
// and enum values, and a file position when the loader can locate the path.
import { Ajv, type ValidateFunction } from 'ajv';
import type { MemgenConfig } from '../dsl/types.js';
import { ConfigError, type ConfigProblem, type SourcePosition } from './errors.js';
import { configSchema } from './schema.js';
import { addMemgenKeywords, schemaProblems, type PathSegment } from './schema-errors.js';
import { secretProblems } from './secrets.js';
import { textProblems } from './text.js';

export type { PathSegment } from './schema-errors.js';
/** Maps a config path to a file position; loaders of YAML can, loaders of TS only name the file. */
export type Locator = (path: readonly PathSegment[], target?: 'key' | 'value') => SourcePosition;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, strict: false });
  addMemgenKeywords(ajv);
  compiled = ajv.compile(configSchema);
  return compiled;
}

/**
 * Checks the config against the schema. Problems are returned, not thrown, so the model stage can add its own
 * (a wrong unit, an unknown metric) and the user sees every problem in one run.
 */
export function validateConfig(data: unknown, locate: Locator): { config: MemgenConfig; problems: ConfigProblem[] } {
  // Secrets first: a literal key must be refused even where the schema would reject the field for another reason.
  const secrets = secretProblems(data);
  if (secrets.length > 0) throw new ConfigError(secrets.map((p) => ({ ...p, position: locate(p.segments ?? []) })));
  const validate = validator();
  const text = textProblems(data).map((p) => ({ ...p, position: locate(p.segments ?? [], 'value') }));
  if (validate(data)) return { config: data as unknown as MemgenConfig, problems: text };
  return { config: data as MemgenConfig, problems: [...text, ...schemaProblems(validate.errors ?? [], locate)] };
}
