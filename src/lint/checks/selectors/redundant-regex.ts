import type { Check, Finding } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';
import { matchesEverything } from '../../support/match-all.js';

export const redundantRegex: Check = {
  id: 'selectors/redundant-regex',
  severity: 'info',
  summary: 'A `=~".*"` matcher (or `(?s).*`, `.*|x`, ...), which matches every series, even those without the label.',
  docs: {
    why: '`label=~".*"` also matches the empty value, that is series without the label, so it selects nothing less than leaving it out; it only costs regex evaluation and misleads readers. (`=~".+"` does filter: it requires the label.)',
    bad: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes{job=~".*"})',
    good: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
    accepts: ['`=~".+"`: it requires the label, so it does filter.'],
  },
  expr(input) {
    const out: Finding[] = [];
    for (const e of nodes(input)) {
      if (e.kind !== 'vector' || !e.name) continue;
      for (const m of e.matchers) {
        if (m.op === '=~' && matchesEverything(m.value)) out.push(atExpr(m, `${m.name}=~${JSON.stringify(m.value)} matches every series, with or without the label; remove the matcher`));
      }
    }
    return out;
  },
};
