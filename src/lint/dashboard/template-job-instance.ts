import { refersToVariable } from './targets.js';
import type { DashboardCheck, Finding } from './types.js';

/** VariableRefresh 2: query the values again when the time range changes, so new instances show up. */
const ON_TIME_RANGE_CHANGE = 2;

export const templateJobInstance: DashboardCheck = {
  id: 'dashboard/template-job-instance',
  severity: 'warning',
  summary: 'The job and instance template variables are missing, single-select, or not refreshed on time-range change.',
  run(ctx) {
    const datasource = ctx.variables.find((v) => v.type === 'datasource')?.name ?? 'datasource';
    return (['job', 'instance'] as const).flatMap((name): Finding[] => {
      const index = ctx.variables.findIndex((v) => v.name === name);
      const v = ctx.variables[index];
      if (!v) return [{ field: 'templating.list', message: `no '${name}' variable: add a query variable over label_values(<metric>, ${name})` }];
      const at = `templating.list[${index}]`;
      const found: Finding[] = [];
      if (v.type !== 'query') found.push({ field: `${at}.type`, message: `'${name}' is a ${v.type} variable; make it a query variable so it lists what Prometheus has` });
      if (!refersToVariable(v.datasource, datasource)) found.push({ field: `${at}.datasource`, message: `'${name}' does not query the $${datasource} variable` });
      if (v.multi !== true) found.push({ field: `${at}.multi`, message: `'${name}' is single-select; set multi: true so several can be compared` });
      if (v.refresh !== ON_TIME_RANGE_CHANGE) found.push({ field: `${at}.refresh`, message: `'${name}' is not refreshed on time-range change; set refresh: 2` });
      return found;
    });
  },
};
