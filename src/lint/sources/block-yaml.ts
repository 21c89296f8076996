// A fast reader for the plain block-style YAML that rule files are almost always written in: nested
// block mappings and sequences, plain, single- and double-quoted one-line scalars, literal and simple folded
// block scalars, comments. It exists for speed (the yaml library takes seconds on a 10,000-rule file).
// Anything outside that subset (flow collections, anchors, tags, several documents, multi-line quoted
// scalars...) returns undefined and the caller uses the yaml library, so the subset only needs to be right,
// not complete; test/lint/block-yaml.test.ts compares it with the yaml library on every fixture.

class Unsupported extends Error {}

interface Line {
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

class BlockReader {
  i = 0;

  constructor(private readonly lines: Line[]) {}

  /** The next content line (blank and comment lines are skipped outside block scalars). */
  peek(): Line | undefined {
    while (this.i < this.lines.length && (this.lines[this.i] as Line).text === '') this.i++;
    return this.lines[this.i];
  }

  /** A node whose first line is the next line, at exactly `indent`. */
  node(indent: number): unknown {
    const line = this.peek();
    if (!line || line.indent !== indent) throw new Unsupported('indentation');
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    return this.mapping(indent, line.text);
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = this.peek()) {
      const rest = line.text.slice(1);
      const inner = rest.length - rest.trimStart().length + 1;
      const content = rest.trim();
      if (content === '' || content.startsWith('#')) {
        this.i++;
        const next = this.peek();
        out.push(next && next.indent > indent ? this.node(next.indent) : null);
      } else if (content.startsWith('- ')) throw new Unsupported('nested inline sequence');
      else if (keyOf(content)) out.push(this.mapping(indent + inner, content));
      else {
        this.i++;
        out.push(this.scalar(content, indent));
      }
    }
    return out;
  }

  /** A mapping at column `indent`; its first line's text is `first` (which may follow a `- `). */
  private mapping(indent: number, first: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let text: string | undefined = first;
    for (;;) {
      const key = keyOf(text);
      if (!key) throw new Unsupported('not a mapping entry');
      if (Object.prototype.hasOwnProperty.call(out, key.key) || key.key === '__proto__') throw new Unsupported('duplicate key');
      this.i++;
      out[key.key] = this.value(key.rest, indent);
      const next = this.peek();
      if (!next || next.indent < indent) break;
      if (next.indent !== indent) throw new Unsupported('indentation');
      if (next.text === '-' || next.text.startsWith('- ')) break;
      text = next.text;
    }
    return out;
  }

  /** The value after `key:` on a line of a mapping at column `indent`. */
  private value(rest: string, indent: number): unknown {
    const content = stripComment(rest).trim();
    if (content === '') {
      const next = this.peek();
      if (next && next.indent > indent) return this.node(next.indent);
      if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(indent);
      return null;
    }
    if (/^[|>]/.test(content)) return this.blockScalar(content, indent);
    return this.scalar(rest.trim(), indent);
  }

  private scalar(text: string, indent: number): unknown {
    if (/^[[\]{}&*!%@`?,]/.test(text)) throw new Unsupported('flow, anchor, alias or tag');
    if (text.startsWith('"') || text.startsWith("'")) {
      const { value, rest } = quoted(text);
      if (stripComment(rest).trim() !== '') throw new Unsupported('text after a quoted scalar');
      return value;
    }
    let value = stripComment(text);
    if (/:(\s|$)/.test(value)) throw new Unsupported('colon in plain scalar');
    // Continuation lines of a multi-line plain scalar fold into spaces.
    for (let next = this.peek(); next && next.indent > indent; next = this.peek()) {
      const more = stripComment(next.text);
      if (more !== next.text || /:(\s|$)/.test(more) || /^[-?]\s/.test(more)) throw new Unsupported('complex plain continuation');
      value += ` ${more.trim()}`;
      this.i++;
    }
    return plainValue(value);
  }

  private blockScalar(header: string, indent: number): string {
    const m = /^([|>])([-+]?)$/.exec(header);
    if (!m || m[2] === '+') throw new Unsupported('block scalar header');
    const [, style, chomp] = m;
    const raw: string[] = [];
    let contentIndent = -1;
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
    }
    while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    if (raw.length === 0) return '';
    let body: string;
    if (style === '|') body = raw.join('\n');
    else {
      if (raw.some((l) => l.startsWith(' '))) throw new Unsupported('more-indented folded lines');
      body = raw.reduce((acc, l, k) => (k === 0 ? l : acc + (l === '' ? '\n' : raw[k - 1] === '' ? l : ` ${l}`)), '');
    }
    return chomp === '-' ? body : `${body}\n`;
  }
}

function fail(why: string): never {
  throw new Unsupported(why);
}

function keyOf(text: string): { key: string; rest: string } | undefined {
  const m = /^([A-Za-z_][\w.\/-]*):(?:\s+|$)(.*)$/s.exec(text);
  return m ? { key: m[1] as string, rest: m[2] as string } : undefined;
}

/** The document as plain data, or undefined when it uses YAML outside the subset this reader handles. */
export function readBlockYaml(text: string): unknown {
  if (text.includes('\t') || text.includes('\r') || /^(---|\.\.\.|%)/m.test(text) || text.charCodeAt(0) === 0xfeff) return undefined;
  const lines: Line[] = text.split('\n').map((raw) => {
    const trimmed = raw.trimStart();
    return { indent: raw.length - trimmed.length, text: trimmed.startsWith('#') ? '' : trimmed.trimEnd(), raw };
  });
  try {
    const reader = new BlockReader(lines);
    const first = reader.peek();
    if (!first) return null;
    const value = reader.node(first.indent);
    return reader.peek() === undefined ? value : undefined;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}
