import { selectors } from '../../promql/selectors.js';
import { finding, isVariable, parsedTargets } from './targets.js';
import type { DashboardCheck } from './types.js';

const REQUIRED = ['job', 'instance'] as const;

export const targetJobInstance: DashboardCheck = {
  id: 'dashboard/target-job-instance',
  severity: 'warning',
  summary: 'A selector in a panel query does not filter on job=~"$job" and instance=~"$instance".',
  run(ctx) {
    return parsedTargets(ctx).flatMap((t) =>
      selectors(t.parseable).flatMap((s) =>
        REQUIRED.filter((label) => !s.matchers.some((m) => m.label === label && m.op === '=~' && isVariable(m.value, label))).map((label) =>
          finding(
            t.panel,
            `${t.path}.expr`,
            `${t.expr.slice(s.from, s.to)} has no ${label}=~"$${label}" matcher, so the ${label} picker at the top of the dashboard does not filter it (=~, because the variable can hold several values)`,
            [s.from, s.to],
          ),
        ),
      ),
    );
  },
};
