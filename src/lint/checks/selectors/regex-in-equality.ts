import type { Check, Finding } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';

// Text that is almost certainly meant as a regex: wildcards, alternation, classes, anchors.
const REGEX_LOOKING = /\.\*|\.\+|\|\w|\w\||\[[^\]]+\]|^\^|[^\\]\$$|\\[dswDSW.]|\(\?/;

export const regexInEquality: Check = {
  id: 'selectors/regex-in-equality',
  severity: 'warning',
  summary: 'An `=` or `!=` matcher whose value looks like a regex.',
  docs: {
    why: '`=` compares literally: `path="/api/.*"` only matches a path that is exactly `/api/.*`, so the selector matches nothing and the alert can never fire. Use `=~` for a regex.',
    bad: '- alert: ApiErrors\n  expr: rate(http_requests_total{path="/api/.*", code="500"}[5m]) > 1',
    good: '- alert: ApiErrors\n  expr: rate(http_requests_total{path=~"/api/.*", code="500"}[5m]) > 1',
  },
  expr(input) {
    const out: Finding[] = [];
    for (const e of nodes(input)) {
      if (e.kind !== 'vector') continue;
      for (const m of e.matchers) {
        if ((m.op === '=' || m.op === '!=') && REGEX_LOOKING.test(m.value)) {
          out.push(atExpr(m, `${m.name}${m.op}${JSON.stringify(m.value)} compares literally, but the value looks like a regex; use ${m.op === '=' ? '=~' : '!~'} if a pattern is meant`));
        }
      }
    }
    return out;
  },
};
