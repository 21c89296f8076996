import { unwrap, type ExprOf } from '../../../promql/ast.js';
import type { Check, Finding } from '../../types.js';
import { atExpr, nodes } from '../helpers.js';

const SELECTING = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

/**
 * `topk by (pod) (1, x)`: one series per group, the mixins' way to de-duplicate before a join. The group is
 * fixed by `by`, so the result does not wander between evaluations.
 */
function deduplicates(e: ExprOf<'aggregate'>): boolean {
  const k = e.param && unwrap(e.param);
  return e.op !== 'limit_ratio' && k?.kind === 'number' && k.value === 1 && e.grouping !== undefined && !e.grouping.without && e.grouping.labels.length > 0;
}

export const alertTopk: Check = {
  id: 'alerts/topk',
  severity: 'warning',
  alertsOnly: true,
  summary: 'topk(), bottomk() or limitk() in an alert.',
  docs: {
    why: 'Which series are in the top k changes from one evaluation to the next, so each series keeps entering and leaving the result: the alert resolves and fires again, and `for` never completes for a stable set. Alert on a threshold instead; use topk() in dashboards.',
    bad: '- alert: HighMemoryEndpoint\n  expr: topk(5, rate(endpoint_memory_delta_bytes_sum[5m])) > 1048576',
    good: '- alert: HighMemoryEndpoint\n  expr: rate(endpoint_memory_delta_bytes_sum[5m]) > 1048576',
    accepts: [
      'De-duplication: `topk by (namespace, pod) (1, kube_pod_owner)` keeps one series per group (kubernetes-mixin\'s KubePodNotReady, KubeQuotaAlmostFull, CPUThrottlingHigh); with k = 1 and a `by` list the set of groups does not change between evaluations.',
    ],
  },
  expr(input) {
    const out: Finding[] = [];
    for (const e of nodes(input)) {
      if (e.kind === 'aggregate' && SELECTING.has(e.op) && !deduplicates(e)) out.push(atExpr(e.opSpan, `${e.op}() in an alert: the selected series change between evaluations, so the alert flaps; alert on a threshold and keep ${e.op}() for dashboards`));
    }
    return out;
  },
};
