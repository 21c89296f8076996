// What a build warns about without refusing: output that works but cannot do its job where it ends up.
import type { Problem } from '../problem.js';
import type { Model } from './types.js';

const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A relative runbook_url ('runbooks/X.md', the default without runbooks.baseUrl) resolves against nothing in a
 * Slack message, a PagerDuty incident or a Grafana panel link: on-call gets a link that does not open.
 */
function relativeRunbookUrls(model: Model): Problem[] {
  const alerts = model.groups.flatMap((g) => g.alerts);
  const relative = new Set(alerts.filter((a) => a.annotations.runbook_url !== undefined && !ABSOLUTE_URL.test(a.annotations.runbook_url)).map((a) => a.name));
  if (relative.size === 0) return [];
  const linkedPanels = model.dashboard.panels.filter((p) => p.alert !== undefined && relative.has(p.alert)).length;
  const names = [...relative].sort();
  const example = alerts.find((a) => relative.has(a.name))?.annotations.runbook_url;
  const panels = linkedPanels > 0 ? ` and ${linkedPanels} dashboard panel link${linkedPanels === 1 ? '' : 's'}` : '';
  return [
    {
      rule: 'config/runbook-url',
      severity: 'warning',
      field: 'runbooks.baseUrl',
      message: `the runbook_url of ${names.length === 1 ? `alert ${names[0]}` : `${names.length} alerts (${names.join(', ')})`}${panels} is relative ('${example}'), which no Slack message, PagerDuty incident or Grafana panel can open; set runbooks.baseUrl to where the runbooks are served, e.g. 'https://git.example.com/infra/-/blob/main/out/runbooks'`,
    },
  ];
}

export function buildWarnings(model: Model): Problem[] {
  return relativeRunbookUrls(model);
}
