import { finding, refersToVariable } from './targets.js';
import type { DashboardCheck, Finding } from './types.js';

export const panelDatasource: DashboardCheck = {
  id: 'dashboard/panel-datasource',
  severity: 'error',
  summary: 'A panel or target does not use the dashboard\'s datasource variable.',
  run(ctx) {
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
