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

// Most of memgen's strings (names, label values, durations, PromQL, series values) are plain: one regular
// expression settles those, and only the rest meet the rules below. It accepts printable ASCII whose first
// character is no indicator (a '-' only before a non-space), holding no ': ' or ' #' and ending in neither a
// space nor ':'.
const SURELY_PLAIN = /^(?:[^\x00-\x20\x7f-\uffff,[\]{}#&*!|>'"%@`?:-]|-(?=[^ ]))(?:[^\x00-\x1f\x7f-\uffff: ]|:(?=[^ ])| (?=[^#]))*$/;
// First characters of text the core schema may read as null, a boolean or a number.
const TYPE_STARTS = /^[0-9+\-.~nNtTfF]/;

function isSurelyPlain(value: string, atRoot: boolean): boolean {
  if (!SURELY_PLAIN.test(value)) return false;
  if (TYPE_STARTS.test(value) && READS_AS_OTHER_TYPE.test(value)) return false;
  return !(atRoot && DOCUMENT_MARKER.test(value));
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

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && typeof value === 'object' && !(value instanceof Map) && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class YamlWriteError extends Error {
  constructor(what: string, at: ReadonlyArray<string | number>) {
    const place = at.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    super(`cannot write ${what} as YAML at ${place || 'the document root'}`);
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
 * Writes one document into text pieces, joined in blocks as they come: the text is built once, in order,
 * without a tree of the document or a rope of millions of small strings.
 */
class Writer {
  private pieces: string[] = [];
  private blocks: string[] = [];
  /** Where the writer is, for errors only (a bug of memgen's if one occurs). */
  private at: Array<string | number> = [];
  private open = new Set<object>();

  // Fleets repeat long strings (series values, expressions) across services, often as the same string object,
  // whose hash V8 keeps: classify each once per document. Short strings are quicker to classify than to look up.
  private longScalars = new Map<string, string>();
  private longScalar(value: string, indent: string): string {
    let text = this.longScalars.get(value);
    if (text === undefined) {
      text = scalarString(value, indent, false, false);
      // Multi-line single-quoted text depends on the indentation, so it is not shared.
      if (!text.startsWith("'") || !value.includes('\n')) this.longScalars.set(value, text);
    }
    return text;
  }

  text(): string {
    if (this.blocks.length === 0) return this.pieces.join('');
    this.blocks.push(this.pieces.join(''));
    this.pieces = [];
    return this.blocks.join('');
  }

  put(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length === 8192) {
      this.blocks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  /**
   * `value`, from where the writer is; `indent` is the value's own indentation, which the lines of a
   * collection after its first start with.
   */
  value(value: unknown, indent: string): void {
    switch (typeof value) {
      case 'string':
        return this.put(value.length < 32 ? scalarString(value, indent, false, false) : this.longScalar(value, indent));
      case 'number':
        return this.put(number(value));
      case 'bigint':
        return this.put(String(value));
      case 'boolean':
        return this.put(value ? 'true' : 'false');
      case 'undefined':
        return this.put('null'); // only reached inside a sequence: a map leaves out keys whose value is undefined
      case 'object':
        break;
      default:
        throw new YamlWriteError(`a ${typeof value}`, this.at);
    }
    if (value === null) return this.put('null');
    if (this.open.has(value)) throw new YamlWriteError('a circular structure', this.at);
    this.open.add(value);
    if (Array.isArray(value) || isIterable(value)) this.sequence(value as Iterable<unknown>, indent);
    else if (isPlainObject(value)) this.map(value, indent, false);
    else throw new YamlWriteError(`a ${value.constructor?.name ?? 'non-plain'} object`, this.at);
    this.open.delete(value);
  }

  /** Arrays, and other iterables (a generator of a large document's items, written without holding them all). */
  private sequence(items: Iterable<unknown>, indent: string, from: Iterator<unknown> = items[Symbol.iterator](), first = from.next()): void {
    if (first.done) return this.put('[]');
    const itemIndent = indent + STEP;
    const between = `\n${indent}- `;
    let i = 0;
    for (let item: IteratorResult<unknown> = first; !item.done; item = from.next(), i++) {
      this.put(i === 0 ? '- ' : between);
      this.at.push(i);
      this.value(item.value, itemIndent);
      this.at.pop();
    }
  }

  map(object: Record<string, unknown>, indent: string, root: boolean): void {
    const valueIndent = indent + STEP;
    const between = `\n${indent}`;
    const below = `:\n${valueIndent}`;
    let first = true;
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (value === undefined) continue;
      if (!first) this.put(between);
      first = false;
      const keyText = scalarString(key, valueIndent, true, root);
      if (keyText.length > MAX_IMPLICIT_KEY) this.put(`? ${keyText}\n${indent}: `);
      else this.put(keyText);
      this.at.push(key);
      if (keyText.length <= MAX_IMPLICIT_KEY && !Array.isArray(value) && isIterable(value)) {
        // Whether a lazy sequence is empty, and so goes on the key's line, shows only once it is started.
        const from = value[Symbol.iterator]();
        const head = from.next();
        this.put(head.done ? ': ' : below);
        this.sequence(value, valueIndent, from, head);
      } else {
        if (keyText.length <= MAX_IMPLICIT_KEY) this.put(isBlock(value) ? below : ': ');
        this.value(value, valueIndent);
      }
      this.at.pop();
    }
    if (first) this.put('{}');
  }
}

/**
 * YAML text of one document, or of several separated by `---` lines, after `header` (a comment). The whole
 * file is joined once from its pieces: adding a header or a separator afterwards would copy the text again.
 */
export function writeYaml(data: unknown, header = ''): string {
  return writeYamlDocuments([data], header);
}

export function writeYamlDocuments(documents: readonly unknown[], header = ''): string {
  const writer = new Writer();
  writer.put(header);
  documents.forEach((data, i) => {
    if (i > 0) writer.put('---\n');
    if (typeof data === 'string') writer.put(scalarString(data, DOCUMENT_MARKER.test(data) ? STEP : '', false, true));
    else if (data !== null && typeof data === 'object' && !Array.isArray(data) && isPlainObject(data)) writer.map(data, '', true);
    else writer.value(data, '');
    writer.put('\n');
  });
  return writer.text();
}
