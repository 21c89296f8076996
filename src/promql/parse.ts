// PromQL parsing with the Prometheus team's Lezer grammar. The tree's shape is not always Prometheus's own
// (`a - b offset 1h` groups the offset around the binary expression), so analyses must not read precedence
// from it; syntax errors, which is what this module reports, are unaffected.
import { parser } from '@prometheus-io/lezer-promql';

export interface SyntaxProblem {
  message: string;
  from: number;
  to: number;
}

export type PromQLTree = ReturnType<typeof parser.parse>;

export function parsePromQL(expr: string): PromQLTree {
  return parser.parse(expr);
}

/** Syntax errors of an expression; empty when it parses. */
export function syntaxErrors(expr: string): SyntaxProblem[] {
  if (expr.trim() === '') return [{ message: 'empty expression', from: 0, to: 0 }];
  const problems: SyntaxProblem[] = [];
  parsePromQL(expr).iterate({
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
