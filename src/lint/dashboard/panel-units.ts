import { finding } from './targets.js';
import type { DashboardCheck } from '../types.js';

// Panel types that show numbers; text, row and news panels have nothing to put a unit on.
const NUMERIC_PANELS = new Set(['timeseries', 'stat', 'table', 'gauge', 'bargauge', 'graph', 'singlestat', 'heatmap']);

export const panelUnits: DashboardCheck = {
  id: 'dashboard/panel-units',
  severity: 'warning',
  summary: 'A panel that shows numbers (timeseries, stat, table, gauge, bar gauge, heatmap, graph, singlestat) has no unit.',
  docs: {
    why: '`1048576` could be bytes, seconds or requests. With `fieldConfig.defaults.unit` Grafana prints `1 MiB` and scales the axis. In a memgen config, `unit` is required on every panel and limited to Grafana unit ids. After grafana/dashboard-linter\'s `panel-units-rule`.',
    bad: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": {} },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    good: '{ "type": "timeseries", "title": "RSS", "description": "Resident memory.", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    accepts: ['Text, row and news panels: they show no numbers.'],
  },
  dashboard(ctx) {
    return ctx.panels
      .filter(({ panel }) => NUMERIC_PANELS.has(panel.type ?? '') && !panel.fieldConfig?.defaults?.unit)
      .map(({ panel, path }) =>
        finding(panel, `${path}.fieldConfig.defaults.unit`, "no unit: is 1048576 bytes, seconds or requests? Set a Grafana unit id such as 'bytes', 's' or 'ops'"),
      );
  },
};
