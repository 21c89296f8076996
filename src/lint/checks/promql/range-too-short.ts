import { formatDuration } from '../../../dsl/units.js';
import { unwrap } from '../../../promql/ast.js';
import type { Check } from '../../types.js';
import { atExpr, judgeCalls } from '../helpers.js';

// How many scrape intervals a range must span: rate-like functions need several samples to survive a
// missed scrape; irate/idelta use only the last two, so two intervals suffice.
const MIN_SCRAPES: Record<string, number> = { rate: 4, increase: 4, delta: 4, deriv: 4, predict_linear: 4, resets: 4, changes: 4, irate: 2, idelta: 2 };
const RANGE_FUNCTIONS = Object.keys(MIN_SCRAPES);

export const rangeTooShort: Check = {
  id: 'promql/range-too-short',
  severity: 'warning',
  summary: 'A range shorter than 4x the scrape interval (2x for irate/idelta).',
  docs: {
    why: 'rate() over a range that holds fewer than a few samples returns nothing after a single missed scrape, so alerts flap and graphs have gaps. The scrape interval comes from the catalog, from the prometheus.yml being linted, or from `--scrape-interval`.',
    bad: '# scrape interval 30s\n- record: job:gc_collections:rate1m\n  expr: rate(gc_collections_total[1m])',
    good: '# scrape interval 30s\n- record: job:gc_collections:rate2m\n  expr: rate(gc_collections_total[2m])',
  },
  expr(input, ctx) {
    return judgeCalls(input, RANGE_FUNCTIONS, (call) => {
      const arg = call.args[0] && unwrap(call.args[0]);
      if (arg?.kind !== 'matrix' || arg.range === undefined) return undefined;
      const sel = unwrap(arg.expr);
      if (sel.kind !== 'vector') return undefined;
      const interval = ctx.scrapeIntervalFor(sel);
      const times = MIN_SCRAPES[call.func] as number;
      if (!interval || arg.range >= times * interval) return undefined;
      return atExpr(arg.rangeSpan, `range [${formatDuration(arg.range)}] in ${call.func}() spans fewer than ${times} scrapes (scrape interval ${formatDuration(interval)}); use at least [${formatDuration(times * interval)}]`);
    });
  },
};
