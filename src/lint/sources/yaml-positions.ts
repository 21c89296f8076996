// From "character 12 of the expression" to "line 40, column 17 of the file": expressions live in YAML
// scalars (plain, quoted or block), whose parsed value differs from the source text by folding, escapes and
// indentation. The mapping aligns the value with the source text character by character.
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Scalar } from 'yaml';
import type { FileLocator, Range } from '../types.js';

const offsetMaps = new WeakMap<Scalar, number[]>();

/** Source offset of every character of the scalar's value (plus one past the end). */
function offsetMap(node: Scalar, source: string): number[] {
  const cached = offsetMaps.get(node);
  if (cached) return cached;
  const value = String(node.value);
  const [start, end] = node.range as [number, number, number];
  let p = start;
  if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
    const nl = source.indexOf('\n', p);
    p = nl < 0 ? end : nl + 1;
  } else if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') p += 1;
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

function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return (pair?.value as Node | undefined) ?? (pair?.key as Node | undefined);
}

/** The parsed YAML a locator needs: line offsets and the node of each group. */
export interface YamlTree {
  lines: LineCounter;
  groups: readonly unknown[];
}

/** Locates findings in a YAML file; the YAML tree is built on first use (files without findings never need it). */
export class YamlLocator implements FileLocator {
  private disabled?: Map<number, Set<string>>;
  private tree?: YamlTree;

  constructor(
    private readonly source: string,
    private readonly parse: () => YamlTree,
  ) {}

  disabledOn(line: number): ReadonlySet<string> | undefined {
    if (!this.disabled) {
      this.disabled = new Map();
      this.source.split('\n').forEach((text, i) => {
        const m = /#\s*memgen-disable-next-line\b(.*)$/.exec(text);
        if (!m) return;
        const ids = (m[1] as string).split(/[\s,]+/).filter(Boolean);
        this.disabled?.set(i + 2, new Set(ids.length ? ids : ['*']));
      });
    }
    return this.disabled.get(line);
  }

  private get groups(): readonly unknown[] {
    this.tree ??= this.parse();
    return this.tree.groups;
  }

  private get lines(): LineCounter {
    this.tree ??= this.parse();
    return this.tree.lines;
  }

  private node(groupIndex: number, ruleIndex: number | undefined, field: string | undefined): Node | undefined {
    const group = this.groups[groupIndex];
    let target: unknown = group;
    if (ruleIndex !== undefined) {
      const rules = child(group, 'rules');
      target = isSeq(rules) ? rules.items[ruleIndex] : undefined;
    }
    if (!field) return target as Node | undefined;
    const [head, key] = field.split(/\.(.*)/s) as [string, string | undefined];
    const found = key !== undefined ? child(child(target, head), key) ?? child(target, head) : child(target, head);
    return (found ?? target) as Node | undefined;
  }

  private pos(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
  }

  locate(groupIndex: number, ruleIndex: number | undefined, field: string | undefined, span?: [number, number]): Range | undefined {
    const node = this.node(groupIndex, ruleIndex, field);
    if (!node?.range) return undefined;
    let from = node.range[0];
    let to = node.range[1];
    if (span && isScalar(node)) {
      const map = offsetMap(node, this.source);
      from = map[Math.min(span[0], map.length - 1)] as number;
      to = Math.max(from + 1, (map[Math.min(Math.max(span[1] - 1, span[0]), map.length - 1)] as number) + 1);
    } else if (!isScalar(node)) {
      // A whole rule or group: point at its first line only.
      const nl = this.source.indexOf('\n', from);
      to = nl < 0 || nl > to ? to : nl;
    }
    const a = this.pos(from);
    const b = this.pos(to);
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }
}
