import { finding, isVariable, parsedTargets, selectorsOf } from './targets.js';
import type { DashboardCheck } from '../types.js';

const REQUIRED = ['job', 'instance'] as const;

export const targetJobInstance: DashboardCheck = {
  id: 'dashboard/target-job-instance',
  severity: 'warning',
  summary: 'A selector in a panel query does not filter on job=~"$job" and instance=~"$instance".',
  docs: {
    why: 'A selector without the matchers ignores the pickers at the top of the dashboard: the panel keeps showing every instance while the rest of the dashboard shows the one you chose. The operator must be `=~`, because a multi-select variable expands to `a|b`. After grafana/dashboard-linter\'s `target-job-rule` and `target-instance-rule`.',
    bad: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=\\"$job\\"}" }] }',
    good: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    accepts: ['`${job}`, `${job:regex}` and `[[job]]` as the matcher\'s value.'],
  },
  dashboard(ctx) {
    return parsedTargets(ctx).flatMap((t) =>
      selectorsOf(t).flatMap(({ selector: s }) =>
        REQUIRED.filter((label) => !s.matchers.some((m) => m.name === label && m.op === '=~' && isVariable(m.value, label))).map((label) =>
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
