import { finding } from './targets.js';
import type { DashboardCheck } from './types.js';

// Panel types that show numbers; text, row and news panels have nothing to put a unit on.
const NUMERIC_PANELS = new Set(['timeseries', 'stat', 'table', 'gauge', 'bargauge', 'graph', 'singlestat', 'heatmap']);

export const panelUnits: DashboardCheck = {
  id: 'dashboard/panel-units',
  severity: 'warning',
  summary: 'A panel that shows numbers has no unit.',
  run(ctx) {
    return ctx.panels
      .filter(({ panel }) => NUMERIC_PANELS.has(panel.type ?? '') && !panel.fieldConfig?.defaults?.unit)
      .map(({ panel, path }) =>
        finding(panel, `${path}.fieldConfig.defaults.unit`, "no unit: is 1048576 bytes, seconds or requests? Set a Grafana unit id such as 'bytes', 's' or 'ops'"),
      );
  },
};
