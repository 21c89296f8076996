import { walk, type Expr } from '../../../promql/ast.js';
import { AGGREGATIONS } from '../../../promql/functions.js';
import { mayHaveLabel, outputLabels } from '../../../promql/labels.js';
import type { Check } from '../../types.js';
import { atExpr, judgeCalls } from '../helpers.js';
import { HISTOGRAM_QUANTILE, readsClassicBuckets } from '../../support/histogram-input.js';

function dropsLe(e: Expr): boolean {
  if (e.kind !== 'aggregate' || AGGREGATIONS[e.op]?.selects) return false;
  if (!e.grouping) return true;
  return e.grouping.without ? e.grouping.labels.includes('le') : !e.grouping.labels.includes('le');
}

export const leDropped: Check = {
  id: 'histogram/le-dropped',
  severity: 'error',
  summary: 'histogram_quantile() over classic buckets whose `le` label an aggregation removed.',
  docs: {
    why: 'Classic histogram buckets are told apart by their `le` label. An aggregation without `le` in `by (...)` (or with it in `without (...)`) sums all buckets into one series, and histogram_quantile() returns nothing.',
    bad: '- alert: HighMemoryEndpoint\n  expr: histogram_quantile(0.95, sum by (endpoint) (rate(endpoint_memory_delta_bytes_bucket[5m]))) > 10485760',
    good: '- alert: HighMemoryEndpoint\n  expr: histogram_quantile(0.95, sum by (endpoint, le) (rate(endpoint_memory_delta_bytes_bucket[5m]))) > 10485760',
  },
  expr(input, ctx) {
    return judgeCalls(input, HISTOGRAM_QUANTILE, (call) => {
      const input = call.args[1];
      if (!input || mayHaveLabel(outputLabels(input), 'le') || !readsClassicBuckets(input, ctx)) return undefined;
      let culprit: Expr = input;
      walk(input, (n) => {
        if (culprit === input && dropsLe(n)) culprit = n;
      });
      const where = culprit.kind === 'aggregate' ? culprit.grouping ?? culprit.opSpan : culprit;
      return atExpr(where, 'the `le` label is aggregated away before histogram_quantile(), which needs it to tell buckets apart; add `le` to by (...) or remove it from without (...)');
    });
  },
};
