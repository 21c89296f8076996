import type { DashboardCheck, Finding } from '../types.js';

export const templateDatasource: DashboardCheck = {
  id: 'dashboard/template-datasource',
  severity: 'error',
  summary: 'The dashboard has no `datasource` template variable of type prometheus.',
  docs: {
    why: 'With the datasource picked by a variable, the same dashboard JSON works against any Prometheus: staging, production, a colleague\'s laptop. A hard-coded datasource uid only exists in the Grafana it was exported from. After grafana/dashboard-linter\'s `template-datasource-rule`; memgen\'s dashboards always have the variable, defaulting to the uid pinned in `grafana/provisioning/datasources/prometheus.yaml`.',
    bad: '{ "templating": { "list": [\n  { "type": "query", "name": "job", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, job)" }, "multi": true, "refresh": 2 },\n  { "type": "query", "name": "instance", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, instance)" }, "multi": true, "refresh": 2 }\n] } }',
    good: '{ "templating": { "list": [\n  { "type": "datasource", "name": "datasource", "query": "prometheus" },\n  { "type": "query", "name": "job", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, job)" }, "multi": true, "refresh": 2 },\n  { "type": "query", "name": "instance", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "query": { "query": "label_values(up, instance)" }, "multi": true, "refresh": 2 }\n] } }',
  },
  dashboard(ctx) {
    const variable = ctx.variables.find((v) => v.type === 'datasource');
    if (!variable) {
      return [{ field: 'templating.list', message: 'no datasource variable: add one (type datasource, query prometheus) so the dashboard works with any Prometheus' }];
    }
    const index = ctx.variables.indexOf(variable);
    const problems: Finding[] = [];
    if (variable.name !== 'datasource') problems.push({ field: `templating.list[${index}].name`, message: `the datasource variable is named '${variable.name}'; name it 'datasource', the name shared dashboards expect` });
    if (variable.query !== 'prometheus') problems.push({ field: `templating.list[${index}].query`, message: `the datasource variable lists '${String(variable.query)}' datasources; it should list 'prometheus'` });
    return problems;
  },
};
