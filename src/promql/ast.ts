// memgen's own PromQL syntax tree, built from the lezer-promql parse tree with Prometheus's precedence.
//
// lezer-promql parses the postfix forms (`offset`, `@`, `[range]`, `[range:step]`) with the lowest
// precedence, so `a - b offset 1h` becomes Offset(Binary(a, b)). Prometheus's own parser binds them to the
// nearest operand: Binary(a, Offset(b)). `attachPostfix` rotates such nodes into the right-most operand of
// binary and unary expressions, so every analysis here sees the tree Prometheus evaluates.
import type { SyntaxNode } from '@lezer/common';
import { parsePromQL } from './parse.js';
import { parseDuration } from './duration.js';
import { unquoteString } from './strings.js';

export interface Span {
  from: number;
  to: number;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher extends Span {
  name: string;
  op: MatchOp;
  value: string;
  /** Span of the quoted value. */
  valueSpan: Span;
}

export interface Modifier extends Span {
  keyword: 'offset' | '@';
  text: string;
}

export interface Grouping extends Span {
  without: boolean;
  labels: string[];
}

export interface VectorMatching {
  on: boolean;
  labels: string[];
  card: 'one-to-one' | 'many-to-one' | 'one-to-many';
  /** Labels listed in group_left(...) / group_right(...). */
  include: string[];
}

export type Expr =
  | (Span & { kind: 'number'; value: number })
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'vector'; name?: string; nameSpan?: Span; matchers: Matcher[] })
  /** `vector[range]`; range in seconds, undefined when it is a duration expression memgen does not evaluate. */
  | (Span & { kind: 'matrix'; expr: Expr; range?: number; rangeSpan: Span })
  | (Span & { kind: 'subquery'; expr: Expr; range?: number; step?: number; rangeSpan: Span })
  | (Span & { kind: 'modifier'; expr: Expr; modifier: Modifier })
  | (Span & { kind: 'call'; func: string; nameSpan: Span; args: Expr[] })
  | (Span & { kind: 'aggregate'; op: string; opSpan: Span; param?: Expr; expr?: Expr; args: Expr[]; grouping?: Grouping })
  | (Span & { kind: 'binary'; op: string; opSpan: Span; lhs: Expr; rhs: Expr; bool: boolean; matching?: VectorMatching })
  | (Span & { kind: 'unary'; op: string; expr: Expr })
  | (Span & { kind: 'paren'; expr: Expr })
  /** A construct memgen does not model (new or experimental syntax); analyses skip it. */
  | (Span & { kind: 'unknown'; node: string });

export type ExprOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

export interface ParsedExpr {
  text: string;
  /** Undefined when the expression does not parse. */
  ast?: Expr;
}

export function parseExpr(text: string): ParsedExpr {
  const tree = parsePromQL(text);
  let broken = false;
  tree.iterate({
    enter(n) {
      if (n.type.isError) broken = true;
      return !broken;
    },
  });
  if (broken || text.trim() === '') return { text };
  const top = tree.topNode.firstChild;
  return { text, ast: top ? new Builder(text).expr(top) : undefined };
}

// Children are read once per node and picked by name: lezer's getChild() walks them again on every call.
function pick(kids: readonly SyntaxNode[], name: string, other?: string): SyntaxNode | null {
  for (const k of kids) {
    const n = k.type.name;
    if (n === name || n === other) return k;
  }
  return null;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const BINARY_OPS: Record<string, string> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-', Eql: '==', Gte: '>=', Gtr: '>',
  Lte: '<=', Lss: '<', Neq: '!=', And: 'and', Unless: 'unless', Or: 'or', TrimUpper: '</', TrimLower: '>/',
};

const BINARY_OP_BY_NODE = new Map(Object.entries(BINARY_OPS));

const EXPR_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'AnchoredExpr',
  'SmoothedExpr', 'ParenExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'StepInvariantExpr',
]);

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

