import type { Check } from '../../types.js';
import { atExpr, judgeCalls } from '../helpers.js';
import { HISTOGRAM_QUANTILE, judgeQuantileInput } from '../../support/histogram-input.js';

export const quantileInput: Check = {
  id: 'histogram/quantile-input',
  severity: 'error',
  summary: 'histogram_quantile() over something that is not a per-second rate of histogram buckets.',
  docs: {
    why: 'histogram_quantile() interpolates within buckets. Given a gauge or a raw bucket counter it computes a number that looks plausible and means nothing: raw buckets give the quantile since process start, not over the recent window. Its input must be rate() (or increase()) of `_bucket` series, or a recording rule that records one.',
    bad: '- alert: GCSlowdown\n  expr: histogram_quantile(0.95, gc_duration_seconds) > 0.5',
    good: '- alert: GCSlowdown\n  expr: histogram_quantile(0.95, sum by (le) (rate(gc_duration_seconds_bucket[5m]))) > 0.5',
  },
  expr(input, ctx) {
    return judgeCalls(input, HISTOGRAM_QUANTILE, (call) => {
      const input = call.args[1];
      const verdict = input ? judgeQuantileInput(input, ctx) : { ok: true as const };
      return verdict.ok ? undefined : atExpr(verdict.at, verdict.message);
    });
  },
};
