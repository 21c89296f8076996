import { syntaxErrors } from '../../promql/parse.js';
import { ruleName, type Check } from '../types.js';

export const promqlSyntax: Check = {
  id: 'promql/syntax',
  severity: 'error',
  summary: 'The expression does not parse as PromQL.',
  run(groups) {
    return groups.flatMap((g) =>
      g.rules.flatMap((r) =>
        syntaxErrors(r.expr ?? '').map((e) => ({
          message: `PromQL syntax error: ${e.message}`,
          group: g.name,
          name: ruleName(r),
          field: 'expr',
          span: [e.from, e.to] as [number, number],
        })),
      ),
    );
  },
};