export function parseNumber(text: string): number {
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  const t = text.replace(/_/g, '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'inf') return sign * Infinity;
  if (body === 'nan') return NaN;
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  const asDuration = /[a-z]/.test(body) && !/e[+-]?\d/.test(body) ? parseDuration(body) : undefined;
  return sign * (asDuration ?? Number(body));
}

class Builder {
  constructor(private readonly text: string) {}

  private src(n: SyntaxNode | Span): string {
    return this.text.slice(n.from, n.to);
  }

  expr(node: SyntaxNode): Expr {
    const span = { from: node.from, to: node.to };
    const type = node.type.name;
    // Literals (most leaves) have no children worth reading.
    if (type === 'NumberDurationLiteral') return { ...span, kind: 'number', value: parseNumber(this.src(node)) };
    if (type === 'StringLiteral') return { ...span, kind: 'string', value: unquoteString(this.src(node)) };
    const kids = children(node);
    const exprKids: SyntaxNode[] = [];
    for (const k of kids) if (EXPR_NODES.has(k.type.name)) exprKids.push(k);
    switch (type) {
      case 'ParenExpr':
        return { ...span, kind: 'paren', expr: this.expr(exprKids[0] as SyntaxNode) };
      case 'UnaryExpr':
        return { ...span, kind: 'unary', op: this.src(kids[0] as SyntaxNode), expr: this.expr(exprKids[0] as SyntaxNode) };
      case 'VectorSelector':
        return this.vector(kids, span);
      case 'FunctionCall': {
        const id = pick(kids, 'FunctionIdentifier') as SyntaxNode;
        const body = pick(kids, 'FunctionCallBody') as SyntaxNode;
        return { ...span, kind: 'call', func: this.src(id), nameSpan: { from: id.from, to: id.to }, args: this.args(body) };
      }
      case 'AggregateExpr':
        return this.aggregate(kids, span);
      case 'BinaryExpr':
        return this.binary(span, kids, exprKids);
      case 'MatrixSelector': {
        const d = pick(kids, 'DurationExpr') as SyntaxNode;
        const inner = this.expr(exprKids[0] as SyntaxNode);
        return attachPostfix(inner, (e) => ({ kind: 'matrix', from: e.from, to: node.to, expr: e, range: this.duration(d), rangeSpan: { from: d.from, to: d.to } }));
      }
      case 'SubqueryExpr': {
        const [r, s] = kids.filter((k) => k.name === 'DurationExpr');
        const inner = this.expr(exprKids[0] as SyntaxNode);
        const rangeSpan = { from: (r as SyntaxNode).from, to: (s ?? (r as SyntaxNode)).to };
        return attachPostfix(inner, (e) => ({
          kind: 'subquery', from: e.from, to: node.to, expr: e, range: this.duration(r as SyntaxNode), step: s ? this.duration(s) : undefined, rangeSpan,
        }));
      }
      case 'OffsetExpr':
      case 'StepInvariantExpr': {
        const keywordNode = pick(kids, 'Offset', 'At') as SyntaxNode;
        const modifier: Modifier = { keyword: node.name === 'OffsetExpr' ? 'offset' : '@', from: keywordNode.from, to: node.to, text: this.text.slice(keywordNode.to, node.to).trim() };
        const inner = this.expr(exprKids[0] as SyntaxNode);
        return attachPostfix(inner, (e) => ({ kind: 'modifier', from: e.from, to: node.to, expr: e, modifier }));
      }
      default:
        return { ...span, kind: 'unknown', node: node.name };
    }
  }

  private args(body: SyntaxNode): Expr[] {
    return children(body).filter((k) => EXPR_NODES.has(k.name)).map((k) => this.expr(k));
  }

  private duration(node: SyntaxNode): number | undefined {
    const lit = node.firstChild;
    if (!lit || lit.nextSibling || lit.name !== 'NumberDurationLiteralInDurationContext') return undefined;
    const t = this.src(lit);
    return /^[\d.]+$/.test(t) ? Number(t) : parseDuration(t);
  }

  private labels(node: SyntaxNode | null): string[] {
    if (!node) return [];
    return children(node)
      .filter((k) => k.name === 'LabelName' || k.name === 'QuotedLabelName')
      .map((k) => (k.name === 'LabelName' ? this.src(k) : unquoteString(this.src(k))));
  }

  private vector(kids: readonly SyntaxNode[], span: Span): Expr {
    const id = pick(kids, 'Identifier');
    const matcherList = pick(kids, 'LabelMatchers');
    const matchers: Matcher[] = [];
    let name = id ? this.src(id) : undefined;
    for (const m of matcherList ? children(matcherList) : []) {
      const kind = m.type.name;
      if (kind === 'QuotedLabelName') {
        name = unquoteString(this.src(m));
        continue;
      }
      if (kind !== 'UnquotedLabelMatcher' && kind !== 'QuotedLabelMatcher') continue;
      // One pass over the matcher's parts: label, operator, value.
      let label = '';
      let op = '';
      let valueNode: SyntaxNode | undefined;
      for (let part = m.firstChild; part; part = part.nextSibling) {
        const partName = part.type.name;
        if (partName === 'LabelName') label = this.src(part);
        else if (partName === 'QuotedLabelName') label = unquoteString(this.src(part));
        else if (partName === 'MatchOp') op = this.src(part);
        else if (partName === 'StringLiteral') valueNode = part;
      }
      const value = valueNode as SyntaxNode;
      matchers.push({
        from: m.from,
        to: m.to,
        name: label,
        op: op as MatchOp,
        value: unquoteString(this.src(value)),
        valueSpan: { from: value.from, to: value.to },
      });
    }
    return { ...span, kind: 'vector', name, nameSpan: id ? { from: id.from, to: id.to } : undefined, matchers };
  }

  private aggregate(kids: readonly SyntaxNode[], span: Span): Expr {
    const opNode = pick(kids, 'AggregateOp') as SyntaxNode;
    const args = this.args(pick(kids, 'FunctionCallBody') as SyntaxNode);
    const mod = pick(kids, 'AggregateModifier');
    const modKids = mod ? children(mod) : [];
    const grouping = mod
      ? { from: mod.from, to: mod.to, without: pick(modKids, 'Without') !== null, labels: this.labels(pick(modKids, 'GroupingLabels')) }
      : undefined;
    const op = this.src(opNode);
    const param = args.length > 1 ? args[0] : undefined;
    const expr = args[args.length - 1];
    return { ...span, kind: 'aggregate', op, opSpan: { from: opNode.from, to: opNode.to }, param, expr, args, grouping };
  }

  private binary(span: Span, kids: SyntaxNode[], exprKids: SyntaxNode[]): Expr {
    // One pass over the children: binary expressions are the most common node, and reading a lezer node's
    // name is not free.
    let opNode: SyntaxNode | undefined;
    let op: string | undefined;
    let clause: SyntaxNode | null = null;
    let bool = false;
    let fill = false;
    for (const k of kids) {
      const name = k.type.name;
      const symbol = BINARY_OP_BY_NODE.get(name);
      if (symbol !== undefined) [opNode, op] = [k, symbol];
      else if (name === 'MatchingModifierClause') clause = k;
      else if (name === 'BoolModifier') bool = true;
      else if (name === 'FillModifier') fill = true;
    }
    let matching: VectorMatching | undefined;
    if (clause) {
      const clauseKids = children(clause);
      const groups = clauseKids.filter((k) => k.name === 'GroupingLabels');
      const left = pick(clauseKids, 'GroupLeft');
      const right = pick(clauseKids, 'GroupRight');
      matching = {
        on: pick(clauseKids, 'On') !== null,
        labels: this.labels(groups[0] ?? null),
        card: left ? 'many-to-one' : right ? 'one-to-many' : 'one-to-one',
        include: this.labels(groups[1] ?? null),
      };
    }
    if (fill) return { ...span, kind: 'unknown', node: 'FillModifier' };
    const operator = opNode as SyntaxNode;
    return {
      ...span,
      kind: 'binary',
      op: op as string,
      opSpan: { from: operator.from, to: operator.to },
      lhs: this.expr(exprKids[0] as SyntaxNode),
      rhs: this.expr(exprKids[1] as SyntaxNode),
      bool,
      matching,
    };
  }
}

/**
 * Applies a postfix construct the way Prometheus binds it: to the right-most operand of a binary or unary
 * expression (recursively), not to the whole expression lezer grouped under it.
 */
function attachPostfix(inner: Expr, make: (operand: Expr) => Expr): Expr {
  if (inner.kind === 'binary') {
    const rhs = attachPostfix(inner.rhs, make);
    return { ...inner, rhs, to: rhs.to };
  }
  if (inner.kind === 'unary') {
    const expr = attachPostfix(inner.expr, make);
    return { ...inner, expr, to: expr.to };
  }
  return make(inner);
}

/** The direct sub-expressions, in source order. */
export function subExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'matrix':
    case 'subquery':
    case 'modifier':
    case 'unary':
    case 'paren':
      return [e.expr];
    case 'call':
      return e.args;
    case 'aggregate':
      return e.args;
    case 'binary':
      return [e.lhs, e.rhs];
    default:
      return [];
  }
}

/** Every node, parents before children. */
export function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const c of subExprs(e)) walk(c, visit);
}

/** Strips parentheses and offset/@ modifiers, which do not change what an expression selects. */
export function unwrap(e: Expr): Expr {
  while (e.kind === 'paren' || e.kind === 'modifier') e = e.expr;
  return e;
}

/** The vector selector under a matrix selector (through modifiers), if any. */
export function selectorOf(e: Expr): ExprOf<'vector'> | undefined {
  const u = unwrap(e);
  if (u.kind === 'vector') return u;
  if (u.kind === 'matrix') return selectorOf(u.expr);
  return undefined;
}
