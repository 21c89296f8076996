// PromQL parsing with the Prometheus team's Lezer grammar. The tree's shape is not always Prometheus's own
// (`a - b offset 1h` groups the offset around the binary expression), so analyses must not read precedence
// from it; syntax errors, which is what this module reports, are unaffected.
import { parser } from '@prometheus-io/lezer-promql';
import { literalProblems } from './literals.js';

export interface SyntaxProblem {
  message: string;
  from: number;
  to: number;
}

export type PromQLTree = ReturnType<typeof parser.parse>;

export function parsePromQL(expr: string): PromQLTree {
  return parser.parse(expr);
}

/** One parse and its problems; the last text is remembered, as the AST and the syntax check read the same one. */
let last: { expr: string; tree: PromQLTree; problems: SyntaxProblem[] } | undefined;

/** The parse tree and the syntax problems Prometheus would report: lezer's error nodes, then literals. */
export function checkedParse(expr: string): { tree: PromQLTree; problems: SyntaxProblem[] } {
  if (last?.expr === expr) return last;
  const tree = parsePromQL(expr);
  const problems: SyntaxProblem[] = [];
  tree.iterate({
    enter(node) {
      if (!node.type.isError) return;
      const near = expr.slice(node.from, Math.max(node.to, node.from + 1));
      problems.push({
        message: node.from >= expr.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(near)}`,
        from: node.from,
        to: Math.max(node.to, node.from + 1),
      });
    },
  });
  if (problems.length === 0) problems.push(...literalProblems(expr, tree));
  last = { expr, tree, problems };
  return last;
}

/** Syntax errors of an expression; empty when it parses. */
export function syntaxErrors(expr: string): SyntaxProblem[] {
  if (expr.trim() === '') return [{ message: 'empty expression', from: 0, to: 0 }];
  return checkedParse(expr).problems;
}
