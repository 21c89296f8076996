// The AST follows Prometheus's precedence, not lezer's grouping of postfix operators.
import { describe, expect, it } from 'vitest';
import { parseExpr, type Expr } from '../../src/promql/ast.js';
import { mayHaveLabel, outputLabels } from '../../src/promql/labels.js';
import { typeCheck } from '../../src/promql/typecheck.js';

/** A compact Lisp-like print of the tree: shows what binds to what. */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'vector':
      return e.name ?? '{}';
    case 'number':
      return String(e.value);
    case 'binary':
      return `(${e.op} ${shape(e.lhs)} ${shape(e.rhs)})`;
    case 'unary':
      return `(${e.op} ${shape(e.expr)})`;
    case 'modifier':
      return `(${e.modifier.keyword} ${shape(e.expr)} ${e.modifier.text})`;
    case 'matrix':
      return `(range ${shape(e.expr)} ${e.range})`;
    case 'subquery':
      return `(subquery ${shape(e.expr)} ${e.range} ${e.step})`;
    case 'paren':
      return shape(e.expr);
    case 'call':
      return `(${e.func} ${e.args.map(shape).join(' ')})`;
    case 'aggregate':
      return `(${e.op} ${e.args.map(shape).join(' ')})`;
    default:
      return e.kind;
  }
}

const tree = (text: string): string => shape(parseExpr(text).ast as Expr);

describe('PromQL AST with Prometheus precedence', () => {
  it('binds offset to the right operand of a binary expression, as Prometheus does', () => {
    // lezer-promql alone groups this as Offset(Binary(a, b)).
    expect(tree('a - b offset 1h')).toBe('(- a (offset b 1h))');
    expect(tree('a offset 1h - b')).toBe('(- (offset a 1h) b)');
    expect(tree('a - b * c offset 5m')).toBe('(- a (* b (offset c 5m)))');
  });

  it('binds @, ranges and subqueries the same way', () => {
    expect(tree('a + b @ 100')).toBe('(+ a (@ b 100))');
    expect(tree('a - b[5m]')).toBe('(- a (range b 300))');
    expect(tree('a / b[1h:5m]')).toBe('(/ a (subquery b 3600 300))');
    expect(tree('-a offset 5m')).toBe('(- (offset a 5m))');
  });

  it('keeps parentheses as written', () => {
    expect(tree('(a - b) offset 1h')).toBe('(offset (- a b) 1h)');
    expect(tree('max_over_time((a - b)[1h:])')).toBe('(max_over_time (subquery (- a b) 3600 undefined))');
  });

  it('type-checks the normalised tree: a - b offset 1h is valid, (a - b) offset 1h is not', () => {
    expect(typeCheck(parseExpr('a - b offset 1h').ast as Expr).problems).toEqual([]);
    expect(typeCheck(parseExpr('(a - b) offset 1h').ast as Expr).problems.map((p) => p.message)).toEqual([
      'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
    ]);
  });
});

describe('output labels', () => {
  const labels = (text: string, label: string): boolean => mayHaveLabel(outputLabels(parseExpr(text).ast as Expr), label);
  it('follows by, without, on, ignoring and group_left', () => {
    expect(labels('sum by (job) (x)', 'job')).toBe(true);
    expect(labels('sum by (job) (x)', 'instance')).toBe(false);
    expect(labels('sum without (instance) (x)', 'job')).toBe(true);
    expect(labels('x / on (job) y', 'instance')).toBe(false);
    expect(labels('x / ignoring (code) y', 'code')).toBe(false);
    expect(labels('x * on (job) group_left (team) y', 'team')).toBe(true);
    expect(labels('x * on (job) group_left (team) y', 'instance')).toBe(true);
    expect(labels('topk(3, sum by (job) (x))', 'instance')).toBe(false);
    expect(labels('sum(x) or y', 'instance')).toBe(true);
    expect(labels('absent(up{job="a"})', 'job')).toBe(true);
    expect(labels('absent(up{job="a"})', 'instance')).toBe(false);
  });
});
