// memgen's own PromQL syntax tree, built from the lezer-promql parse tree with Prometheus's precedence.
//
// lezer-promql parses the postfix forms (`offset`, `@`, `[range]`, `[range:step]`) with the lowest
// precedence, so `a - b offset 1h` becomes Offset(Binary(a, b)). Prometheus's own parser binds them to the
// nearest operand: Binary(a, Offset(b)). `attachPostfix` rotates such nodes into the right-most operand of
// binary and unary expressions, so every analysis here sees the tree Prometheus evaluates.
import type { TreeCursor } from '@lezer/common';
import * as T from '@prometheus-io/lezer-promql';
import { checkedParse } from './parse.js';
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
  if (text.trim() === '') return { text };
  const { tree, problems, chain } = checkedParse(text);
  // A long chain is checked for syntax piece by piece but not analysed (no tree: see chains.ts).
  if (problems.length > 0 || chain) return { text };
  const cursor = tree.cursor();
  return { text, ast: cursor.firstChild() ? new Builder(text, cursor).expr() : undefined };
}

const BINARY_OPS = new Map<number, string>([
  [T.Pow, '^'], [T.Mul, '*'], [T.Div, '/'], [T.Mod, '%'], [T.Atan2, 'atan2'], [T.Add, '+'], [T.Sub, '-'], [T.Eql, '=='],
  [T.Gte, '>='], [T.Gtr, '>'], [T.Lte, '<='], [T.Lss, '<'], [T.Neq, '!='], [T.And, 'and'], [T.Unless, 'unless'], [T.Or, 'or'],
  [T.TrimUpper, '</'], [T.TrimLower, '>/'],
]);

