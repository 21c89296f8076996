import type { Check } from '../../types.js';
import { neverFiresFindings } from '../../support/never-fires.js';

export const joinNeverMatches: Check = {
  id: 'promql/join-never-matches',
  severity: 'error',
  summary: 'A join (`and`, `unless`, arithmetic, comparison) whose sides can never agree on the labels it matches on.',
  docs: {
    why: 'Binary operators between two vectors pair series whose matching labels are equal: all labels (but the name) by default, or the `on (...)` list. When one side always carries a label the other cannot have (absent() returns only the selector\'s `=` labels, vector() none, an aggregation only its `by` labels), no pair ever forms: an `and` or arithmetic join is always empty, so the alert can never fire, and an `unless` never removes anything. An error when the whole expression is left empty, a warning when the dead join sits beside another branch (`or`). memgen knows a label is always there from `=` (and other non-empty) matchers and from `job`, which Prometheus attaches to every scraped series.',
    bad: '- alert: ApiDown\n  expr: up{job="api"} == 0 and absent(http_requests_total)',
    good: '- alert: ApiDown\n  expr: up{job="api"} == 0 and on () absent(http_requests_total)',
    accepts: [
      '`and on () absent(...)` and `* on () group_left vector(1)`: an empty `on ()` list matches any pair.',
      'Sides whose labels memgen cannot prove (a recording rule\'s series, labels that may or may not be set) are never judged.',
    ],
  },
  expr(input, ctx) {
    return neverFiresFindings(input, ctx, 'join');
  },
};
