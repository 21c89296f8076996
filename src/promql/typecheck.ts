// Value types and the static checks Prometheus's parser makes after parsing (promql/parser/parse.go
// checkAST): operand types of operators, function arity and argument types, aggregation parameters,
// where offset/@ and ranges may appear. Messages use Prometheus's wording so users can search for them.
import type { Expr, ExprOf, Span } from './ast.js';
import { re2Matcher } from './re2.js';
import { AGGREGATIONS, FUNCTIONS, TYPE_NAMES, type ValueType } from './functions.js';

export interface TypeProblem extends Span {
  message: string;
}

const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

export function isComparison(op: string): boolean {
  return COMPARISON.has(op);
}

export function isSetOp(op: string): boolean {
  return SET_OPS.has(op);
}

class TypeChecker {
  readonly problems: TypeProblem[] = [];

  private report(at: Span, message: string): void {
    this.problems.push({ from: at.from, to: at.to, message });
  }

  private expect(e: Expr, want: ValueType, context: string): void {
    const got = this.check(e);
    if (got && got !== want) this.report(e, `expected type ${TYPE_NAMES[want]} in ${context}, got ${TYPE_NAMES[got]}`);
  }

  /** The expression's type, or undefined when it cannot be known (unknown syntax or an earlier error). */
  check(e: Expr): ValueType | undefined {
    switch (e.kind) {
      case 'number':
        return 'scalar';
      case 'string':
        return 'string';
      case 'paren':
        return this.check(e.expr);
      case 'unknown':
        return undefined;
      case 'vector':
        return this.vector(e);
      case 'matrix': {
        if (e.expr.kind !== 'vector') {
          this.check(e.expr);
          this.report(e.expr.kind === 'modifier' ? e.expr.modifier : e, e.expr.kind === 'modifier' ? `no ${e.expr.modifier.keyword} modifiers allowed before range` : 'ranges only allowed for vector selectors');
          return 'matrix';
        }
        this.check(e.expr);
        return 'matrix';
      }
      case 'subquery': {
        const t = this.check(e.expr);
        if (t && t !== 'vector') this.report(e, `subquery is only allowed on instant vector, got ${TYPE_NAMES[t]}`);
        return 'matrix';
      }
      case 'modifier':
        return this.modifier(e);
      case 'unary': {
        const t = this.check(e.expr);
        if (t && t !== 'scalar' && t !== 'vector') this.report(e, `unary expression only allowed on expressions of type scalar or instant vector, got ${TYPE_NAMES[t]}`);
        return t;
      }
      case 'call':
        return this.call(e);
      case 'aggregate':
        return this.aggregate(e);
      case 'binary':
        return this.binary(e);
    }
  }

  private vector(e: ExprOf<'vector'>): ValueType {
    const nameMatchers = e.matchers.filter((m) => m.name === '__name__');
    if (e.name !== undefined && nameMatchers.length > 0) this.report(e, `metric name must not be set twice: ${JSON.stringify(e.name)} or ${JSON.stringify(nameMatchers[0]?.value)}`);
    const matchesEmpty = (m: (typeof e.matchers)[number]): boolean => {
      if (m.op === '=') return m.value === '';
      if (m.op === '!=') return m.value !== '';
      const matchesEmptyString = safeRegex(m.value)?.test('') ?? false;
      return m.op === '=~' ? matchesEmptyString : !matchesEmptyString;
    };
    if (e.name === undefined && e.matchers.every(matchesEmpty)) this.report(e, 'vector selector must contain at least one non-empty matcher');
    return 'vector';
  }

