import { syntaxErrors } from '../../../promql/parse.js';
import type { Check } from '../../types.js';
import { atExpr } from '../helpers.js';

export const promqlSyntax: Check = {
  id: 'promql/syntax',
  severity: 'error',
  summary: 'The expression does not parse as PromQL.',
  docs: {
    why: 'Prometheus refuses to load a rule file with an expression it cannot parse, so none of the file\'s rules run. A common case is a label matcher written after the range: the matchers belong to the selector, before `[5m]`.',
    bad: '- alert: EndpointGrowing\n  expr: rate(endpoint_memory_delta_bytes_bucket[5m]{le="+Inf"}) > 1048576',
    good: '- alert: EndpointGrowing\n  expr: rate(endpoint_memory_delta_bytes_bucket{le="+Inf"}[5m]) > 1048576',
  },
  expr(input) {
    if (input.parsed.ast || input.parsed.text.trim() === '') return [];
    return syntaxErrors(input.parsed.text).map((e) => atExpr(e, `PromQL syntax error: ${e.message}; fix the expression so Prometheus can parse it`));
  },
};
