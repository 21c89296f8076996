import { TYPE_NAMES } from '../../../promql/functions.js';
import type { Check } from '../../types.js';
import { atExpr } from '../helpers.js';

export const ruleResult: Check = {
  id: 'promql/rule-result',
  severity: 'error',
  summary: "A rule's expression must evaluate to an instant vector or a scalar.",
  docs: {
    why: 'Prometheus parses a rule whose expression is a range vector or a string, but every evaluation fails ("rule result is not a vector or scalar"), so the alert never fires and the recording rule records nothing.',
    bad: '- record: instance:process_rss_bytes:5m\n  expr: process_rss_bytes[5m]',
    good: '- record: instance:process_rss_bytes:max5m\n  expr: max_over_time(process_rss_bytes[5m])',
  },
  expr(input) {
    if (!input.parsed.ast || !input.type || input.type === 'vector' || input.type === 'scalar') return [];
    return [atExpr(input.parsed.ast, `the expression returns a ${TYPE_NAMES[input.type]}, but a rule must return an instant vector or a scalar; wrap it in a function such as max_over_time() or remove the range`)];
  },
};
