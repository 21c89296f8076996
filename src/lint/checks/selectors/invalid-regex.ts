import { re2Problem } from '../../../promql/re2.js';
import type { Check, Finding } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';

export const invalidRegex: Check = {
  id: 'selectors/invalid-regex',
  severity: 'error',
  summary: 'A `=~` or `!~` matcher (or label_replace regex) that Go RE2 cannot compile.',
  docs: {
    why: 'Prometheus compiles label regexes with Go RE2, which has no lookaround or backreferences. An invalid regex makes Prometheus reject the rule file (in a matcher) or fail every evaluation (in label_replace). memgen checks RE2 syntax, not JavaScript\'s.',
    bad: '- record: job:http_requests:rate5m\n  expr: sum by (job) (rate(http_requests_total{path=~"/api/(?!health).*"}[5m]))',
    good: '- record: job:http_requests:rate5m\n  expr: sum by (job) (rate(http_requests_total{path=~"/api/.*", path!~"/api/health.*"}[5m]))',
  },
  expr(input) {
    const out: Finding[] = [];
    for (const e of nodes(input)) {
      if (e.kind === 'vector') {
        for (const m of e.matchers) {
          const problem = m.op === '=~' || m.op === '!~' ? re2Problem(m.value) : undefined;
          if (problem) out.push(atExpr(m.valueSpan, `invalid regex in ${m.name}${m.op}: ${problem}`));
        }
        continue;
      }
      const regex = e.kind === 'call' && e.func === 'label_replace' ? e.args[4] : undefined;
      const problem = regex?.kind === 'string' ? re2Problem(regex.value) : undefined;
      if (regex && problem) out.push(atExpr(regex, `invalid regex in label_replace(): ${problem}`));
    }
    return out;
  },
};
