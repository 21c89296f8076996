import type { Check } from '../../types.js';
import { neverFiresFindings } from '../../support/never-fires.js';

export const impossibleComparison: Check = {
  id: 'promql/impossible-comparison',
  severity: 'error',
  summary: 'A comparison against a value the expression can never reach (`up > 1`, a ratio `> 1`, a quantile above the largest bucket).',
  docs: {
    why: 'Some values are bounded by their definition: `up` and `probe_success` are 0 or 1, rate() and count() are never negative, a part divided by its whole (`sum(rate(x{code=~"5.."}[5m])) / sum(rate(x[5m]))`, or `a / (a + b)`) is at most 1, histogram_quantile() never returns more than the largest finite bucket bound the catalog or a saved /metrics page lists. A filter beyond the bound never keeps a series, so the alert can never fire; usually the threshold is in the wrong unit (a percentage against a ratio). An error when the whole expression is left empty, a warning inside an `or` branch.',
    bad: '- alert: HighErrorRatio\n  expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 5',
    good: '- alert: HighErrorRatio\n  expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05',
    accepts: [
      'Comparisons with `bool`: they return 0 or 1 and never filter.',
      'Ratios of two different metrics (`errors_total / requests_total`): nothing proves the top is part of the bottom.',
    ],
  },
  expr(input, ctx) {
    return neverFiresFindings(input, ctx, 'comparison');
  },
};
