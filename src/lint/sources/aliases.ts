// Anchors and aliases as Go's yaml (which Prometheus uses) reads them. An alias means the node of the nearest
// anchor of that name before it: one pass over the document finds them all (the yaml library's own lookup
// walks the whole document for every alias, quadratic on a 50,000-rule file that reuses one anchor).
// Aliases are bounded not by a count, which would refuse such a file, but as Go's decoder bounds them: by
// how much of the decoded document comes from alias expansion. Go allows 99% for documents up to 400,000
// decoded nodes, falling linearly to 10% at 4,000,000 and above; a "billion laughs" bomb is almost all
// expansion and is refused. Sizes are computed without expanding, so a bomb costs the size of its text.
import type { Document, Node } from 'yaml';
import { yamlLib } from './yaml-lib.js';

const LOW = 400_000;
const HIGH = 4_000_000;

function allowedAliasRatio(decoded: number): number {
  if (decoded <= LOW) return 0.99;
  if (decoded >= HIGH) return 0.1;
  return 0.99 - (0.89 * (decoded - LOW)) / (HIGH - LOW);
}

export interface YamlProblem {
  message: string;
  offset: number;
}

/** The node each alias of the document stands for (undefined: no anchor of that name before it). */
export type Anchors = Map<unknown, Node | undefined>;

/** Every alias of the document with its anchored node, in one pass in document order. */
export function resolveAnchors(doc: Document): Anchors {
  const { isAlias, isCollection, isPair } = yamlLib();
  const defined = new Map<string, Node>();
  const out: Anchors = new Map();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      out.set(node, defined.get(node.source));
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) defined.set(anchor, node as Node);
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isCollection(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return out;
}

/** Why the document's aliases are refused (unresolved, containing themselves, a bomb), or undefined. */
export function aliasProblem(doc: Document, anchors: Anchors): YamlProblem | undefined {
  if (anchors.size === 0) return undefined;
  const { isAlias, isCollection, isPair } = yamlLib();
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  let problem: YamlProblem | undefined;
  let aliased = 0;
  // Expanded node count; what aliases contribute is counted once per occurrence outside other aliases.
  const size = (node: unknown, underAlias: boolean): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) {
      const target = anchors.get(node);
      const offset = (node as Node).range?.[0] ?? 0;
      if (!target) problem ??= { message: `unknown anchor '${node.source}' referenced`, offset };
      else if (open.has(target)) problem ??= { message: `anchor '${node.source}' value contains itself`, offset };
      if (!target || open.has(target)) return 1;
      const n = size(target, true);
      if (!underAlias) aliased += n;
      return n;
    }
    const known = sizes.get(node);
    if (known !== undefined && underAlias) return known;
    let n = 1;
    if (isPair(node)) n = size(node.key, underAlias) + size(node.value, underAlias);
    else if (isCollection(node)) {
      open.add(node);
      for (const item of node.items) n += size(item, underAlias);
      open.delete(node);
    }
    sizes.set(node, n);
    return n;
  };
  const decoded = size(doc.contents, false);
  if (problem) return problem;
  if (aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded)) {
    return { message: `document contains excessive aliasing: ${aliased} of its ${decoded} decoded nodes come from aliases (a YAML bomb?); Prometheus refuses it`, offset: 0 };
  }
  return undefined;
}

/** A YAML merge key: a plain `<<` (the yaml library resolves it to a symbol with the merge option on). */
export function isMergeKey(key: unknown): boolean {
  const { isScalar } = yamlLib();
  return isScalar(key) && (key.type === 'PLAIN' || key.type === undefined) && (key.source === '<<' || key.value === '<<' || typeof key.value === 'symbol');
}

const INF_OR_NAN = /^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/;

/**
 * The document as plain data, aliases and merge keys (`<<: *base`) resolved as Go's yaml does: the mapping's
 * own keys win over merged ones. An aliased node converts once and is shared (the data is only read).
 */
export function toPlain(doc: Document, anchors: Anchors): unknown {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  const done = new Map<unknown, unknown>();
  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return convert(anchors.get(node));
    if (done.has(node)) return done.get(node);
    let out: unknown;
    if (isScalar(node)) {
      const v = node.value;
      // A number beyond float64 stays text, as Go's yaml gives a string field (see block-yaml.ts).
      out = typeof v === 'number' && !Number.isFinite(v) && node.source !== undefined && !INF_OR_NAN.test(String(node.source)) ? String(node.source) : v;
    } else if (isSeq(node)) {
      out = node.items.map(convert);
    } else if (isMap(node)) {
      const map: Record<string, unknown> = {};
      const merged: unknown[] = [];
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const s of sources) merged.push(convert(s));
          continue;
        }
        const key = isScalar(pair.key) ? pair.key.value : convert(pair.key);
        Object.defineProperty(map, String(key), { value: convert(pair.value), enumerable: true, writable: true, configurable: true });
      }
      for (const m of merged) {
        if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
        for (const k of Object.keys(m)) if (!Object.hasOwn(map, k)) map[k] = (m as Record<string, unknown>)[k];
      }
      out = map;
    } else out = null;
    done.set(node, out);
    return out;
  };
  return convert(doc.contents);
}
