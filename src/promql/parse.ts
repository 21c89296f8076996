// PromQL parsing with the Prometheus team's Lezer grammar. The tree's shape is not always Prometheus's own
// (`a - b offset 1h` groups the offset around the binary expression), so analyses must not read precedence
// from it; syntax errors, which is what this module reports, are unaffected.
import { parser } from '@prometheus-io/lezer-promql';
import { chainProblems } from './chains.js';
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
let last: ParseResult | undefined;

interface ParseResult {
  expr: string;
  tree: PromQLTree;
  problems: SyntaxProblem[];
  /** A long chain read piece by piece (see chains.ts): the tree is lezer's cut one, not to be built from. */
  chain: boolean;
}

function lezerProblems(expr: string, tree: PromQLTree): SyntaxProblem[] {
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
  return problems;
}

function problemsOf(expr: string): { tree: PromQLTree; problems: SyntaxProblem[]; chain: boolean } {
  const tree = parsePromQL(expr);
  const problems = lezerProblems(expr, tree);
  if (problems.length === 0) return { tree, problems: literalProblems(expr, tree), chain: false };
  // Only a text long enough to hold a hundred operators can be a chain lezer cut.
  const chain = expr.length > 300 ? chainProblems(expr, (piece) => (piece.trim() === '' ? [{ message: 'unexpected end of input', from: 0, to: 0 }] : problemsOf(piece).problems)) : undefined;
  return chain ? { tree, problems: chain, chain: true } : { tree, problems, chain: false };
}

/** The parse tree and the syntax problems Prometheus would report: lezer's error nodes, then literals. */
export function checkedParse(expr: string): ParseResult {
  if (last?.expr === expr) return last;
  last = { expr, ...problemsOf(expr) };
  return last;
}

/** Syntax errors of an expression; empty when it parses. */
export function syntaxErrors(expr: string): SyntaxProblem[] {
  if (expr.trim() === '') return [{ message: 'empty expression', from: 0, to: 0 }];
  return checkedParse(expr).problems;
}
