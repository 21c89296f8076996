// Two snapshots -> a report of what a reviewer needs to know. Alerts are matched by group and name, so the
// order of alerts in the config never matters; a removed and an added alert with the same expression and
// labels are one rename. Changes that follow from another are folded into it: a new threshold also changes
// the expression's number, the annotations that quote it and the panel's threshold line, and only the
// threshold is reported. Beside the alerts: who gets each changed alert (routing.ts), when a leak reaches the
// memory limit compared with when the alert fires (impact.ts, fleet.ts), objects renamed or removed with what to
// do by hand (objects.ts), and one section per change for all the services it applies to (fleet.ts).
import { formatDuration } from '../dsl/units.js';
import { rateBetween, SYNTHETIC_INSTANCE, timesToFire, type StepTarget } from './impact.js';
import { compareObjects } from './objects.js';
import { compareRouting, keyedOnAlertName, resolveReceivers, silencedBy, type RoutingSnapshot } from './routing.js';
import { shapeChanges, type ShapeChanges } from './shapes.js';
import { withoutThreshold, type AlertQuery } from './query.js';
import type { AlertSnapshot, BuildSnapshot, JobSnapshot, PanelSnapshot } from './snapshot.js';
import { changedPart } from './expr-delta.js';
import { foldFleet, type PerCopy } from './fleet.js';
import type { AlertChange, AlertRef, AlertRouting, Change, DiffReport, DiffSummary, ImpactRow } from './report.js';

export function isEmpty(r: DiffReport): boolean {
  return (
    r.settings.length +
      r.routing.length +
      r.objects.length +
      r.alerts.added.length +
      r.alerts.removed.length +
      r.alerts.changed.length +
      r.jobs.added.length +
      r.jobs.removed.length +
      r.jobs.changed.length +
      r.panels.added.length +
      r.panels.removed.length +
      r.panels.changed.length ===
    0
  );
}

function change(field: string, before: string | undefined, after: string | undefined): Change[] {
  return before === after ? [] : [{ field, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

function recordChanges(prefix: string, before: Record<string, string>, after: Record<string, string>, normalise = (s: string, _side: 'before' | 'after') => s): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) => {
    const b = before[k];
    const a = after[k];
    if (b !== undefined && a !== undefined && normalise(b, 'before') === normalise(a, 'after')) return [];
    return change(`${prefix}.${k}`, b, a);
  });
}

const key = (a: { group: string; name: string }) => `${a.group}\0${a.name}`;
const seconds = (s: number) => (s === 0 ? '0s' : formatDuration(s));
const sameRecord = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

function ref(a: AlertSnapshot): AlertRef {
  return { name: a.name, group: a.group, groups: [a.group], services: [a.service], threshold: a.threshold?.display, severity: a.severity };
}

/** The labels Alertmanager sees on the alert (the instance is any one; memgen's routes do not match on it). */
export function alertLabels(a: AlertSnapshot): Record<string, string> {
  return { ...a.labels, alertname: a.name, ...(a.severity !== undefined ? { severity: a.severity } : {}), ...(a.job ? { job: a.job } : {}), instance: SYNTHETIC_INSTANCE };
}

function alertRouting(before: AlertSnapshot, after: AlertSnapshot, old?: RoutingSnapshot, now?: RoutingSnapshot): AlertRouting | undefined {
  if (!old || !now) return undefined;
  const [lb, la] = [alertLabels(before), alertLabels(after)];
  const r = { before: resolveReceivers(old.tree, lb), after: resolveReceivers(now.tree, la), silencedBefore: silencedBy(old.inhibitions, lb), silencedAfter: silencedBy(now.inhibitions, la) };
  const same = (x: string[], y: string[]) => x.join('\0') === y.join('\0');
  return same(r.before, r.after) && same(r.silencedBefore, r.silencedAfter) ? undefined : r;
}

