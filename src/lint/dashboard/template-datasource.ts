import type { DashboardCheck } from './types.js';

export const templateDatasource: DashboardCheck = {
  id: 'dashboard/template-datasource',
  severity: 'error',
  summary: 'The dashboard has no `datasource` template variable of type prometheus.',
  run(ctx) {
    const variable = ctx.variables.find((v) => v.type === 'datasource');
    if (!variable) {
      return [{ field: 'templating.list', message: 'no datasource variable: add one (type datasource, query prometheus) so the dashboard works with any Prometheus' }];
    }
    const index = ctx.variables.indexOf(variable);
    const problems = [];
    if (variable.name !== 'datasource') problems.push({ field: `templating.list[${index}].name`, message: `the datasource variable is named '${variable.name}'; name it 'datasource', the name shared dashboards expect` });
    if (variable.query !== 'prometheus') problems.push({ field: `templating.list[${index}].query`, message: `the datasource variable lists '${String(variable.query)}' datasources; it should list 'prometheus'` });
    return problems;
  },
};
