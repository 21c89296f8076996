// From "character 12 of the expression" to "line 40, column 17 of the file": expressions live in YAML
// scalars (plain, quoted or block), whose parsed value differs from the source text by folding, escapes and
// indentation. The mapping aligns the value with the source text character by character. Positions come
// from the fast block reader's tree or, for other files, from the yaml library's nodes (converted below).
import type { Node } from 'yaml';
import { isMergeKey, type Anchors } from './aliases.js';
import { yamlLib } from './yaml-lib.js';
import type { FileLocator, Range } from '../types.js';
import { mapValue, type PosNode, type ScalarStyle } from './block-yaml.js';

type ScalarNode = Extract<PosNode, { kind: 'scalar' }>;

/**
 * The yaml library's node as a PosNode (for files the fast reader does not handle). Aliases point at their
 * anchor's node; a merge key (`<<: *base`, or a list of them) adds the anchored mapping's entries that the
 * mapping does not set itself, as Go's yaml does, positioned where the anchor defines them.
 */
export function posNodeOf(node: unknown, anchors?: Anchors): PosNode | undefined {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  if (isAlias(node)) return posNodeOf(anchors?.get(node), anchors);
  if (isMap(node)) {
    const entries: Record<string, PosNode> = {};
    const merged: Array<Extract<PosNode, { kind: 'map' }>> = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const s of sources) {
          const m = posNodeOf(s, anchors);
          if (m?.kind === 'map') merged.push(m);
        }
        continue;
      }
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      // An empty value is located at its key.
      const value = posNodeOf(pair.value, anchors) ?? posNodeOf(pair.key, anchors);
      if (value && key !== undefined && key !== '__proto__') entries[key] = value;
    }
    for (const m of merged) for (const key of Object.keys(m.entries)) if (!Object.hasOwn(entries, key)) entries[key] = m.entries[key] as PosNode;
    const [start, end] = node.range ?? [0, 0];
    return { kind: 'map', start, end, entries };
  }
  if (isSeq(node)) {
    const [start, end] = node.range ?? [0, 0];
    return { kind: 'seq', start, end, items: node.items.map((i) => posNodeOf(i, anchors) ?? { kind: 'scalar', start, end: start, style: 'PLAIN', value: '' }) };
  }
  if (isScalar(node)) {
    const [start, end] = (node as Node).range ?? [0, 0];
    return { kind: 'scalar', start, end, style: (node.type ?? 'PLAIN') as ScalarStyle, value: String(node.value) };
  }
  return undefined;
}

