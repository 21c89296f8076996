// Small helpers shared by checks.
import { walk, type Expr, type ExprOf, type Span } from '../../promql/ast.js';
import { metricName, type LintContext, type MetricType } from '../context.js';
import type { Analysis } from '../analysis.js';
import type { Finding, PreparedRule } from '../types.js';

/** A finding on part of the rule's expression. */
export function atExpr(span: Span, message: string): Finding {
  return { message, field: 'expr', span: [span.from, span.to] };
}

// Most checks look at every node or at calls of a few functions; collect both once per expression (rules
// with the same expression text share one parsed tree, and so one index).
interface Index {
  nodes: Expr[];
  calls: Map<string, Array<ExprOf<'call'>>>;
}
const indexes = new WeakMap<Analysis['parsed'], Index>();
const NONE: never[] = [];

function indexOf(r: Analysis): Index {
  let index = indexes.get(r.parsed);
  if (!index) {
    const built: Index = { nodes: [], calls: new Map() };
    if (r.parsed.ast) {
      walk(r.parsed.ast, (e) => {
        built.nodes.push(e);
        if (e.kind !== 'call') return;
        const list = built.calls.get(e.func);
        if (list) list.push(e);
        else built.calls.set(e.func, [e]);
      });
    }
    indexes.set(r.parsed, built);
    index = built;
  }
  return index;
}

/** Every node of a rule's expression, parents first (nothing when it does not parse). */
export function nodes(r: Analysis): readonly Expr[] {
  return indexOf(r).nodes;
}

/** Calls of the named functions in a rule's expression, in source order (do not modify the result). */
export function callsOf(r: Analysis, names: readonly string[]): ReadonlyArray<ExprOf<'call'>> {
  const calls = indexOf(r).calls;
  if (calls.size === 0) return NONE;
  if (names.length === 1) return calls.get(names[0] as string) ?? NONE;
  const out: Array<ExprOf<'call'>> = [];
  for (const n of names) {
    const list = calls.get(n);
    if (list) out.push(...list);
  }
  return out.length > 1 ? out.sort((a, b) => a.from - b.from) : out;
}

/** The findings `judge` returns for the calls of the named functions. */
export function judgeCalls(r: Analysis, names: readonly string[], judge: (call: ExprOf<'call'>) => Finding | undefined): Finding[] {
  const out: Finding[] = [];
  for (const call of callsOf(r, names)) {
    const finding = judge(call);
    if (finding) out.push(finding);
  }
  return out;
}

/**
 * Judges the calls of `funcs` whose argument selects a metric of `type`, given the metric's name and how
 * memgen knows its type. A finding that rests on a guess from the name is capped at `info`.
 */
export function judgeCallsOnMetricType(
  r: Analysis,
  ctx: LintContext,
  funcs: readonly string[],
  type: MetricType,
  judge: (call: ExprOf<'call'>, metric: { name: string; source: string; guess: boolean }) => Finding,
): Finding[] {
  return judgeCalls(r, funcs, (call) => {
    const name = call.args[0] && metricName(call.args[0]);
    const kind = name ? ctx.metricKind(name) : undefined;
    if (!name || kind?.type !== type) return undefined;
    const finding = judge(call, { name, source: kind.source, guess: kind.guess });
    return kind.guess ? { ...finding, maxSeverity: 'info' } : finding;
  });
}

const TEMPLATE_KINDS = ['labels', 'annotations'] as const;

export interface TemplateField {
  kind: 'labels' | 'annotations';
  key: string;
  value: string;
}

/** The rule's labels and annotations (plain loops: this runs for every rule of large files). */
export function templates(r: PreparedRule): TemplateField[] {
  const out: TemplateField[] = [];
  for (const kind of TEMPLATE_KINDS) {
    const fields = r.rule[kind];
    if (fields) for (const key in fields) out.push({ kind, key, value: String(fields[key]) });
  }
  return out;
}
