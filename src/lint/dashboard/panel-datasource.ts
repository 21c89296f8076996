import { finding, refersToVariable } from './targets.js';
import type { DashboardCheck, Finding } from '../types.js';

export const panelDatasource: DashboardCheck = {
  id: 'dashboard/panel-datasource',
  severity: 'error',
  summary: 'A panel or target does not use the dashboard\'s datasource variable.',
  docs: {
    why: 'A panel pinned to a datasource uid ignores the picker at the top of the dashboard, and breaks in every Grafana whose datasource has another uid. `${datasource}`, `$datasource` and `[[datasource]]` all name the variable. After grafana/dashboard-linter\'s `panel-datasource-rule`.',
    bad: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "P1809F7CD0C75ACF3" },\n  "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    good: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "${datasource}" },\n  "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    accepts: ['A target without a `datasource`: it takes the panel\'s.'],
  },
  dashboard(ctx) {
    const variable = ctx.variables.find((v) => v.type === 'datasource')?.name ?? 'datasource';
    const use = `use {"type": "prometheus", "uid": "\${${variable}}"}`;
    return ctx.panels.flatMap(({ panel, path }) => {
      const found: Finding[] = [];
      if (!refersToVariable(panel.datasource, variable)) found.push(finding(panel, `${path}.datasource`, `the panel's datasource is not the $${variable} variable; ${use}`));
      (panel.targets ?? []).forEach((t, j) => {
        // A target without a datasource takes the panel's.
        if (t.datasource !== undefined && !refersToVariable(t.datasource, variable)) {
          found.push(finding(panel, `${path}.targets[${j}].datasource`, `the target's datasource is not the $${variable} variable; ${use} or leave it out`));
        }
      });
      return found;
    });
  },
};