const offsetMaps = new WeakMap<ScalarNode, number[]>();

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * The offset map of a quoted scalar, read the way YAML reads it: escapes (`\n` is one value character for
 * two source characters, `\x41` one for four), `''` in single quotes, line folding (a line break and the next
 * line's indentation become one space, or n line breaks after n blank lines; trailing blanks are dropped) and
 * escaped line breaks. Undefined when the result does not line up with the value (then the heuristic maps it).
 */
function quotedOffsetMap(node: ScalarNode, source: string): number[] | undefined {
  const double = node.style === 'QUOTE_DOUBLE';
  const close = node.end - 1;
  const map: number[] = [];
  const skipBlanks = (q: number): number => {
    while (q < close && isBlank(source[q])) q++;
    return q;
  };
  let p = node.start + 1;
  while (p < close) {
    const c = source[p];
    if (double && c === '\\') {
      const e = source[p + 1];
      if (e === '\n') {
        p = skipBlanks(p + 2);
        continue;
      }
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const units = digits ? String.fromCodePoint(parseInt(source.slice(p + 2, p + 2 + digits), 16) || 0).length : 1;
      // At the escape's last source character, so that a span ending in an escape covers all of it.
      for (let k = 0; k < units; k++) map.push(p + 1 + digits);
      p += 2 + digits;
    } else if (!double && c === "'" && source[p + 1] === "'") {
      map.push(p + 1);
      p += 2;
    } else if (c === '\n' || (isBlank(c) && source[skipBlanks(p)] === '\n')) {
      // Folding: trailing blanks, the break, blank lines, the next line's indentation.
      const at = p;
      let q = skipBlanks(p) + 1;
      let breaks = 0;
      for (q = skipBlanks(q); source[q] === '\n'; q = skipBlanks(q + 1)) breaks++;
      if (breaks === 0) map.push(at);
      for (let k = 0; k < breaks; k++) map.push(at);
      p = q;
    } else {
      map.push(p);
      p++;
    }
  }
  map.push(Math.min(p, node.end));
  return map.length === node.value.length + 1 ? map : undefined;
}

/** Source offset of every character of the scalar's value (plus one past the end). */
function offsetMap(node: ScalarNode, source: string): number[] {
  const cached = offsetMaps.get(node);
  if (cached) return cached;
  const quoted = node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE' ? quotedOffsetMap(node, source) : undefined;
  if (quoted) {
    offsetMaps.set(node, quoted);
    return quoted;
  }
  const { value, start, end } = node;
  let p = start;
  if (node.style === 'BLOCK_LITERAL' || node.style === 'BLOCK_FOLDED') {
    const nl = source.indexOf('\n', p);
    p = nl < 0 ? end : nl + 1;
  } else if (node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE') p += 1;
  const map: number[] = [];
  const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
  for (const c of value) {
    if (source[p] !== c && isSpace(c) && isSpace(source[p])) {
      // A folded line break: one value character for a run of source whitespace.
      map.push(p);
      while (p < end && isSpace(source[p])) p++;
    } else {
      // Skip what has no counterpart in the value: indentation, escape backslashes, quotes.
      let q = p;
      while (q < end && source[q] !== c) q++;
      if (q < end) p = q;
      map.push(p);
      if (q < end) p++;
    }
    for (let k = 1; k < c.length; k++) map.push(p);
  }
  map.push(Math.min(p, end));
  offsetMaps.set(node, map);
  return map;
}

const DISABLE_MARK = 'memgen-disable-next-line';
const DISABLE_COMMENT = /#\s*memgen-disable-next-line\b(.*)$/;

/** The parsed YAML a locator needs: the node of a group, or of one of its rules (indexes of the LintFile). */
export interface YamlTree {
  node(groupIndex: number, ruleIndex: number | undefined): PosNode | undefined;
}

/** A YamlTree over the nodes of every group, in the order of the LintFile's groups. */
export function groupsTree(groups: readonly PosNode[]): YamlTree {
  return {
    node(groupIndex, ruleIndex) {
      const group = groups[groupIndex];
      if (ruleIndex === undefined) return group;
      const rules = mapValue(group, 'rules');
      return rules?.kind === 'seq' ? rules.items[ruleIndex] : undefined;
    },
  };
}

/** Locates findings in a YAML file; the tree is built on first use (files without findings never need it). */
export class YamlLocator implements FileLocator {
  private disabled?: Map<number, Set<string>>;
  private lineStarts?: number[];
  private tree?: YamlTree;

  constructor(
    private readonly source: string,
    private readonly parse: () => YamlTree,
  ) {}

  disabledOn(line: number): ReadonlySet<string> | undefined {
    this.disabled ??= this.readDisableComments();
    return this.disabled.get(line);
  }

  /** Ids silenced by each `# memgen-disable-next-line`, by the line after it (found by search: no line split). */
  private readDisableComments(): Map<number, Set<string>> {
    const disabled = new Map<number, Set<string>>();
    const source = this.source;
    for (let at = source.indexOf(DISABLE_MARK); at >= 0; at = source.indexOf(DISABLE_MARK, at + 1)) {
      const start = source.lastIndexOf('\n', at) + 1;
      const nl = source.indexOf('\n', at);
      const end = nl < 0 ? source.length : nl;
      const m = DISABLE_COMMENT.exec(source.slice(start, end));
      if (m) {
        const ids = (m[1] as string).split(/[\s,]+/).filter(Boolean);
        disabled.set(this.pos(start).line + 1, new Set(ids.length ? ids : ['*']));
      }
      at = end;
    }
    return disabled;
  }

  /** 1-based line and column of an offset. */
  private pos(offset: number): { line: number; col: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.source.indexOf('\n'); i >= 0; i = this.source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }

  private node(groupIndex: number, ruleIndex: number | undefined, field: string | undefined): PosNode | undefined {
    this.tree ??= this.parse();
    const target = this.tree.node(groupIndex, ruleIndex);
    if (!field) return target;
    const [head, key] = field.split(/\.(.*)/s) as [string, string | undefined];
    const found = key !== undefined ? mapValue(mapValue(target, head), key) ?? mapValue(target, head) : mapValue(target, head);
    return found ?? target;
  }

  locate(groupIndex: number, ruleIndex: number | undefined, field: string | undefined, span?: [number, number]): Range | undefined {
    const node = this.node(groupIndex, ruleIndex, field);
    if (!node) return undefined;
    let from = node.start;
    let to = node.end;
    if (span && node.kind === 'scalar') {
      const map = offsetMap(node, this.source);
      from = map[Math.min(span[0], map.length - 1)] as number;
      to = Math.max(from + 1, (map[Math.min(Math.max(span[1] - 1, span[0]), map.length - 1)] as number) + 1);
    } else if (node.kind !== 'scalar') {
      // A whole rule or group: point at its first line only.
      const nl = this.source.indexOf('\n', from);
      to = nl < 0 || nl > to ? to : nl;
    }
    const a = this.pos(from);
    const b = this.pos(to);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }
}
