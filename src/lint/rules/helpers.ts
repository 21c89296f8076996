// Small helpers shared by checks.
import { walk, type Expr, type Span } from '../../promql/ast.js';
import type { Finding, PreparedRule } from '../types.js';

/** A finding on part of the rule's expression. */
export function atExpr(span: Span, message: string): Finding {
  return { message, field: 'expr', span: [span.from, span.to] };
}

/** Every node of a rule's expression (nothing when it does not parse). */
export function nodes(r: PreparedRule): Array<{ e: Expr; parents: readonly Expr[] }> {
  const out: Array<{ e: Expr; parents: readonly Expr[] }> = [];
  if (r.parsed.ast) walk(r.parsed.ast, (e, parents) => out.push({ e, parents: [...parents] }));
  return out;
}

/** Calls of the named functions in a rule's expression. */
export function callsOf(r: PreparedRule, names: ReadonlySet<string>): Array<Extract<Expr, { kind: 'call' }>> {
  return nodes(r).flatMap(({ e }) => (e.kind === 'call' && names.has(e.func) ? [e] : []));
}

/** The rule's labels and annotations as [field, key, value] triples. */
export function templates(r: PreparedRule): Array<{ kind: 'labels' | 'annotations'; key: string; value: string }> {
  return (['labels', 'annotations'] as const).flatMap((kind) =>
    Object.entries(r.rule[kind] ?? {}).map(([key, value]) => ({ kind, key, value: String(value) })),
  );
}
