// A fast reader for the plain block-style YAML that rule files are almost always written in: nested
// block mappings and sequences, plain, single- and double-quoted one-line scalars, literal and simple folded
// block scalars, comments. It exists for speed (the yaml library takes seconds on a 10,000-rule file).
// Anything outside that subset (flow collections, anchors, tags, several documents, multi-line quoted
// scalars...) returns undefined and the caller uses the yaml library, so the subset only needs to be right,
// not complete; test/lint/block-yaml.test.ts compares it with the yaml library on every fixture and on
// generated documents.
//
// The reader walks the text with indices and native searches (no line objects, no per-line regexes) and
// makes strings only for keys and values: an 80,000-line rule file must cost little more than one pass over
// it. It builds either the plain data (every file) or the nodes with source ranges (read again on demand,
// and then only for the sequence item, the rule, that a finding is in).

class Unsupported extends Error {}

/** A YAML node with its source range, enough to map a finding back to the file. */
export type PosNode =
  // A plain object rather than a Map: a 10,000-rule file has 30,000 mappings (and the keys have no use).
  | { kind: 'map'; start: number; end: number; entries: Record<string, PosNode> }
  | { kind: 'seq'; start: number; end: number; items: PosNode[] }
  | { kind: 'scalar'; start: number; end: number; style: ScalarStyle; value: string };

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** The value under `key` when `node` is a mapping. */
export function mapValue(node: PosNode | undefined, key: string): PosNode | undefined {
  return node?.kind === 'map' && Object.hasOwn(node.entries, key) ? node.entries[key] : undefined;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** What the reader makes of what it reads: plain data, or nodes with source ranges. */
interface Builder {
  mapping(start: number): unknown;
  /** Adds `key: value`; throws Unsupported for a key already there. */
  entry(mapping: unknown, key: string, value: unknown): void;
  sequence(start: number): unknown;
  /** Adds an item whose `-` is at offset `dash`. */
  item(sequence: unknown, value: unknown, dash: number): void;
  /** `value` is the scalar's text after folding and escapes, before the core schema resolves it. */
  scalar(value: string, style: ScalarStyle, start: number, end: number): unknown;
}

/** Plain data, and where each sequence item starts (so that one rule's positions can be read alone). */
class DataBuilder implements Builder {
  readonly itemStarts = new Map<unknown[], number[]>();

  mapping(): unknown {
    return {};
  }

  entry(mapping: unknown, key: string, value: unknown): void {
    const m = mapping as Record<string, unknown>;
    if (Object.hasOwn(m, key)) throw new Unsupported('duplicate key');
    m[key] = value;
  }

  sequence(): unknown {
    const seq: unknown[] = [];
    this.itemStarts.set(seq, []);
    return seq;
  }

  item(sequence: unknown, value: unknown, dash: number): void {
    (sequence as unknown[]).push(value);
    this.itemStarts.get(sequence as unknown[])?.push(dash);
  }

  scalar(value: string, style: ScalarStyle): unknown {
    return style === 'PLAIN' ? plainValue(value) : value;
  }
}

type MapNode = Extract<PosNode, { kind: 'map' }>;
type SeqNode = Extract<PosNode, { kind: 'seq' }>;

const positionBuilder: Builder = {
  mapping: (start): MapNode => ({ kind: 'map', start, end: start, entries: {} }),
  entry(mapping, key, value) {
    const m = mapping as MapNode;
    const v = value as PosNode;
    if (Object.hasOwn(m.entries, key)) throw new Unsupported('duplicate key');
    m.entries[key] = v;
    m.end = Math.max(m.end, v.end);
  },
  sequence: (start): SeqNode => ({ kind: 'seq', start, end: start, items: [] }),
  item(sequence, value) {
    const s = sequence as SeqNode;
    s.items.push(value as PosNode);
    s.end = (value as PosNode).end;
  },
  scalar: (value, style, start, end): PosNode => ({ kind: 'scalar', start, end, style, value }),
};

const KEYWORDS = new Map<string, unknown>([
  ...['null', 'Null', 'NULL', '~'].map((k) => [k, null] as const),
  ...['true', 'True', 'TRUE'].map((k) => [k, true] as const),
  ...['false', 'False', 'FALSE'].map((k) => [k, false] as const),
]);
/** First characters of null, booleans, numbers, .inf and .nan (indexed by char code; undefined past ASCII). */
const MAY_RESOLVE = new Uint8Array(128);
for (const c of '0123456789+-.~nNtTfF') MAY_RESOLVE[c.charCodeAt(0)] = 1;
const NUMBER = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/;

/** The value of a plain scalar under the YAML 1.2 core schema, as the yaml library resolves it. */
function plainValue(s: string): unknown {
  // Most values (expressions, names, sentences) cannot be anything but strings: decide on the first letter.
  if (!MAY_RESOLVE[s.charCodeAt(0)]) return s === '' ? null : s;
  if (s.length <= 5 && KEYWORDS.has(s)) return KEYWORDS.get(s);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  // A number beyond float64 (`1e999999`) stays text: Go's yaml gives a string field the text itself, and
  // Prometheus then refuses it as a PromQL number out of range.
  if (NUMBER.test(s)) return Number.isFinite(Number(s)) ? Number(s) : s;
  return s;
}

const DOUBLE_ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0' };
const HEX_ESCAPE_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/** The text of a double-quoted scalar's body with its escapes resolved. */
function unescapeDouble(body: string): string {
  let out = '';
  let i = 0;
  for (let b = body.indexOf('\\'); b >= 0; b = body.indexOf('\\', i)) {
    out += body.slice(i, b);
    const e = body[b + 1] ?? '';
    const simple = DOUBLE_ESCAPES[e];
    const digits = HEX_ESCAPE_DIGITS[e] ?? 0;
    const hex = body.slice(b + 2, b + 2 + digits);
    if (simple !== undefined) out += simple;
    else if (digits > 0 && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) out += String.fromCodePoint(parseInt(hex, 16));
    else throw new Unsupported('escape');
    i = b + 2 + (simple !== undefined ? 0 : digits);
  }
  return out + body.slice(i);
}

/** A mapping key the reader handles: a letter or `_`, then letters, digits and `_./-`. */
const KEY = /^[A-Za-z_][\w./-]*$/;

/**
 * The next occurrence of one character, by native search rather than a loop over characters (a cold process,
 * the CLI, runs interpreted JS for a while). The reader moves forward, so one search serves until it is passed.
 */
class NextChar {
  private from = 0;
  private at = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The first occurrence at or after `i`; the text's length when there is none. */
  after(i: number): number {
    if (i < this.from || i > this.at) {
      const found = this.text.indexOf(this.char, i);
      this.from = i;
      this.at = found < 0 ? this.text.length : found;
    }
    return this.at;
  }
}

function isSpaceOrEnd(text: string, i: number, end: number): boolean {
  return i >= end || text.charCodeAt(i) === SPACE;
}

/** Leaves the flow indicators, anchors, aliases, tags and reserved characters to the yaml library. */
function isUnsupportedStart(c: number): boolean {
  // [ ] { } & * ! % @ ` ? ,
  return c === 91 || c === 93 || c === 123 || c === 125 || c === 38 || c === 42 || c === 33 || c === 37 || c === 64 || c === 96 || c === 63 || c === 44;
}

const SPACES: string[] = [];

function spaces(n: number): string {
  return (SPACES[n] ??= ' '.repeat(n));
}

let searches: { text: string; colons: NextChar; hashes: NextChar; backslashes: NextChar } | undefined;

class BlockReader {
  /** Start of the first line not consumed yet. */
  private pos = 0;
  // The current content line, as found by peek() from `peekedFrom`.
  private peekedFrom = -1;
  private found = false;
  private lineStart = 0;
  private indent = 0;
  /** First non-space character of the line. */
  private content = 0;
  /** End of the line's content, trailing spaces left out. */
  private contentEnd = 0;
  /** The line's '\n' (or the end of the text). */
  private lineEnd = 0;
  /** Keys met so far, to reuse one string for the thousands of `expr:` (and not make a string per line). */
  private readonly keys = new Map<number, string>();
  private readonly colons: NextChar;
  private readonly hashes: NextChar;
  private readonly backslashes: NextChar;

  constructor(
    private readonly text: string,
    private readonly build: Builder,
  ) {
    // Searches are shared by every reader of one text: reading the rules that findings are in, one by one,
    // then costs one search to the next `#` (or to the end of a file without comments), not one per rule.
    if (searches?.text !== text) searches = { text, colons: new NextChar(text, ':'), hashes: new NextChar(text, '#'), backslashes: new NextChar(text, '\\') };
    this.colons = searches.colons;
    this.hashes = searches.hashes;
    this.backslashes = searches.backslashes;
  }

  /** The whole document, or undefined when it is empty. */
  document(): { value: unknown } | undefined {
    if (!this.peek()) return undefined;
    const value = this.node(this.indent);
    if (this.peek()) throw new Unsupported('text after the document');
    return { value };
  }

  /** Only the sequence item whose `-` is at `dash` (the first character of its line, in a supported document). */
  itemAt(dash: number): { value: unknown } {
    this.pos = this.text.lastIndexOf('\n', dash) + 1;
    if (!this.peek() || this.content !== dash || !this.isDashAt(dash)) throw new Unsupported('not a sequence item');
    return { value: this.item(this.indent) };
  }

  /** Finds the next content line (blank and comment lines are skipped outside block scalars). */
  private peek(): boolean {
    if (this.peekedFrom === this.pos) return this.found;
    const t = this.text;
    this.peekedFrom = this.pos;
    for (let p = this.pos; p < t.length; ) {
      const c = this.indentEnd(p);
      let nl = t.indexOf('\n', c);
      if (nl < 0) nl = t.length;
      if (c === nl || t.charCodeAt(c) === HASH) {
        p = nl + 1;
        continue;
      }
      let e = nl;
      while (t.charCodeAt(e - 1) === SPACE) e--;
      this.lineStart = p;
      this.indent = c - p;
      this.content = c;
      this.contentEnd = e;
      this.lineEnd = nl;
      return (this.found = true);
    }
    return (this.found = false);
  }

  /** The end of the spaces that start the line at `p`; most lines are indented like the line before them. */
  private indentEnd(p: number): number {
    const t = this.text;
    const guess = this.indent;
    if (t.charCodeAt(p + guess) !== SPACE && t.startsWith(spaces(guess), p)) return p + guess;
    let c = p;
    while (t.charCodeAt(c) === SPACE) c++;
    return c;
  }

  private consumeLine(): void {
    this.pos = this.lineEnd + 1;
  }

  /** Whether a `-` sequence indicator is at `i` of the current line. */
  private isDashAt(i: number): boolean {
    return this.text.charCodeAt(i) === DASH && isSpaceOrEnd(this.text, i + 1, this.contentEnd);
  }

  /** The mapping key that starts at `i` of the current line (up to a `:` and a space), if it is one. */
  private keyAt(i: number): string | undefined {
    const t = this.text;
    const colon = this.colons.after(i);
    if (colon >= this.contentEnd || colon === i || !isSpaceOrEnd(t, colon + 1, this.contentEnd)) return undefined;
    const slot = (colon - i) * 128 + (t.charCodeAt(i) & 127);
    const seen = this.keys.get(slot);
    if (seen !== undefined && t.startsWith(seen, i)) return seen;
    const key = t.slice(i, colon);
    // null/true/false keys become '' or 'true' in the yaml library's output; __proto__ is not a plain key.
    if (!KEY.test(key) || KEYWORDS.has(key) || key === '__proto__') return undefined;
    this.keys.set(slot, key);
    return key;
  }

  /** A node whose first line is the current line, at exactly `indent`. */
  private node(indent: number): unknown {
    if (!this.peek() || this.indent !== indent) throw new Unsupported('indentation');
    return this.isDashAt(this.content) ? this.sequence(indent) : this.mapping(indent, this.content);
  }

  private sequence(indent: number): unknown {
    const seq = this.build.sequence(this.content);
    while (this.peek() && this.indent === indent && this.isDashAt(this.content)) {
      const dash = this.content;
      this.build.item(seq, this.item(indent), dash);
    }
    return seq;
  }

  /** The item that starts on the current line with a `-` at column `indent`. */
  private item(indent: number): unknown {
    const dash = this.content;
    let at = dash + 1;
    while (at < this.contentEnd && this.text.charCodeAt(at) === SPACE) at++;
    if (this.isDashAt(at)) throw new Unsupported('nested inline sequence');
    return this.keyAt(at) !== undefined ? this.mapping(indent + (at - dash), at) : this.value(at, indent, true);
  }

  /** A mapping at column `indent` whose first key starts at `at` on the current line. */
  private mapping(indent: number, at: number): unknown {
    const map = this.build.mapping(at);
    for (let keyStart = at; ; keyStart = this.content) {
      const key = this.keyAt(keyStart);
      if (key === undefined) throw new Unsupported('not a mapping entry');
      let valueAt = keyStart + key.length + 1;
      while (valueAt < this.contentEnd && this.text.charCodeAt(valueAt) === SPACE) valueAt++;
      this.build.entry(map, key, this.value(valueAt, indent, false));
      if (!this.peek() || this.indent < indent) break;
      if (this.indent !== indent) throw new Unsupported('indentation');
      if (this.isDashAt(this.content)) break;
    }
    return map;
  }

  /**
   * The value at `at` on the current line: after `key:` in a mapping at column `indent`, or after `-` in a
   * sequence there. Nothing (or a comment) there means the value is on the next lines, or null.
   */
  private value(at: number, indent: number, inSequence: boolean): unknown {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (at >= this.contentEnd || c === HASH) {
      const lineEnd = this.lineEnd;
      this.consumeLine();
      if (this.peek() && this.indent > indent) return this.node(this.indent);
      // `key:` followed by `- item` lines at the key's own column.
      if (!inSequence && this.found && this.indent === indent && this.isDashAt(this.content)) return this.sequence(indent);
      // Where the yaml library puts an empty value: at its comment, or at the end of the line.
      const emptyAt = at >= this.contentEnd ? lineEnd : at;
      return this.build.scalar('', 'PLAIN', emptyAt, emptyAt);
    }
    if (c === 124 || c === 62) return this.blockScalar(at, indent);
    if (c === 34 || c === 39) return this.quoted(at);
    return this.plain(at, indent);
  }

  /** A one-line quoted scalar; a comment may follow it after a space. */
  private quoted(at: number): unknown {
    const t = this.text;
    const double = t.charCodeAt(at) === 34;
    let close = t.indexOf(double ? '"' : "'", at + 1);
    let escaped = false;
    if (double && this.backslashes.after(at + 1) < close) {
      escaped = true;
      close = this.closingDoubleQuote(at);
    }
    while (!double && close >= 0 && t.charCodeAt(close + 1) === 39) {
      escaped = true;
      close = t.indexOf("'", close + 2);
    }
    if (close < 0 || close >= this.contentEnd) throw new Unsupported('multi-line quoted scalar');
    this.expectLineEnd(close + 1);
    this.consumeLine();
    const body = t.slice(at + 1, close);
    const value = !escaped ? body : double ? unescapeDouble(body) : body.replaceAll("''", "'");
    return this.build.scalar(value, double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, close + 1);
  }

  /** The `"` that closes a double-quoted scalar with escapes in it (`\"` does not), or -1. */
  private closingDoubleQuote(at: number): number {
    for (let i = at + 1; i < this.contentEnd; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i;
    }
    return -1;
  }

  /** Only spaces, or spaces and a comment, may follow `i` on the current line. */
  private expectLineEnd(i: number): void {
    let j = i;
    while (j < this.contentEnd && this.text.charCodeAt(j) === SPACE) j++;
    if (j < this.contentEnd && !(j > i && this.text.charCodeAt(j) === HASH)) throw new Unsupported('text after a scalar');
  }

  /** The end of a plain scalar's text starting at `at` on the current line: before a ` #` comment. */
  private plainEnd(at: number): number {
    const t = this.text;
    let end = this.hashes.after(at);
    while (end < this.contentEnd && t.charCodeAt(end - 1) !== SPACE) end = this.hashes.after(end + 1);
    if (end > this.contentEnd) end = this.contentEnd;
    else while (t.charCodeAt(end - 1) === SPACE) end--;
    // `: ` inside the text would make it a mapping.
    for (let colon = this.colons.after(at); colon < end; colon = this.colons.after(colon + 1)) {
      if (isSpaceOrEnd(t, colon + 1, end)) throw new Unsupported('colon in plain scalar');
    }
    return end;
  }

  /** A plain scalar; its continuation lines (indented deeper than `indent`) fold into spaces. */
  private plain(at: number, indent: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (isUnsupportedStart(c) || ((c === DASH || c === COLON) && isSpaceOrEnd(t, at + 1, this.contentEnd))) throw new Unsupported('indicator');
    let end = this.plainEnd(at);
    let value = t.slice(at, end);
    // After a comment, a deeper line is an error; after a blank line, YAML folds it into a line break.
    let ended = end !== this.contentEnd;
    this.consumeLine();
    for (let next = this.pos; this.peek() && this.indent > indent; next = this.pos) {
      if (ended || this.lineStart !== next) throw new Unsupported('plain scalar across blank or comment lines');
      const from = this.content;
      const lead = t.charCodeAt(from);
      if ((lead === DASH || lead === 63 || lead === COLON) && isSpaceOrEnd(t, from + 1, this.contentEnd)) throw new Unsupported('indicator in continuation');
      end = this.plainEnd(from);
      ended = end !== this.contentEnd;
      value += ` ${t.slice(from, end)}`;
      this.consumeLine();
    }
    return this.build.scalar(value, 'PLAIN', at, end);
  }

  /** A `|` or `>` block scalar (clip or strip chomping, indentation detected) whose header is at `at`. */
  private blockScalar(at: number, indent: number): unknown {
    const t = this.text;
    const literal = t.charCodeAt(at) === 124;
    let headerEnd = at + 1;
    const strip = t.charCodeAt(headerEnd) === DASH;
    if (strip) headerEnd++;
    if (t.charCodeAt(headerEnd) !== SPACE && headerEnd < this.contentEnd) throw new Unsupported('block scalar header');
    this.expectLineEnd(headerEnd);
    this.consumeLine();
    let body = '';
    let contentIndent = -1;
    let end = headerEnd;
    /** Blank lines since the last content line (or since the header). */
    let blanks = 0;
    let longestLeadingBlank = 0;
    let p = this.pos;
    // Raw lines: inside a block scalar, blank lines and `#` lines are content.
    for (; p < t.length; ) {
      let nl = t.indexOf('\n', p);
      if (nl < 0) nl = t.length;
      let c = p;
      while (c < nl && t.charCodeAt(c) === SPACE) c++;
      if (c === nl) {
        // A line of spaces longer than the indentation is content (spaces); left to the yaml library.
        if (contentIndent >= 0 && nl - p > contentIndent) throw new Unsupported('spaces-only line');
        if (contentIndent < 0) longestLeadingBlank = Math.max(longestLeadingBlank, nl - p);
        blanks++;
        p = nl + 1;
        continue;
      }
      if (c - p <= indent) break;
      if (contentIndent < 0) contentIndent = c - p;
      if (c - p < contentIndent) throw new Unsupported('block scalar indentation');
      if (t.charCodeAt(nl - 1) === SPACE) throw new Unsupported('trailing spaces');
      if (!literal && c - p > contentIndent) throw new Unsupported('more-indented folded lines');
      const line = t.slice(p + contentIndent, nl);
      if (end === headerEnd) body = '\n'.repeat(blanks) + line;
      else body += (literal ? '\n'.repeat(blanks + 1) : blanks === 0 ? ' ' : '\n'.repeat(blanks)) + line;
      blanks = 0;
      end = nl;
      p = nl + 1;
    }
    if (longestLeadingBlank > Math.max(contentIndent, 0)) throw new Unsupported('more-indented leading blank lines');
    this.pos = Math.min(p, t.length);
    const value = end === headerEnd || strip ? body : `${body}\n`;
    return this.build.scalar(value, literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', at, end);
  }
}

function read(text: string, build: Builder, itemAt?: number): { value: unknown } | undefined | null {
  // Tabs, CRs and a byte-order mark would each need rules of their own; the yaml library has them. (An item
  // is read from a text already read whole.)
  if (itemAt === undefined && (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff)) return null;
  try {
    const reader = new BlockReader(text, build);
    return itemAt === undefined ? reader.document() : reader.itemAt(itemAt);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

export interface BlockYaml {
  data: unknown;
  /** The offset of each item's `-`, by sequence of `data`: where readBlockYamlTree can read one rule alone. */
  itemStarts: ReadonlyMap<unknown, readonly number[]>;
}

/**
 * The document as plain data, or undefined when it uses YAML outside the subset. Document markers (`---`,
 * `...`) and directives (`%`) need no check of their own: no key starts with `-`, `.` or `%`.
 */
export function readBlockYaml(text: string): BlockYaml | undefined {
  const build = new DataBuilder();
  const r = read(text, build);
  return r === null ? undefined : { data: r?.value ?? null, itemStarts: build.itemStarts };
}

/**
 * The nodes with their source ranges of the document, or of only the sequence item at `itemAt` (an offset
 * from BlockYaml.itemStarts): a finding's position costs a few lines, not a second read of the whole file.
 */
export function readBlockYamlTree(text: string, itemAt?: number): PosNode | undefined {
  return (read(text, positionBuilder, itemAt)?.value as PosNode | undefined) ?? undefined;
}
