// Schema validation with ajv: every problem at once, with the config path, a "did you mean" for misspelt keys
// and enum values, and a file position when the loader can locate the path.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest } from '../dsl/units.js';
import type { MemgenConfig } from '../dsl/types.js';
import { ConfigError, joinPath, type ConfigProblem, type SourcePosition } from './errors.js';
import { byteSizeProblem, durationProblem, type DurationKind } from './limits.js';
import { ALERT_KINDS, configSchema } from './schema.js';
import { secretProblems } from './secrets.js';
import { textProblems } from './text.js';

export type PathSegment = string | number;
/** Maps a config path to a file position; loaders of YAML can, loaders of TS only name the file. */
export type Locator = (path: readonly PathSegment[], target?: 'key' | 'value') => SourcePosition;

/** An ajv keyword whose check returns a message (a problem) or undefined (fine). */
function rangeKeyword(ajv: Ajv, keyword: string, check: (data: unknown, schema: unknown) => string | undefined): void {
  ajv.addKeyword({
    keyword,
    errors: true,
    validate: function validate(schema: unknown, data: unknown) {
      const message = check(data, schema);
      (validate as { errors?: Array<Partial<ErrorObject>> }).errors = message ? [{ keyword, message, params: {} }] : [];
      return message === undefined;
    },
  });
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true, strict: false });
  rangeKeyword(ajv, 'durationRange', (data, kind) => (typeof data === 'string' ? durationProblem(data, kind as DurationKind) : undefined));
  rangeKeyword(ajv, 'byteRange', (data) => (typeof data === 'string' ? byteSizeProblem(data) : undefined));
  // YAML reads 1e999 as Infinity and .nan as NaN: numbers Prometheus would print as +Inf and NaN rules.
  rangeKeyword(ajv, 'finite', (data) => (typeof data === 'number' && !Number.isFinite(data) ? `${String(data)} is not a finite number` : undefined));
  compiled = ajv.compile(configSchema);
  return compiled;
}

function segmentsOf(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject): { message: string; hint?: string; extra?: PathSegment } {
  switch (e.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys(((e.parentSchema as { properties?: object }) ?? {}).properties ?? {});
      const guess = closest(key, known);
      return {
        message: `unknown key '${key}'`,
        hint: guess ? `did you mean '${guess}'?` : known.length ? `known keys: ${known.join(', ')}` : undefined,
        extra: key,
      };
    }
    case 'required':
      return { message: `'${(e.params as { missingProperty: string }).missingProperty}' is required` };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      return {
        message: `${JSON.stringify(e.data)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
        hint: guess ? `did you mean '${guess}'?` : undefined,
      };
    }
    case 'discriminator':
      return { message: `'kind' must be one of ${ALERT_KINDS.map((k) => `'${k}'`).join(', ')}` };
    case 'pattern':
      return { message: `${JSON.stringify(e.data)} does not match the expected form${e.parentSchema && (e.parentSchema as { description?: string }).description ? ` (${(e.parentSchema as { description: string }).description})` : ` ${(e.params as { pattern: string }).pattern}`}` };
    case 'durationRange':
    case 'byteRange':
    case 'finite':
      return { message: e.message ?? e.keyword };
    case 'maxItems':
      return { message: `has ${Array.isArray(e.data) ? e.data.length : 'too many'} entries; at most ${(e.params as { limit: number }).limit} are allowed` };
    case 'maxProperties':
      return { message: `has ${e.data && typeof e.data === 'object' ? Object.keys(e.data).length : 'too many'} keys; at most ${(e.params as { limit: number }).limit} are allowed` };
    case 'maxLength':
      return { message: `is ${typeof e.data === 'string' ? e.data.length : 'too many'} characters long; at most ${(e.params as { limit: number }).limit} are allowed` };
    case 'type':
      return { message: `must be ${(e.params as { type: string }).type}, not ${Array.isArray(e.data) ? 'array' : e.data === null ? 'null' : typeof e.data}` };
    default:
      return { message: e.message ?? e.keyword };
  }
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
  const problems: ConfigProblem[] = [...text];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // oneOf/if wrappers repeat what the branch errors already said.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const segments = segmentsOf(e.instancePath);
    const { message, hint, extra } = describe(e);
    const at = extra === undefined ? segments : [...segments, extra];
    const path = joinPath(at);
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, segments: at, message, hint, position: locate(at, extra === undefined ? 'value' : 'key') });
  }
  return { config: data as MemgenConfig, problems };
}