function noticeOf(a: AlertSnapshot, routing: RoutingSnapshot | undefined): string {
  if (!routing) return 'fired';
  const receivers = resolveReceivers(routing.tree, alertLabels(a));
  return receivers.some((r) => routing.receivers[r]?.startsWith('pagerduty')) ? 'paged' : 'notified';
}

/** Silences, routes and inhibit rules keyed on an alert name stop matching when the alert is renamed or removed. */
function nameActions(oldName: string, newName: string, routing: RoutingSnapshot | undefined): string[] {
  const out = [`silences on alertname="${oldName}" stop matching: re-create them for ${newName} (amtool silence query alertname=${oldName})`];
  if (routing && keyedOnAlertName(routing, oldName)) out.push(`alertmanager.yml still names ${oldName} in a route or inhibit rule: it no longer matches anything`);
  return out;
}

/** For quantile alerts: steps to twice the old and twice the new threshold, so both face the same incidents. */
function stepTargets(before: AlertSnapshot, after: AlertSnapshot): StepTarget[] | undefined {
  if (before.query?.fn !== 'histogram_quantile' || after.query?.fn !== 'histogram_quantile') return undefined;
  const targets = [before, after].map((a) => ({ value: 2 * (a.query as AlertQuery).threshold, label: `on a step to 2x ${a.threshold?.display ?? (a.query as AlertQuery).threshold}` }));
  return targets[0]?.value === targets[1]?.value ? targets.slice(0, 1) : targets;
}

/** Leak rates that change verdict: one between the old and the new threshold of a growth alert. */
function ratesBetween(before: AlertSnapshot, after: AlertSnapshot): number[] {
  const [b, a] = [before.leakRate, after.leakRate];
  const r = b !== undefined && a !== undefined ? rateBetween(b, a) : undefined;
  return r === undefined ? [] : [r];
}

function impactOf(before: AlertSnapshot, after: AlertSnapshot): ImpactRow[] {
  const steps = stepTargets(before, after);
  const between = ratesBetween(before, after);
  const old = timesToFire(before, before.for, before.impact, steps, between);
  const now = timesToFire(after, after.for, after.impact, steps, between);
  return now.flatMap((n) => {
    const o = old.find((x) => x.profile === n.profile);
    if (!o) return [];
    return [{ profile: n.profile, before: o.firesAfter, after: n.firesAfter, ...(n.limitAfter !== undefined ? { limit: [{ after: n.limitAfter, services: [after.service] }] } : {}), ...(n.between ? { between: true } : {}) }];
  });
}

function withShapes(before: AlertSnapshot, after: AlertSnapshot): { shapes?: ShapeChanges } {
  const shapes = shapeChanges(before, after);
  return shapes ? { shapes } : {};
}

