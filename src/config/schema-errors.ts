// Turning ajv's errors into memgen's problems (path, message, did-you-mean), and memgen's own schema keywords.
// Apart from validate.ts, which loads ajv itself, so that presets can check their options with an ajv they load
// only when options are given (presets/options.ts).
import type { Ajv, ErrorObject } from 'ajv';
import { closest } from '../dsl/units.js';
import { joinPath, type ConfigProblem, type SourcePosition } from './errors.js';
import { byteSizeProblem, durationProblem, type DurationKind } from './limits.js';
import { ALERT_KINDS } from './schema.js';

export type PathSegment = string | number;

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

/** memgen's keywords: the ranges of limits.ts and finite numbers. */
export function addMemgenKeywords(ajv: Ajv): void {
  rangeKeyword(ajv, 'durationRange', (data, kind) => (typeof data === 'string' ? durationProblem(data, kind as DurationKind) : undefined));
  rangeKeyword(ajv, 'byteRange', (data) => (typeof data === 'string' ? byteSizeProblem(data) : undefined));
  // YAML reads 1e999 as Infinity and .nan as NaN: numbers Prometheus would print as +Inf and NaN rules.
  rangeKeyword(ajv, 'finite', (data) => (typeof data === 'number' && !Number.isFinite(data) ? `${String(data)} is not a finite number` : undefined));
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


/** One problem per distinct ajv error, with its path (under `prefix`) and a file position from `locate`. */
export function schemaProblems(
  errors: ErrorObject[],
  locate: ((path: readonly PathSegment[], target?: 'key' | 'value') => SourcePosition) | undefined,
  prefix: readonly PathSegment[] = [],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // oneOf/if wrappers repeat what the branch errors already said.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const segments = [...prefix, ...segmentsOf(e.instancePath)];
    const { message, hint, extra } = describe(e);
    const at = extra === undefined ? segments : [...segments, extra];
    const path = joinPath(at);
    const key = `${path}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const position = locate?.(at, extra === undefined ? 'value' : 'key');
    problems.push({ path, segments: at, message, hint, ...(position ? { position } : {}) });
  }
  return problems;
}
