// memgen's YAML writer: plain objects (maps, arrays, strings, numbers, booleans, null) to block YAML text in
// one pass, with the bytes the yaml library writes under memgen's options (no line folding, no block scalars,
// sequences indented under their key). Building the yaml library's document first cost half of a large build's
// CPU and most of its memory; this walks the data once and builds only the text. test/yaml-writer.test.ts
// compares the two on random documents, byte for byte and parsed back. No block scalars: a trailing space inside
// one would be eaten by the trailing-whitespace hooks common in infra repos, and the committed output would no
// longer match the build.

const STEP = '  ';

// Go's YAML 1.1 parser (Prometheus, promtool) reads these as line breaks even inside quotes, where YAML 1.2
// allows them as text: strings holding them are double-quoted with the characters escaped.
const GO_YAML_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P', '\ufeff': '\\uFEFF' };
const GO_YAML_UNSAFE = /[\u0085\u2028\u2029\ufeff]/;
const GO_YAML_UNSAFE_ALL = new RegExp(GO_YAML_UNSAFE.source, 'g');

// Characters YAML cannot hold outside double quotes (C0/C1 controls except tab and line feed, lone surrogates).
const NEEDS_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}\u2028\u2029\ufeff]/u;
// A plain scalar cannot start with an indicator, hold ': ' or ' #', or start or end with white space.
const PLAIN_UNSAFE = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// Plain text that the YAML 1.2 core schema reads as null, a boolean, an integer or a float stays a string
// only in quotes.
const READS_AS_OTHER_TYPE =
  /^(?:(?:~|[Nn]ull|NULL)?|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;
// YAML 1.2 limits an implicit key to 1024 characters; longer keys are written as explicit `? key` entries.
const MAX_IMPLICIT_KEY = 1024;

// JSON's \u escapes that YAML spells shorter.
const SHORT_ESCAPES: Record<string, string> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

function doubleQuoted(value: string): string {
  let json = JSON.stringify(value);
  if (json.includes('\\u')) {
    // Escapes are read left to right, so `\\u0000` (an escaped backslash, then text) is left alone.
    json = json.replace(/\\(?:u([0-9a-f]{4})|[^u])/g, (escape, code?: string) =>
      code === undefined ? escape : (SHORT_ESCAPES[code] ?? (code.startsWith('00') ? `\\x${code.slice(2)}` : escape)),
    );
  }
  // A space before an escaped line break is escaped too, so no tool trims it as trailing white space.
  if (json.includes(' \\n')) json = json.replace(/ \\n/g, '\\ \\n');
  return GO_YAML_UNSAFE.test(json) ? json.replace(GO_YAML_UNSAFE_ALL, (c) => GO_YAML_ESCAPES[c] as string) : json;
}

/** `indent` is the scalar's own indentation, which only a multi-line single-quoted string needs. */
function singleQuoted(value: string, indent: string): string {
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

function quoted(value: string, indent: string, isKey: boolean): string {
  // Single quotes when they spare escaping a double quote; they cannot hold a line break in a key, nor white
  // space around a line break.
  if (value.includes('"') && !value.includes("'") && !(isKey && value.includes('\n')) && !/[ \t]\n|\n[ \t]/.test(value)) {
    return singleQuoted(value, indent);
  }
  return doubleQuoted(value);
}

// Most of memgen's strings (names, label values, durations, PromQL, series values) are plain: one scan over
// their characters settles those, and only the rest meet the regular expressions below. The scan accepts
// printable ASCII, a first character that is no indicator, no ': ' or ' #', and no space or ':' at the end.
const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`?-'].map((c) => c.charCodeAt(0)));
// First characters of text the core schema may read as null, a boolean or a number.
const TYPE_STARTS = new Set([...'0123456789+-.~nNtTfF'].map((c) => c.charCodeAt(0)));

function isSurelyPlain(value: string, atRoot: boolean): boolean {
  const n = value.length;
  if (n === 0) return false;
  const first = value.charCodeAt(0);
  if (first === 32 || (INDICATORS.has(first) && first !== 45) || (first === 45 && (n === 1 || value.charCodeAt(1) === 32))) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c > 126) return false;
    if (c === 58 && (i === n - 1 || value.charCodeAt(i + 1) === 32)) return false; // ': ' or a final ':'
    if (c === 32 && (i === n - 1 || value.charCodeAt(i + 1) === 35)) return false; // ' #' or a final space
  }
  if (TYPE_STARTS.has(first) && READS_AS_OTHER_TYPE.test(value)) return false;
  return !(atRoot && (first === 45 || first === 46) && DOCUMENT_MARKER.test(value));
}

/**
 * `indent` is the scalar's own indentation. `atRoot`: a key of the top-level map or the document itself, where
 * a leading `---` or `...` would read as a document marker.
 */
function scalarString(value: string, indent: string, isKey: boolean, atRoot: boolean): string {
  if (isSurelyPlain(value, atRoot)) return value;
  if (NEEDS_DOUBLE_QUOTES.test(value)) return doubleQuoted(value);
  if (value.includes('\n') || PLAIN_UNSAFE.test(value) || READS_AS_OTHER_TYPE.test(value)) return quoted(value, indent, isKey);
  if (atRoot && DOCUMENT_MARKER.test(value)) return quoted(value, indent, isKey);
  return value;
}

function number(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class YamlWriteError extends Error {
  constructor(what: string, at: string) {
    super(`cannot write ${what} as YAML at ${at || 'the document root'}`);
    this.name = 'YamlWriteError';
  }
}

/** Whether `value` is written on lines of its own below its key (a non-empty map or sequence). */
function isBlock(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) if ((value as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}

/**
 * `value` as YAML whose first line starts where the caller is; `indent` is the value's own indentation, which
 * the lines of a collection after its first start with. `at` names the place for errors (a bug of memgen's).
 */
function node(value: unknown, indent: string, at: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return scalarString(value, indent, false, false);
    case 'number':
      return number(value);
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null'; // only reached inside a sequence: a map leaves out keys whose value is undefined
    case 'object':
      break;
    default:
      throw new YamlWriteError(`a ${typeof value}`, at);
  }
  if (value === null) return 'null';
  if (seen.has(value)) throw new YamlWriteError('a circular structure', at);
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) out = sequence(value, indent, at, seen);
  else if (isPlainObject(value)) out = map(value, indent, at, seen, false);
  else throw new YamlWriteError(`a ${value.constructor?.name ?? 'non-plain'} object`, at);
  seen.delete(value);
  return out;
}

function sequence(items: unknown[], indent: string, at: string, seen: Set<object>): string {
  if (items.length === 0) return '[]';
  const itemIndent = indent + STEP;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += `\n${indent}`;
    out += `- ${node(items[i], itemIndent, `${at}[${i}]`, seen)}`;
  }
  return out;
}

function map(object: Record<string, unknown>, indent: string, at: string, seen: Set<object>, root: boolean): string {
  const valueIndent = indent + STEP;
  let out = '';
  let first = true;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (value === undefined) continue;
    if (!first) out += `\n${indent}`;
    first = false;
    const path = at ? `${at}.${key}` : key;
    const keyText = scalarString(key, valueIndent, true, root);
    const valueText = node(value, valueIndent, path, seen);
    if (keyText.length > MAX_IMPLICIT_KEY) out += `? ${keyText}\n${indent}: ${valueText}`;
    else if (isBlock(value)) out += `${keyText}:\n${valueIndent}${valueText}`;
    else out += `${keyText}: ${valueText}`;
  }
  return first ? '{}' : out;
}

/** One YAML document for `data`, ending in a line break. */
export function writeYaml(data: unknown): string {
  const seen = new Set<object>();
  if (data !== null && typeof data === 'object' && !Array.isArray(data) && isPlainObject(data)) return `${map(data, '', '', seen, true)}\n`;
  if (typeof data === 'string') return `${scalarString(data, DOCUMENT_MARKER.test(data) ? STEP : '', false, true)}\n`;
  return `${node(data, '', '', seen)}\n`;
}
