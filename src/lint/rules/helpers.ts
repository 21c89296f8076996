// Small helpers shared by checks.
import { walk, type Expr, type Span } from '../../promql/ast.js';
import type { Finding, PreparedRule } from '../types.js';

/** A finding on part of the rule's expression. */
export function atExpr(span: Span, message: string): Finding {
  return { message, field: 'expr', span: [span.from, span.to] };
}

// Most checks look at every node; collect them once per rule.
const nodeCache = new WeakMap<PreparedRule, Array<{ e: Expr }>>();

/** Every node of a rule's expression, parents first (nothing when it does not parse). */
export function nodes(r: PreparedRule): ReadonlyArray<{ e: Expr }> {
  let out = nodeCache.get(r);
  if (!out) {
    const list: Array<{ e: Expr }> = [];
    if (r.parsed.ast) walk(r.parsed.ast, (e) => void list.push({ e }));
    nodeCache.set(r, list);
    out = list;
  }
  return out;
}

/** Calls of the named functions in a rule's expression. */
export function callsOf(r: PreparedRule, names: ReadonlySet<string>): Array<Extract<Expr, { kind: 'call' }>> {
  const out: Array<Extract<Expr, { kind: 'call' }>> = [];
  for (const { e } of nodes(r)) if (e.kind === 'call' && names.has(e.func)) out.push(e);
  return out;
}

/** The rule's labels and annotations as [field, key, value] triples. */
export function templates(r: PreparedRule): Array<{ kind: 'labels' | 'annotations'; key: string; value: string }> {
  return (['labels', 'annotations'] as const).flatMap((kind) =>
    Object.entries(r.rule[kind] ?? {}).map(([key, value]) => ({ kind, key, value: String(value) })),
  );
}
