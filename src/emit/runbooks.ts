// One Markdown runbook per alert, rendered from templates/runbook.md.hbs (or the user's own). Every number in
// it is read from the model the rule was built from, so a changed threshold changes the runbook in the same
// build. The page lives at runbooks/<AlertName>.md, which the default runbook_url ('runbooks/<name>.md')
// points at relative to the output folder.
import type { TierAction } from '../dsl/types.js';
import { formatBytes, formatDuration, formatDurationProse, formatNumber } from '../dsl/units.js';
import { judgeCatalogOnce } from '../shapes/judge.js';
import { runtimeOf } from '../model/runtime.js';
import { windowOf, type Alert, type Metric, type Model, type Panel, type Service } from '../model/types.js';
import { CAUSE_TABLES, type CauseRow } from './runbook-causes.js';
import { promNumber } from '../promql/print.js';
import { panelId } from './grafana.js';
import { nextQueries, type NextQuery } from './runbook-queries.js';
import { renderTemplate, type Template } from './template.js';
import type { OutputDocument } from './types.js';

export const RUNBOOK_TEMPLATE = 'runbook.md.hbs';
export const RUNBOOKS_DIR = 'runbooks';

export function runbookPath(alertName: string): string {
  return `${RUNBOOKS_DIR}/${alertName}.md`;
}

const RECIPIENT: Record<TierAction, string> = {
  'auto-restart': 'Automation restarts the process; the on-call engineer is notified and checks that memory stays flat afterwards.',
  page: 'The on-call engineer is paged now.',
  investigate: 'The owning team, in working hours: a ticket, not a page.',
};

function whyItMatters(alert: Alert): string {
  switch (alert.kind) {
    case 'value':
      return 'The process is close to its memory limit. Past it the process is killed for running out of memory, and every request in flight fails.';
    case 'growth':
      return 'Memory that grows over a long window and does not come back is the signature of a leak; left alone it ends in an out-of-memory kill.';
    case 'slope':
      return 'Memory is climbing steadily. A process that keeps this pace reaches its limit and is killed for running out of memory.';
    case 'floorGrowth':
      return 'The lowest memory the process comes back to keeps rising. Caches, bursts and the collector all return memory; a floor that climbs for longer than any of them is memory nothing gives back: a leak.';
    case 'forecast':
      return 'At the pace of the last hours, memory reaches the limit before the day is out. A slow leak gives hours of warning; this is them.';
    case 'quantile':
      return alert.metric.unit === 'bytes'
        ? 'Some requests leave a lot of memory behind each; the labels name which. Repeated, they are the leak.'
        : 'Long pauses mean the collector walks many live objects, often because something keeps them alive; every request waits for them too.';
    case 'correlation':
      return 'Memory is no longer only a number on a graph: it is failing requests, killing the container, or about to. This is the guide\'s memory spike -> timeout -> OOM kill chain.';
  }
}

function conditionOf(alert: Alert): string {
  const side = alert.threshold.op === '>' ? 'above' : 'below';
  const window = formatDurationProse(windowOf(alert));
  const name = alert.metric.name;
  const display = alert.threshold.display;
  switch (alert.kind) {
    case 'value':
      return `${name} is ${side} ${display}`;
    case 'growth':
      return `${name} changed by ${side === 'above' ? 'more' : 'less'} than ${display} over ${window}`;
    case 'slope':
      return `${name} grows ${side === 'above' ? 'faster' : 'slower'} than ${display} (slope by linear regression over ${window})`;
    case 'floorGrowth':
      return `the floor of ${name} (its lowest value over ${formatDurationProse(alert.floor ?? 0)}) rose by more than ${display} against ${window} before`;
    case 'forecast':
      return `the floor of ${name}, extrapolated ${formatDurationProse(alert.horizon ?? 0)} ahead at its growth over the last ${window}, passes ${display}, and it grew in both halves of that window`;
    case 'quantile':
      return `the p${formatNumber((alert.quantile ?? 0) * 100)} of ${name} over ${window}, per ${alert.keepLabels.join(', ')}, is ${side} ${display}`;
    case 'correlation':
      return alert.condition ?? `${name} is ${side} ${display}`;
  }
}

/** What the alert's expression rules out, in plain words, from its kind and guards. */
function ruledOut(alert: Alert): string[] {
  const out: string[] = [];
  const prose = (seconds: number | undefined) => formatDurationProse(seconds ?? 0);
  if (alert.warmup) {
    out.push(`Not a warm-up: it waits until the process has run for ${prose(alert.warmup)} (process_start_time_seconds); a service that does not export that series gets the alert without the grace.`);
  }
  switch (alert.kind) {
    case 'value':
      out.push('It reads a level, not a trend: any process this close to the limit fires it, leak or not. So close to an out-of-memory kill, acting is right either way.');
      break;
    case 'slope':
      out.push(`Not a short ramp (a burst, a batch job's allocation, a cache step): the slope over ${prose(alert.window)} must stay above the threshold for ${prose(alert.for)}.`);
      break;
    case 'floorGrowth':
      out.push(`Not GC or a burst: it compares floors, the lowest value over ${prose(alert.floor)}, which neither moves.`);
      if (alert.for > (alert.window ?? 0)) out.push(`Not a one-off step: a step raises the difference for at most ${prose(alert.window)}, and the alert needs ${prose(alert.for)}.`);
      break;
    case 'forecast':
      out.push(`Not a one-off step: the floor must have grown by at least ${formatBytes(alert.minGrowth ?? 0)} in each half of the last ${prose(alert.window)}; a step falls in one half only.`);
      out.push(`Not GC or a burst: it extrapolates floors, the lowest value over ${prose(alert.floor)}.`);
      break;
    default:
      break;
  }
  return out;
}

