// A fast reader for the plain block-style YAML that rule files are almost always written in: nested
// block mappings and sequences, plain, single- and double-quoted one-line scalars, literal and simple folded
// block scalars, comments. It exists for speed (the yaml library takes seconds on a 10,000-rule file).
// Anything outside that subset (flow collections, anchors, tags, several documents, multi-line quoted
// scalars...) returns undefined and the caller uses the yaml library, so the subset only needs to be right,
// not complete; test/lint/block-yaml.test.ts compares it with the yaml library on every fixture.

class Unsupported extends Error {}

/** A YAML node with its source range, enough to map a finding back to the file. */
export type PosNode =
  | { kind: 'map'; start: number; end: number; entries: Map<string, { key: PosNode; value: PosNode }> }
  | { kind: 'seq'; start: number; end: number; items: PosNode[] }
  | { kind: 'scalar'; start: number; end: number; style: ScalarStyle; value: string };

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

interface Line {
  /** Offset of the line's first character in the text. */
  offset: number;
  indent: number;
  /** Text after the indentation; '' for blank and comment-only lines. */
  text: string;
  raw: string;
}

const NUMBER = /^[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?$/;

/** The value of a plain scalar under the YAML 1.2 core schema, as the yaml library resolves it. */
function plainValue(s: string): unknown {
  if (s === '' || s === '~' || /^(null|Null|NULL)$/.test(s)) return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (NUMBER.test(s)) return Number(s);
  return s;
}

const DOUBLE_ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0' };

/** A quoted scalar that starts `text`; returns the value and the rest of the line. */
function quoted(text: string): { value: string; rest: string } {
  const q = text[0];
  let out = '';
  let i = 1;
  for (;;) {
    if (i >= text.length) throw new Unsupported('multi-line quoted scalar');
    const c = text[i] as string;
    if (q === "'" && c === "'") {
      if (text[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      break;
    }
    if (q === '"' && c === '"') break;
    if (q === '"' && c === '\\') {
      const e = text[i + 1] ?? '';
      if (e in DOUBLE_ESCAPES) {
        out += DOUBLE_ESCAPES[e];
        i += 2;
        continue;
      }
      const hex = { x: 2, u: 4, U: 8 }[e];
      if (!hex || !/^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hex)) || text.slice(i + 2, i + 2 + hex).length !== hex) throw new Unsupported('escape');
      out += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hex), 16));
      i += 2 + hex;
      continue;
    }
    out += c;
    i++;
  }
  return { value: out, rest: text.slice(i + 1) };
}

/** The end of a line's content: before a ` #` comment. */
function stripComment(text: string): string {
  const m = /(^|\s)#/.exec(text);
  return (m ? text.slice(0, m.index) : text).trimEnd();
}

type Read = { v: unknown; p: PosNode };

class BlockReader {
  i = 0;

  constructor(private readonly lines: Line[]) {}

  /** The next content line (blank and comment lines are skipped outside block scalars). */
  peek(): Line | undefined {
    while (this.i < this.lines.length && (this.lines[this.i] as Line).text === '') this.i++;
    return this.lines[this.i];
  }

