import { typeCheck } from '../../../promql/typecheck.js';
import type { Check } from '../../types.js';
import { atExpr } from '../helpers.js';

export const promqlTypes: Check = {
  id: 'promql/types',
  severity: 'error',
  summary: 'Operand types, function arity and argument types, aggregation parameters, offset and range placement.',
  docs: {
    why: 'Prometheus type-checks an expression when it loads the rule file and rejects the whole file on a type error: a range vector where an instant vector is needed, a missing argument, `offset` after an aggregation.',
    bad: '- record: job:process_rss_bytes:avg\n  expr: avg by (job) (process_rss_bytes[5m])',
    good: '- record: job:process_rss_bytes:avg\n  expr: avg by (job) (avg_over_time(process_rss_bytes[5m]))',
  },
  expr(input) {
    if (!input.parsed.ast || input.typeErrors === 0) return [];
    return typeCheck(input.parsed.ast).problems.map((p) => atExpr(p, `${p.message}; Prometheus will refuse to load this rule`));
  },
};