const EXPR_NODES = new Set<number>([
  T.AggregateExpr, T.BinaryExpr, T.FunctionCall, T.MatrixSelector, T.NumberDurationLiteral, T.OffsetExpr, T.AnchoredExpr,
  T.SmoothedExpr, T.ParenExpr, T.StringLiteral, T.SubqueryExpr, T.UnaryExpr, T.VectorSelector, T.StepInvariantExpr,
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

/**
 * Builds the AST with one tree cursor: lezer allocates a node object for every SyntaxNode it hands out, and
 * a rule file has tens of thousands of expressions. Every method is entered with the cursor on its node and
 * leaves it there, so callers can move on to the next sibling.
 */
class Builder {
  constructor(
    private readonly text: string,
    private readonly c: TreeCursor,
  ) {}

  private src(): string {
    return this.text.slice(this.c.from, this.c.to);
  }

  private span(): Span {
    return { from: this.c.from, to: this.c.to };
  }

  /** Calls `visit` on each child of the cursor's node, then returns to the node. */
  private eachChild(visit: (type: number) => void): void {
    const c = this.c;
    if (!c.firstChild()) return;
    do visit(c.type.id);
    while (c.nextSibling());
    c.parent();
  }

  /** The expression children of the cursor's node. */
  private exprChildren(): Expr[] {
    const out: Expr[] = [];
    this.eachChild((type) => {
      if (EXPR_NODES.has(type)) out.push(this.expr());
    });
    return out;
  }

  expr(): Expr {
    const c = this.c;
    const from = c.from;
    const to = c.to;
    switch (c.type.id) {
      case T.NumberDurationLiteral:
        return { kind: 'number', from, to, value: parseNumber(this.src()) };
      case T.StringLiteral:
        return { kind: 'string', from, to, value: unquoteString(this.src()) };
      case T.ParenExpr:
        return this.paren(from, to);
      case T.UnaryExpr: {
        let op = '';
        let expr: Expr | undefined;
        this.eachChild((t) => {
          if (t === T.UnaryOp) op = this.src();
          else if (EXPR_NODES.has(t)) expr = this.expr();
        });
        return { kind: 'unary', from, to, op, expr: this.only([expr]) };
      }
      case T.VectorSelector:
        return this.vector(from, to);
      case T.FunctionCall:
        return this.call(from, to);
      case T.AggregateExpr:
        return this.aggregate(from, to);
      case T.BinaryExpr:
        return this.binary(from, to);
      case T.MatrixSelector: {
        let inner: Expr | undefined;
        let range: number | undefined;
        let rangeSpan: Span = { from: to, to };
        this.eachChild((t) => {
          if (t === T.DurationExpr) [range, rangeSpan] = [this.duration(), this.span()];
          else if (EXPR_NODES.has(t)) inner = this.expr();
        });
        return attachPostfix(this.only([inner]), (e) => ({ kind: 'matrix', from: e.from, to, expr: e, range, rangeSpan }));
      }
      case T.SubqueryExpr: {
        let inner: Expr | undefined;
        const durations: Array<{ value?: number; span: Span }> = [];
        this.eachChild((t) => {
          if (t === T.DurationExpr) durations.push({ value: this.duration(), span: this.span() });
          else if (EXPR_NODES.has(t)) inner = this.expr();
        });
        const [r, s] = durations;
        const rangeSpan = { from: r?.span.from ?? to, to: (s ?? r)?.span.to ?? to };
        return attachPostfix(this.only([inner]), (e) => ({ kind: 'subquery', from: e.from, to, expr: e, range: r?.value, step: s?.value, rangeSpan }));
      }
      case T.OffsetExpr:
      case T.StepInvariantExpr: {
        const keyword = c.type.id === T.OffsetExpr ? 'offset' : '@';
        let inner: Expr | undefined;
        let keywordEnd = from;
        let keywordFrom = from;
        this.eachChild((t) => {
          if (t === T.Offset || t === T.At) [keywordFrom, keywordEnd] = [c.from, c.to];
          else if (EXPR_NODES.has(t) && !inner) inner = this.expr();
        });
        const modifier: Modifier = { keyword, from: keywordFrom, to, text: this.text.slice(keywordEnd, to).trim() };
        return attachPostfix(this.only([inner]), (e) => ({ kind: 'modifier', from: e.from, to, expr: e, modifier }));
      }
      default:
        return { kind: 'unknown', from, to, node: c.type.name };
    }
  }

  /**
   * Parentheses directly inside parentheses are one node: `((((up))))` means `(up)`, and a chain of 2,000 of
   * them is walked with a loop rather than 2,000 nested calls (here and in every analysis of the tree).
   */
  private paren(from: number, to: number): Expr {
    const c = this.c;
    let depth = 0;
    const toInner = (): boolean => {
      if (!c.firstChild()) return false;
      do if (EXPR_NODES.has(c.type.id)) return true;
      while (c.nextSibling());
      c.parent();
      return false;
    };
    while (toInner()) {
      depth++;
      if (c.type.id !== T.ParenExpr) break;
    }
    const inner = depth > 0 && c.type.id !== T.ParenExpr ? this.expr() : undefined;
    for (let k = 0; k < depth; k++) c.parent();
    return { kind: 'paren', from, to, expr: this.only([inner]) };
  }

  /** The one sub-expression a node must have (the parse has no error nodes, so it is there). */
  private only(exprs: ReadonlyArray<Expr | undefined>): Expr {
    return exprs[0] as Expr;
  }

  private call(from: number, to: number): Expr {
    let func = '';
    let nameSpan: Span = { from, to: from };
    let args: Expr[] = [];
    this.eachChild((t) => {
      if (t === T.FunctionIdentifier) [func, nameSpan] = [this.src(), this.span()];
      else if (t === T.FunctionCallBody) args = this.exprChildren();
    });
    return { kind: 'call', from, to, func, nameSpan, args };
  }

  private duration(): number | undefined {
    const c = this.c;
    if (!c.firstChild()) return undefined;
    const single = c.type.id === T.NumberDurationLiteralInDurationContext && !c.nextSibling();
    c.parent();
    if (!single) return undefined;
    const t = this.text.slice(c.from, c.to);
    return /^[\d.]+$/.test(t) ? Number(t) : parseDuration(t);
  }

  private labelName(type: number): string {
    return type === T.LabelName ? this.src() : unquoteString(this.src());
  }

  private labels(): string[] {
    const out: string[] = [];
    this.eachChild((t) => {
      if (t === T.LabelName || t === T.QuotedLabelName) out.push(this.labelName(t));
    });
    return out;
  }

  private vector(from: number, to: number): Expr {
    let name: string | undefined;
    let nameSpan: Span | undefined;
    const matchers: Matcher[] = [];
    this.eachChild((t) => {
      if (t === T.Identifier) [name, nameSpan] = [this.src(), this.span()];
      else if (t === T.LabelMatchers) {
        this.eachChild((m) => {
          if (m === T.QuotedLabelName) name = unquoteString(this.src());
          else if (m === T.UnquotedLabelMatcher || m === T.QuotedLabelMatcher) matchers.push(this.matcher());
        });
      }
    });
    return { kind: 'vector', from, to, name, nameSpan, matchers };
  }

  private matcher(): Matcher {
    const { from, to } = this.c;
    let name = '';
    let op = '';
    let value = '';
    let valueSpan: Span = { from: to, to };
    this.eachChild((t) => {
      if (t === T.LabelName || t === T.QuotedLabelName) name = this.labelName(t);
      else if (t === T.MatchOp) op = this.src();
      else if (t === T.StringLiteral) [value, valueSpan] = [unquoteString(this.src()), this.span()];
    });
    return { from, to, name, op: op as MatchOp, value, valueSpan };
  }

  private aggregate(from: number, to: number): Expr {
    let op = '';
    let opSpan: Span = { from, to: from };
    let args: Expr[] = [];
    let grouping: Grouping | undefined;
    this.eachChild((t) => {
      if (t === T.AggregateOp) [op, opSpan] = [this.src(), this.span()];
      else if (t === T.FunctionCallBody) args = this.exprChildren();
      else if (t === T.AggregateModifier) grouping = this.grouping();
    });
    const param = args.length > 1 ? args[0] : undefined;
    return { kind: 'aggregate', from, to, op, opSpan, param, expr: args[args.length - 1], args, grouping };
  }

  private grouping(): Grouping {
    const { from, to } = this.c;
    let without = false;
    let labels: string[] = [];
    this.eachChild((t) => {
      if (t === T.Without) without = true;
      else if (t === T.GroupingLabels) labels = this.labels();
    });
    return { from, to, without, labels };
  }

  private binary(from: number, to: number): Expr {
    let op = '';
    let opSpan: Span = { from, to: from };
    let bool = false;
    let fill = false;
    let matching: VectorMatching | undefined;
    const operands: Expr[] = [];
    this.eachChild((t) => {
      const symbol = BINARY_OPS.get(t);
      if (symbol !== undefined) [op, opSpan] = [symbol, this.span()];
      else if (EXPR_NODES.has(t)) operands.push(this.expr());
      else if (t === T.MatchingModifierClause) matching = this.matching();
      else if (t === T.BoolModifier) bool = true;
      else if (t === T.FillModifier) fill = true;
    });
    if (fill) return { kind: 'unknown', from, to, node: 'FillModifier' };
    return { kind: 'binary', from, to, op, opSpan, lhs: operands[0] as Expr, rhs: operands[1] as Expr, bool, matching };
  }

  private matching(): VectorMatching {
    let on = false;
    let card: VectorMatching['card'] = 'one-to-one';
    const lists: string[][] = [];
    this.eachChild((t) => {
      if (t === T.On) on = true;
      else if (t === T.GroupLeft) card = 'many-to-one';
      else if (t === T.GroupRight) card = 'one-to-many';
      else if (t === T.GroupingLabels) lists.push(this.labels());
    });
    return { on, labels: lists[0] ?? [], card, include: lists[1] ?? [] };
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