  /** A node whose first line is the next line, at exactly `indent`. */
  node(indent: number): Read {
    const line = this.peek();
    if (!line || line.indent !== indent) throw new Unsupported('indentation');
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, line.text, line.offset + line.indent);
  }

  private sequence(indent: number): Read {
    const v: unknown[] = [];
    const items: PosNode[] = [];
    const first = this.peek() as Line;
    for (let line = this.peek(); line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.peek()) {
      const rest = line.text.slice(1);
      const inner = rest.length - rest.trimStart().length + 1;
      const content = rest.trim();
      const at = line.offset + indent + inner;
      let item: Read;
      if (content === '' || content.startsWith('#')) {
        this.i++;
        const next = this.peek();
        item = next && next.indent > indent ? this.node(next.indent) : { v: null, p: empty(at) };
      } else if (content.startsWith('- ')) throw new Unsupported('nested inline sequence');
      else if (keyOf(content)) item = this.mapping(indent + inner, content, at);
      else {
        this.i++;
        item = this.scalar(content, at, indent);
      }
      v.push(item.v);
      items.push(item.p);
    }
    return { v, p: { kind: 'seq', start: first.offset + indent, end: items[items.length - 1]?.end ?? first.offset + indent, items } };
  }

  /** A mapping at column `indent`; its first line's text is `first`, starting at offset `at`. */
  private mapping(indent: number, first: string, at: number): Read {
    const v: Record<string, unknown> = {};
    const entries = new Map<string, { key: PosNode; value: PosNode }>();
    let text = first;
    let textAt = at;
    let end = at;
    for (;;) {
      const key = keyOf(text);
      if (!key) throw new Unsupported('not a mapping entry');
      if (Object.prototype.hasOwnProperty.call(v, key.key) || key.key === '__proto__') throw new Unsupported('duplicate key');
      this.i++;
      const valueAt = textAt + text.length - key.rest.length;
      const value = this.value(key.rest, valueAt, indent);
      v[key.key] = value.v;
      entries.set(key.key, { key: { kind: 'scalar', start: textAt, end: textAt + key.key.length, style: 'PLAIN', value: key.key }, value: value.p });
      end = Math.max(end, value.p.end);
      const next = this.peek();
      if (!next || next.indent < indent) break;
      if (next.indent !== indent) throw new Unsupported('indentation');
      if (next.text === '-' || next.text.startsWith('- ')) break;
      text = next.text;
      textAt = next.offset + next.indent;
    }
    return { v, p: { kind: 'map', start: at, end, entries } };
  }

  /** The value after `key:` (text `rest` at offset `at`) on a line of a mapping at column `indent`. */
  private value(rest: string, at: number, indent: number): Read {
    const content = stripComment(rest).trim();
    if (content === '') {
      const next = this.peek();
      if (next && next.indent > indent) return this.node(next.indent);
      if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(indent);
      return { v: null, p: empty(at) };
    }
    if (/^[|>]/.test(content)) return this.blockScalar(content, at, indent);
    return this.scalar(rest.trim(), at, indent);
  }

  private scalar(text: string, at: number, indent: number): Read {
    if (/^[[\]{}&*!%@`?,]/.test(text)) throw new Unsupported('flow, anchor, alias or tag');
    if (text.startsWith('"') || text.startsWith("'")) {
      const { value, rest } = quoted(text);
      if (stripComment(rest).trim() !== '') throw new Unsupported('text after a quoted scalar');
      const style = text.startsWith('"') ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
      return { v: value, p: { kind: 'scalar', start: at, end: at + text.length - rest.length, style, value } };
    }
    let value = stripComment(text);
    let end = at + value.length;
    if (/:(\s|$)/.test(value)) throw new Unsupported('colon in plain scalar');
    // Continuation lines of a multi-line plain scalar fold into spaces.
    for (let next = this.peek(); next && next.indent > indent; next = this.peek()) {
      const more = stripComment(next.text);
      if (more !== next.text || /:(\s|$)/.test(more) || /^[-?]\s/.test(more)) throw new Unsupported('complex plain continuation');
      value += ` ${more.trim()}`;
      end = next.offset + next.indent + more.length;
      this.i++;
    }
    const v = plainValue(value);
    return { v, p: { kind: 'scalar', start: at, end, style: 'PLAIN', value } };
  }

  private blockScalar(header: string, at: number, indent: number): Read {
    const m = /^([|>])([-+]?)$/.exec(header);
    if (!m || m[2] === '+') throw new Unsupported('block scalar header');
    const [, style, chomp] = m;
    const raw: string[] = [];
    let contentIndent = -1;
    let end = at + header.length;
    // Raw lines: inside a block scalar, blank lines and `#` lines are content.
    for (; this.i < this.lines.length; this.i++) {
      const line = this.lines[this.i] as Line;
      if (line.raw.trim() === '') {
        if (contentIndent >= 0 && line.raw.length > contentIndent) throw new Unsupported('spaces-only line');
        raw.push('');
        continue;
      }
      if (line.indent <= indent) break;
      if (contentIndent < 0) contentIndent = line.indent;
      if (line.indent < contentIndent) throw new Unsupported('block scalar indentation');
      raw.push(line.raw.slice(contentIndent).trimEnd() === line.raw.slice(contentIndent) ? line.raw.slice(contentIndent) : fail('trailing spaces'));
      end = line.offset + line.raw.length;
    }
    while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    let body = '';
    if (raw.length > 0 && style === '|') body = raw.join('\n');
    else if (raw.length > 0) {
      if (raw.some((l) => l.startsWith(' '))) throw new Unsupported('more-indented folded lines');
      body = raw.reduce((acc, l, k) => (k === 0 ? l : acc + (l === '' ? '\n' : raw[k - 1] === '' ? l : ` ${l}`)), '');
    }
    const value = raw.length === 0 || chomp === '-' ? body : `${body}\n`;
    return { v: value, p: { kind: 'scalar', start: at, end, style: style === '|' ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', value } };
  }
}

function empty(at: number): PosNode {
  return { kind: 'scalar', start: at, end: at, style: 'PLAIN', value: '' };
}

function fail(why: string): never {
  throw new Unsupported(why);
}

function keyOf(text: string): { key: string; rest: string } | undefined {
  const m = /^([A-Za-z_][\w.\/-]*):(?:\s+|$)(.*)$/s.exec(text);
  return m ? { key: m[1] as string, rest: m[2] as string } : undefined;
}

/** The document as plain data with its node positions, or undefined when it uses YAML outside the subset. */
export function readBlockYaml(text: string): { data: unknown; tree?: PosNode } | undefined {
  if (text.includes('\t') || text.includes('\r') || /^(---|\.\.\.|%)/m.test(text) || text.charCodeAt(0) === 0xfeff) return undefined;
  let offset = 0;
  const lines: Line[] = text.split('\n').map((raw) => {
    const trimmed = raw.trimStart();
    const line = { offset, indent: raw.length - trimmed.length, text: trimmed.startsWith('#') ? '' : trimmed.trimEnd(), raw };
    offset += raw.length + 1;
    return line;
  });
  try {
    const reader = new BlockReader(lines);
    const first = reader.peek();
    if (!first) return { data: null };
    const { v, p } = reader.node(first.indent);
    return reader.peek() === undefined ? { data: v, tree: p } : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
