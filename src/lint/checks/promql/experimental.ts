import { AGGREGATIONS, FUNCTIONS } from '../../../promql/functions.js';
import type { Check, Finding } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';

const FLAG = 'promql-experimental-functions';
// Syntax lezer-promql parses that memgen does not model, and the Prometheus feature flag each needs.
const UNMODELLED: Record<string, string> = {
  AnchoredExpr: 'promql-extended-range-selectors',
  SmoothedExpr: 'promql-extended-range-selectors',
  FillModifier: 'promql-binop-fill-modifiers',
};

export const experimentalFeature: Check = {
  id: 'promql/experimental',
  severity: 'warning',
  summary: 'PromQL that Prometheus only accepts behind a feature flag (experimental functions, duration expressions, fill modifiers).',
  docs: {
    why: 'Prometheus rejects these expressions ("unknown function", "parse error") unless it runs with the matching `--enable-feature` flag, and older Prometheus versions (such as Debian\'s 2.42) do not know them at all. The rule file then fails to load where the flag is missing.',
    bad: '- record: job:up:sorted\n  expr: sort_by_label(up, "instance")',
    good: '- record: job:up:sorted\n  expr: sort(up)',
  },
  expr(input) {
    const out: Finding[] = [];
    for (const e of nodes(input)) {
      if (e.kind === 'call' && FUNCTIONS[e.func]?.experimental) out.push(atExpr(e.nameSpan, `${e.func}() is experimental: Prometheus needs --enable-feature=${FLAG}`));
      else if (e.kind === 'aggregate' && AGGREGATIONS[e.op]?.experimental) out.push(atExpr(e.opSpan, `${e.op}() is experimental: Prometheus needs --enable-feature=${FLAG}`));
      else if (e.kind === 'unknown' && UNMODELLED[e.node]) out.push(atExpr(e, `this syntax is experimental: Prometheus needs --enable-feature=${UNMODELLED[e.node]}`));
      else if ((e.kind === 'matrix' || e.kind === 'subquery') && e.range === undefined) out.push(atExpr(e.rangeSpan, 'duration expressions in ranges are experimental: Prometheus needs --enable-feature=promql-duration-expr'));
    }
    return out;
  },
};
