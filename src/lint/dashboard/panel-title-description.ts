import { finding } from './targets.js';
import type { DashboardCheck, Finding } from './types.js';

export const panelTitleDescription: DashboardCheck = {
  id: 'dashboard/panel-title-description',
  severity: 'warning',
  summary: 'A panel has no title or no description.',
  run(ctx) {
    return ctx.panels.flatMap(({ panel, path }) => {
      const found: Finding[] = [];
      if (!panel.title?.trim()) found.push(finding(panel, `${path}.title`, 'the panel has no title'));
      if (!panel.description?.trim()) found.push(finding(panel, `${path}.description`, 'the panel has no description: say what it shows and what a bad value looks like'));
      return found;
    });
  },
};