function compareAlert(before: AlertSnapshot, after: AlertSnapshot, routing: { before?: RoutingSnapshot; after?: RoutingSnapshot } = {}): PerCopy | undefined {
  const changes: Change[] = [];
  const thresholdChanged = before.threshold?.value !== after.threshold?.value || before.threshold?.op !== after.threshold?.op;
  if (thresholdChanged) {
    const show = (a: AlertSnapshot) => (a.threshold ? `${a.threshold.op === '<' ? '< ' : ''}${a.threshold.display}` : undefined);
    changes.push(...change('threshold', show(before), show(after)));
  }
  changes.push(...change('for', seconds(before.for), seconds(after.for)));
  changes.push(...change('tier', before.tier, after.tier));
  changes.push(...change('severity', before.severity, after.severity));
  // The expression is reported only when it changed apart from its threshold number.
  const thresholds = [before.threshold?.value, after.threshold?.value].filter((v): v is number => v !== undefined);
  if (withoutThreshold(before.expr, thresholds) !== withoutThreshold(after.expr, thresholds) || (!thresholdChanged && before.expr !== after.expr)) {
    // Long expressions (correlation alerts) show the part that changed, not both whole texts.
    const d = changedPart(before.expr, after.expr);
    changes.push(...change('expr', d.before, d.after));
  }
  changes.push(...recordChanges('labels', before.labels, after.labels));
  // Annotations quote the threshold and the alert's name (runbook_url); compare them apart from those.
  const placeholders = (text: string, side: 'before' | 'after') => {
    const a = side === 'before' ? before : after;
    let out = text.split(a.name).join('<alert>');
    if (a.threshold?.display) out = out.split(a.threshold.display).join('<threshold>');
    return out;
  };
  changes.push(...recordChanges('annotations', before.annotations, after.annotations, placeholders).map((c) => (c.before !== undefined && c.after !== undefined ? { ...c, ...changedPart(c.before, c.after) } : c)));
  const routes = alertRouting(before, after, routing.before, routing.after);
  if (changes.length === 0 && before.name === after.name && !routes) return undefined;
  const behaviour = changes.some((c) => ['threshold', 'for', 'expr'].includes(c.field));
  return {
    name: after.name,
    group: after.group,
    service: after.service,
    ...(after.job ? { job: after.job } : {}),
    ...(before.name !== after.name ? { renamedFrom: before.name } : {}),
    changes,
    impact: behaviour ? impactOf(before, after) : [],
    ...(routes ? { routing: routes } : {}),
    notice: noticeOf(after, routing.after),
    actions: before.name !== after.name ? nameActions(before.name, after.name, routing.after) : [],
    ...(behaviour ? withShapes(before, after) : {}),
  };
}

function compareAlerts(before: AlertSnapshot[], after: AlertSnapshot[], routing: { before?: RoutingSnapshot; after?: RoutingSnapshot }): DiffReport['alerts'] {
  const oldByKey = new Map(before.map((a) => [key(a), a]));
  const newByKey = new Map(after.map((a) => [key(a), a]));
  const removed = before.filter((a) => !newByKey.has(key(a)));
  const added = after.filter((a) => !oldByKey.has(key(a)));
  const changed: PerCopy[] = [];
  for (const a of after) {
    const b = oldByKey.get(key(a));
    const c = b && compareAlert(b, a, routing);
    if (c) changed.push(c);
  }
  // A rename: the same rule under a new name in the same group (the `service` label comes with a second service).
  const ownLabels = (l: Record<string, string>) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== 'service'));
  for (const a of [...added]) {
    const b = removed.find((r) => r.group === a.group && r.expr === a.expr && sameRecord(ownLabels(r.labels), ownLabels(a.labels)) && r.severity === a.severity);
    if (!b) continue;
    removed.splice(removed.indexOf(b), 1);
    added.splice(added.indexOf(a), 1);
    changed.push(compareAlert(b, a, routing) as PerCopy);
  }
  const byName = <T extends { group: string; name: string }>(x: T, y: T) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
  return { added: foldRefs(added.sort(byName).map(ref)), removed: foldRefs(removed.sort(byName).map(ref)), changed: foldFleet(changed.sort(byName)) };
}

/** Copies of one alert added or removed in several services are one entry listing them. */
function foldRefs<T extends AlertRef>(refs: T[]): T[] {
  const out = new Map<string, T>();
  for (const r of refs) {
    const k = `${r.name}\0${r.threshold}\0${r.severity}`;
    const seen = out.get(k);
    if (seen) {
      seen.groups.push(r.group);
      seen.services.push(...r.services);
    } else out.set(k, { ...r, groups: [...r.groups], services: [...r.services] });
  }
  return [...out.values()];
}

