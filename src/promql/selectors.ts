// Walks a parsed PromQL expression for the parts dashboard checks ask about: the series selectors (with their
// label matchers and what they sit inside) and the range of each function call over a range vector.
// Positions are offsets in the text given; parse the output of withGrafanaVariables() to keep them valid for
// the text the user wrote.
import { parsePromQL, type PromQLTree } from './parse.js';

type SyntaxNode = PromQLTree['topNode'];

export interface LabelMatcher {
  label: string;
  op: string;
  /** The string literal's contents, unquoted. */
  value: string;
}

export interface Selector {
  /** Metric name, or undefined for `{__name__=~"..."}` style selectors. */
  metric?: string;
  matchers: LabelMatcher[];
  from: number;
  to: number;
  /** Name of the function whose range-vector argument this selector is (`rate` in `rate(x[5m])`). */
  rangeFunction?: string;
}

export interface RangeCall {
  fn: string;
  /** Offsets of the range inside the brackets: `5m` in `rate(x[5m])`. */
  rangeFrom: number;
  rangeTo: number;
}

function unquote(literal: string): string {
  try {
    return literal.startsWith('`') ? literal.slice(1, -1) : (JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1)}"` : literal) as string);
  } catch {
    return literal.slice(1, -1);
  }
}

function functionName(call: SyntaxNode, text: string): string {
  const id = call.getChild('FunctionIdentifier');
  return id ? text.slice(id.from, id.to) : '';
}

/** The function a matrix selector is passed to directly, if any. */
function enclosingCall(matrix: SyntaxNode): SyntaxNode | undefined {
  const body = matrix.parent;
  const call = body?.name === 'FunctionCallBody' ? body.parent : null;
  return call?.name === 'FunctionCall' ? call : undefined;
}

function matchersOf(node: SyntaxNode, text: string): LabelMatcher[] {
  const list = node.getChild('LabelMatchers');
  if (!list) return [];
  const result: LabelMatcher[] = [];
  for (let m = list.firstChild; m; m = m.nextSibling) {
    const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const op = m.getChild('MatchOp');
    const value = m.getChild('StringLiteral');
    if (name && op && value) result.push({ label: text.slice(name.from, name.to), op: text.slice(op.from, op.to), value: unquote(text.slice(value.from, value.to)) });
  }
  return result;
}

export function selectors(text: string): Selector[] {
  const result: Selector[] = [];
  parsePromQL(text).iterate({
    enter(ref) {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const id = node.getChild('Identifier');
      const matrix = node.parent?.name === 'MatrixSelector' ? node.parent : undefined;
      const call = matrix && enclosingCall(matrix);
      result.push({
        metric: id ? text.slice(id.from, id.to) : undefined,
        matchers: matchersOf(node, text),
        from: node.from,
        to: node.to,
        rangeFunction: call ? functionName(call, text) : undefined,
      });
    },
  });
  return result;
}

/** Function calls whose argument is a range vector selector, with where the range is written. */
export function rangeCalls(text: string): RangeCall[] {
  const result: RangeCall[] = [];
  parsePromQL(text).iterate({
    enter(ref) {
      if (ref.name !== 'MatrixSelector') return;
      const call = enclosingCall(ref.node);
      const range = ref.node.lastChild;
      if (!call || !range || range.name === 'VectorSelector') return;
      result.push({ fn: functionName(call, text), rangeFrom: range.from, rangeTo: range.to });
    },
  });
  return result;
}