  private modifier(e: ExprOf<'modifier'>): ValueType | undefined {
    const t = this.check(e.expr);
    const target = e.expr;
    const ok = target.kind === 'vector' || target.kind === 'matrix' || target.kind === 'subquery' || target.kind === 'modifier';
    if (!ok && t) {
      const what = e.modifier.keyword === 'offset' ? 'offset' : '@';
      this.report(e.modifier, `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
    }
    if (target.kind === 'modifier' && target.modifier.keyword === e.modifier.keyword) {
      this.report(e.modifier, e.modifier.keyword === 'offset' ? 'offset may not be set multiple times' : '@ <timestamp> may not be set multiple times');
    }
    return t;
  }

  private call(e: ExprOf<'call'>): ValueType | undefined {
    const spec = FUNCTIONS[e.func];
    if (!spec) {
      for (const a of e.args) this.check(a);
      return undefined;
    }
    const n = spec.args.length;
    const got = e.args.length;
    if (spec.variadic === 0 && got !== n) this.report(e, `expected ${n} argument(s) in call to "${e.func}", got ${got}`);
    else if (spec.variadic !== 0 && got < n - 1) this.report(e, `expected at least ${n - 1} argument(s) in call to "${e.func}", got ${got}`);
    else if (spec.variadic > 0 && got > n - 1 + spec.variadic) this.report(e, `expected at most ${n - 1 + spec.variadic} argument(s) in call to "${e.func}", got ${got}`);
    e.args.forEach((a, i) => {
      const want = spec.args[Math.min(i, n - 1)];
      if (want) this.expect(a, want, `call to function "${e.func}"`);
      else this.check(a);
    });
    return spec.returns;
  }

  private aggregate(e: ExprOf<'aggregate'>): ValueType {
    const spec = AGGREGATIONS[e.op] ?? {};
    const want = spec.param ? 2 : 1;
    if (e.args.length !== want) {
      this.report(e, `wrong number of arguments for aggregate expression provided, expected ${want}, got ${e.args.length}`);
      for (const a of e.args) this.check(a);
      return 'vector';
    }
    if (spec.param && e.param) this.expect(e.param, spec.param, `aggregation parameter`);
    if (e.expr) this.expect(e.expr, 'vector', 'aggregation expression');
    return 'vector';
  }

  private binary(e: ExprOf<'binary'>): ValueType | undefined {
    const lt = this.check(e.lhs);
    const rt = this.check(e.rhs);
    if (e.bool && !isComparison(e.op)) this.report(e.opSpan, 'bool modifier can only be used on comparison operators');
    if (!lt || !rt) return lt === 'vector' || rt === 'vector' ? 'vector' : undefined;
    for (const [side, t] of [[e.lhs, lt], [e.rhs, rt]] as const) {
      if (t !== 'scalar' && t !== 'vector') {
        this.report(side, `binary expression must contain only scalar and instant vector types`);
        return undefined;
      }
    }
    if (isComparison(e.op) && lt === 'scalar' && rt === 'scalar' && !e.bool) this.report(e.opSpan, 'comparisons between scalars must use BOOL modifier');
    if (isSetOp(e.op) && (lt === 'scalar' || rt === 'scalar')) this.report(e.opSpan, `set operator "${e.op}" not allowed in binary scalar expression`);
    if (e.matching && (lt !== 'vector' || rt !== 'vector')) this.report(e.opSpan, 'vector matching only allowed between instant vectors');
    if (e.matching && isSetOp(e.op) && e.matching.card !== 'one-to-one') this.report(e.opSpan, `no grouping allowed for "${e.op}" operation`);
    if (e.matching?.on) {
      for (const l of e.matching.include) if (e.matching.labels.includes(l)) this.report(e.opSpan, `label "${l}" must not occur in ON and GROUP clause at once`);
    }
    return lt === 'vector' || rt === 'vector' ? 'vector' : 'scalar';
  }
}

/** The anchored JS form of a label regex (through RE2's translation), or undefined when RE2 refuses it. */
export function safeRegex(source: string): RegExp | undefined {
  return re2Matcher(source);
}

export interface TypeResult {
  type?: ValueType;
  problems: TypeProblem[];
}

export function typeCheck(e: Expr): TypeResult {
  const c = new TypeChecker();
  const type = c.check(e);
  return { type, problems: c.problems };
}

/** The type of an expression without reporting anything (for analyses of already checked trees). */
export function valueType(e: Expr): ValueType | undefined {
  return new TypeChecker().check(e);
}