function compareJobs(before: JobSnapshot[], after: JobSnapshot[]): DiffReport['jobs'] {
  const old = new Map(before.map((j) => [j.job, j]));
  const now = new Map(after.map((j) => [j.job, j]));
  return {
    added: after.filter((j) => !old.has(j.job)).map((j) => j.job).sort(),
    removed: before.filter((j) => !now.has(j.job)).map((j) => j.job).sort(),
    changed: after
      .flatMap((j) => {
        const b = old.get(j.job);
        if (!b) return [];
        const changes = [
          ...change('scrape interval', seconds(b.scrapeInterval), seconds(j.scrapeInterval)),
          ...change('metrics path', b.metricsPath, j.metricsPath),
          ...change('targets', [...b.targets].sort().join(', '), [...j.targets].sort().join(', ')),
        ];
        return changes.length ? [{ job: j.job, changes }] : [];
      })
      .sort((x, y) => (x.job < y.job ? -1 : 1)),
  };
}

function comparePanels(before: PanelSnapshot[], after: PanelSnapshot[], thresholdMoves: Set<string>): DiffReport['panels'] {
  const old = new Map(before.map((p) => [p.title, p]));
  const now = new Map(after.map((p) => [p.title, p]));
  return {
    added: after.filter((p) => !old.has(p.title)).map((p) => p.title),
    removed: before.filter((p) => !now.has(p.title)).map((p) => p.title),
    changed: after.flatMap((p) => {
      const b = old.get(p.title);
      if (!b) return [];
      const line = (v: number | undefined) => (v === undefined ? undefined : String(v));
      const changes = [
        ...change('type', b.type, p.type),
        ...change('unit', b.unit, p.unit),
        ...change('queries', b.exprs.join('\n'), p.exprs.join('\n')),
        // A threshold line that moved with its alert's threshold is already in the alert's entry.
        ...(thresholdMoves.has(`${b.threshold}->${p.threshold}`) ? [] : change('threshold line', line(b.threshold), line(p.threshold))),
      ];
      return changes.length ? [{ title: p.title, changes }] : [];
    }),
  };
}

export function compareSnapshots(before: BuildSnapshot, after: BuildSnapshot): DiffReport {
  const adoption = before.empty === true;
  const alerts = compareAlerts(before.alerts, after.alerts, { before: before.routing, after: after.routing });
  const oldByKey = new Map(before.alerts.map((a) => [key(a), a]));
  const thresholdMoves = new Set(
    after.alerts.flatMap((a) => {
      const b = oldByKey.get(key(a));
      return b ? [`${b.threshold?.value}->${a.threshold?.value}`] : [];
    }),
  );
  const routing = compareRouting(before.routing, after.routing);
  const report: Omit<DiffReport, 'summary'> = {
    adoption,
    fleet: [before, after].some((s) => new Set(s.alerts.map((a) => a.service)).size > 1),
    settings: adoption
      ? []
      : [
          ...change('evaluation interval', seconds(before.evaluationInterval), seconds(after.evaluationInterval)),
          ...change('scrape interval', seconds(before.scrapeInterval), seconds(after.scrapeInterval)),
        ],
    alerts,
    routing,
    objects: before.objects && after.objects ? compareObjects(before.objects, after.objects) : [],
    jobs: compareJobs(before.jobs, after.jobs),
    panels: comparePanels(before.panels, after.panels, thresholdMoves),
  };
  return { ...report, summary: summarise(report) };
}

function summarise(r: Omit<DiffReport, 'summary'>): DiffSummary {
  const { added, removed, changed } = r.alerts;
  const names = (list: Array<{ name: string }>) => new Set(list.map((a) => a.name)).size;
  return {
    alertsAdded: names(added),
    alertsRemoved: names(removed),
    alertsChanged: names(changed),
    services: [...new Set([...added, ...removed, ...changed].flatMap((a) => a.services))].sort(),
    receiversChanged: r.routing.filter((c) => c.field.startsWith('receiver ')).length,
    otherRoutingChanges: r.routing.filter((c) => !c.field.startsWith('receiver ')).length,
    warnings: changed.reduce((n, c) => n + c.warnings.length, 0),
  };
}
