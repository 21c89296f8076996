import type { Check } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';

export const redundantRegex: Check = {
  id: 'selectors/redundant-regex',
  severity: 'info',
  summary: 'A `=~".*"` matcher, which matches every series (even those without the label).',
  docs: {
    why: '`label=~".*"` also matches the empty value, that is series without the label, so it selects nothing less than leaving it out; it only costs regex evaluation and misleads readers. (`=~".+"` does filter: it requires the label.)',
    bad: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes{job=~".*"})',
    good: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
  },
  rule(r) {
    return nodes(r).flatMap((e) =>
      e.kind !== 'vector' || !e.name
        ? []
        : e.matchers.filter((m) => m.op === '=~' && (m.value === '.*' || m.value === '(.*)')).map((m) => atExpr(m, `${m.name}=~${JSON.stringify(m.value)} matches every series, with or without the label; remove the matcher`)),
    );
  },
};