/** Shapes of the catalog the alert fires on (healthy ones only where the config accepts them). */
function catalogFindings(model: Model, alert: Alert): { firesOn: string[]; accepted: string[] } {
  const service = model.services.find((s) => s.name === alert.service) as Service;
  const group = model.groups.find((g) => g.service === alert.service);
  const results = judgeCatalogOnce(model, service, group?.alerts ?? [alert]);
  const firing = results.filter((r) => r.cells.some((c) => c.alert.name === alert.name && c.firstFiring !== undefined));
  return { firesOn: firing.filter((r) => !r.shape.healthy).map((r) => r.shape.id), accepted: firing.filter((r) => r.shape.healthy).map((r) => r.shape.id) };
}

/** The panel that draws this alert's threshold, else the first one that queries its metric. */
function panelFor(model: Model, alert: Alert): Panel | undefined {
  const panels = model.dashboard.panels;
  return panels.find((p) => p.alert === alert.name) ?? panels.find((p) => p.targets.some((t) => t.expr.includes(alert.metric.name)));
}

interface ServiceView {
  name: string;
  job: string;
  targets: string[];
  expr: string;
  condition: string;
  threshold: { display: string; promValue: string; side: 'above' | 'below' };
  for: { prose: string; promql: string } | null;
  window: { prose: string; promql: string } | null;
  dashboardUrl: string;
  panelUrl: string | null;
  queries: NextQuery[];
  debugEndpoints: string[];
}

function exportedMetrics(model: Model, service: Service): Metric[] {
  return service.metrics.map((id) => model.metrics[id]).filter((m): m is Metric => m !== undefined);
}

/** One cause table per runtime among the page's services (the runtime read from each one's metric names). */
function causeTables(model: Model, services: Service[]): Array<{ runtime: string; services: string[]; rows: CauseRow[] }> {
  const byRuntime = new Map<keyof typeof CAUSE_TABLES, string[]>();
  for (const s of services) {
    const runtime = runtimeOf(exportedMetrics(model, s).map((m) => m.name)) ?? 'unknown';
    byRuntime.set(runtime, [...(byRuntime.get(runtime) ?? []), s.name]);
  }
  return [...byRuntime].map(([runtime, names]) => ({ runtime: CAUSE_TABLES[runtime].label, services: names, rows: CAUSE_TABLES[runtime].rows }));
}

function duration(seconds: number | undefined): { prose: string; promql: string } | null {
  return seconds ? { prose: formatDurationProse(seconds), promql: formatDuration(seconds) } : null;
}

function serviceView(model: Model, alert: Alert, service: Service, panel: number | undefined): ServiceView {
  const dashboardUrl = `${model.runbooks.grafanaUrl}/d/${encodeURIComponent(model.dashboard.uid)}?var-job=${encodeURIComponent(service.job)}`;
  return {
    name: service.name,
    job: service.job,
    targets: service.targets,
    expr: alert.expr,
    condition: conditionOf(alert),
    threshold: { display: alert.threshold.display, promValue: promNumber(alert.threshold.promValue), side: alert.threshold.op === '>' ? 'above' : 'below' },
    for: duration(alert.for),
    window: duration(windowOf(alert)),
    dashboardUrl,
    panelUrl: panel === undefined ? null : `${dashboardUrl}&viewPanel=${panel}`,
    // Only what this service exports: in a fleet, another service's metrics would return nothing here.
    queries: nextQueries(exportedMetrics(model, service), service, alert.metric),
    debugEndpoints: service.debugEndpoints,
  };
}

/** The variables runbook.md.hbs receives (listed in the README for people writing their own template). */
export function runbookView(model: Model, rules: Alert[]) {
  const alert = rules[0] as Alert;
  const serviceOf = new Map(model.services.map((s) => [s.name, s]));
  const panel = panelFor(model, alert);
  const id = panel && panelId(model, panel);
  return {
    source: model.source,
    alert: {
      name: alert.name,
      kind: alert.kind,
      // The annotation holds prose escaped for Go templates; the page shows it as the user wrote it.
      summary: (alert.annotations.summary ?? '').split('{{ "{{" }}').join('{{'),
      description: alert.annotations.description ?? '',
      whyItMatters: whyItMatters(alert),
      ruledOut: ruledOut(alert),
      catalog: catalogFindings(model, alert),
      runbookUrl: alert.annotations.runbook_url ?? '',
    },
    tier: { ...alert.tier, recipient: RECIPIENT[alert.tier.action] },
    dashboard: { title: model.dashboard.title, uid: model.dashboard.uid },
    panel: panel ? { id, title: panel.title } : null,
    services: rules.map((r) => serviceView(model, r, serviceOf.get(r.service) as Service, id)),
    hasDebugEndpoints: rules.some((r) => (serviceOf.get(r.service)?.debugEndpoints.length ?? 0) > 0),
    causeTables: causeTables(model, rules.map((r) => serviceOf.get(r.service) as Service)),
  };
}

/** Alerts by name, in rule order; one alert name covers every service it applies to. */
function alertsByName(model: Model): Map<string, Alert[]> {
  const byName = new Map<string, Alert[]>();
  for (const group of model.groups) {
    for (const a of group.alerts) {
      const rules = byName.get(a.name);
      if (rules) rules.push(a);
      else byName.set(a.name, [a]);
    }
  }
  return byName;
}

export function emitRunbooks(model: Model, template: Template): OutputDocument[] {
  return [...alertsByName(model)].map(([name, rules]) => ({
    path: runbookPath(name),
    format: 'text' as const,
    data: `<!-- Code generated by memgen from ${model.source}. DO NOT EDIT. -->\n${renderTemplate(template, runbookView(model, rules))}`,
  }));
}
