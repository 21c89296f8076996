import { refersToVariable } from './targets.js';
import type { DashboardCheck, Finding } from '../types.js';

/** VariableRefresh 2: query the values again when the time range changes, so new instances show up. */
const ON_TIME_RANGE_CHANGE = 2;

export const templateJobInstance: DashboardCheck = {
  id: 'dashboard/template-job-instance',
  severity: 'warning',
  summary: 'The job and instance template variables are missing, single-select, or not refreshed on time-range change.',
  docs: {
    why: '`job` and `instance` are on every series Prometheus scrapes, so they are the filters every dashboard can offer. They should be query variables over the datasource variable; multi-select lets you compare two instances; refreshing on time-range change (`refresh: 2`) makes a new pod appear in the list without reloading the page. After grafana/dashboard-linter\'s `template-job-rule`, `template-instance-rule` and `template-on-time-change-reload-rule`.',
    bad: '{ "templating": { "list": [\n  { "type": "datasource", "name": "datasource", "query": "prometheus" },\n  { "type": "query", "name": "job", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, job)" }, "multi": true, "refresh": 2 },\n  { "type": "query", "name": "instance", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, instance)" }, "multi": false, "refresh": 1 }\n] } }',
    good: '{ "templating": { "list": [\n  { "type": "datasource", "name": "datasource", "query": "prometheus" },\n  { "type": "query", "name": "job", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, job)" }, "multi": true, "refresh": 2 },\n  { "type": "query", "name": "instance", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up{job=~\\"$job\\"}, instance)" }, "multi": true, "refresh": 2 }\n] } }',
  },
  dashboard(ctx) {
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
