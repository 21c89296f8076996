import type { Check } from '../../types.js';
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
  rule(r) {
    return nodes(r).flatMap((e) =>
      e.kind !== 'vector'
        ? []
        : e.matchers
            .filter((m) => (m.op === '=' || m.op === '!=') && REGEX_LOOKING.test(m.value))
            .map((m) => atExpr(m, `${m.name}${m.op}${JSON.stringify(m.value)} compares literally, but the value looks like a regex; use ${m.op === '=' ? '=~' : '!~'} if a pattern is meant`)),
    );
  },
};
