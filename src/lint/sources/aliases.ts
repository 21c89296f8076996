// Aliases as Go's yaml (which Prometheus uses) bounds them: not by a count of aliases, which would refuse a
// large rule file that reuses one anchor in every rule, but by how much of the decoded document comes from
// alias expansion. Go's decoder allows 99% for documents up to 400,000 decoded nodes, falling linearly to 10%
// at 4,000,000 and above; a "billion laughs" bomb is almost all expansion and is refused. Sizes here are
// computed without expanding (each node's expanded size once), so a bomb costs the size of its text.
import type { Document, Node } from 'yaml';
import { yamlLib } from './yaml-lib.js';

const LOW = 400_000;
const HIGH = 4_000_000;

function allowedAliasRatio(decoded: number): number {
  if (decoded <= LOW) return 0.99;
  if (decoded >= HIGH) return 0.1;
  return 0.99 - (0.89 * (decoded - LOW)) / (HIGH - LOW);
}

/** Why the document's aliases are refused, or undefined. Unresolved and self-containing aliases are reported too. */
export function aliasProblem(doc: Document): { message: string; offset: number } | undefined {
  const { isAlias, isCollection, isPair, isScalar } = yamlLib();
  const sizes = new Map<unknown, number>();
  let unresolved: { message: string; offset: number } | undefined;
  let aliased = 0;
  const open = new Set<unknown>();
  // Expanded node count of a node; `through` counts, once per occurrence, what aliases contribute.
  const size = (node: unknown, underAlias: boolean): number => {
    if (node === null || node === undefined) return 0;
    let n: number;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) {
        unresolved ??= { message: `unknown anchor '${node.source}' referenced`, offset: (node as Node).range?.[0] ?? 0 };
        return 1;
      }
      if (open.has(target)) {
        unresolved ??= { message: `anchor '${node.source}' value contains itself`, offset: (node as Node).range?.[0] ?? 0 };
        return 1;
      }
      n = size(target, true);
      if (!underAlias) aliased += n;
      return n;
    }
    const known = sizes.get(node);
    // Outside an alias every node is met once; inside, the cached size stands for its expansion.
    if (known !== undefined && underAlias) return known;
    if (isScalar(node)) n = 1;
    else if (isPair(node)) n = size(node.key, underAlias) + size(node.value, underAlias);
    else if (isCollection(node)) {
      open.add(node);
      n = 1;
      for (const item of node.items) n += size(item, underAlias);
      open.delete(node);
    } else n = 1;
    sizes.set(node, n);
    return n;
  };
  const decoded = size(doc.contents, false);
  if (unresolved) return unresolved;
  if (aliased > 100 && decoded > 1000 && aliased / decoded > allowedAliasRatio(decoded)) {
    return { message: `document contains excessive aliasing: ${aliased} of its ${decoded} decoded nodes come from aliases (a YAML bomb?); Prometheus refuses it`, offset: 0 };
  }
  return undefined;
}
