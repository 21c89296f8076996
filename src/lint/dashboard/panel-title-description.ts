import { finding } from './targets.js';
import type { DashboardCheck, Finding } from '../types.js';

export const panelTitleDescription: DashboardCheck = {
  id: 'dashboard/panel-title-description',
  severity: 'warning',
  summary: 'A panel has no title or no description.',
  docs: {
    why: 'The description is the (i) next to the title: at 3 a.m. it tells the on-call engineer what the panel shows and what a bad value looks like. memgen\'s preset panels say which alert the threshold line belongs to. After grafana/dashboard-linter\'s `panel-title-description-rule`.',
    bad: '{ "type": "timeseries", "title": "RSS", "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
    good: '{ "type": "timeseries", "title": "RSS", "description": "Resident set size of each instance; the line is the CriticalMemoryUsage threshold.",\n  "datasource": { "type": "prometheus", "uid": "${datasource}" }, "fieldConfig": { "defaults": { "unit": "bytes" } },\n  "targets": [{ "refId": "A", "expr": "process_resident_memory_bytes{job=~\\"$job\\", instance=~\\"$instance\\"}" }] }',
  },
  dashboard(ctx) {
    return ctx.panels.flatMap(({ panel, path }) => {
      const found: Finding[] = [];
      if (!panel.title?.trim()) found.push(finding(panel, `${path}.title`, 'the panel has no title'));
      if (!panel.description?.trim()) found.push(finding(panel, `${path}.description`, 'the panel has no description: say what it shows and what a bad value looks like'));
      return found;
    });
  },
};
