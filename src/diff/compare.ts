// Two snapshots -> a report of what a reviewer needs to know. Alerts are matched by group and name, so the
// order of alerts in the config never matters; a removed and an added alert with the same expression and
// labels are one rename. Changes that follow from another are folded into it: a new threshold also changes
// the expression's number, the annotations that quote it and the panel's threshold line, and only the
// threshold is reported.
import { formatDuration } from '../dsl/units.js';
import { timesToFire, type ProfileOutcome, type StepTarget } from './impact.js';
import { shapeChanges, type ShapeChanges } from './shapes.js';
import { withoutThreshold, type AlertQuery } from './query.js';
import type { AlertSnapshot, BuildSnapshot, JobSnapshot, PanelSnapshot } from './snapshot.js';

export interface Change {
  field: string;
  before?: string;
  after?: string;
}

/** Seconds from the onset of the incident to firing; null: never within the horizon. */
export interface ImpactRow {
  profile: string;
  before: ProfileOutcome['firesAfter'];
  after: ProfileOutcome['firesAfter'];
}

export interface AlertRef {
  name: string;
  group: string;
  threshold?: string;
  severity?: string;
}

export interface AlertChange {
  name: string;
  group: string;
  /** Set for a rename: the old name. */
  renamedFrom?: string;
  changes: Change[];
  impact: ImpactRow[];
  /** What the change does on memgen's shape catalog. */
  shapes?: ShapeChanges;
}

export interface DiffReport {
  settings: Change[];
  alerts: { added: AlertRef[]; removed: AlertRef[]; changed: AlertChange[] };
  jobs: { added: string[]; removed: string[]; changed: Array<{ job: string; changes: Change[] }> };
  panels: { added: string[]; removed: string[]; changed: Array<{ title: string; changes: Change[] }> };
}

export function isEmpty(r: DiffReport): boolean {
  return (
    r.settings.length +
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
  return { name: a.name, group: a.group, threshold: a.threshold?.display, severity: a.severity };
}

/** For quantile alerts: steps to twice the old and twice the new threshold, so both face the same incidents. */
function stepTargets(before: AlertSnapshot, after: AlertSnapshot): StepTarget[] | undefined {
  if (before.query?.fn !== 'histogram_quantile' || after.query?.fn !== 'histogram_quantile') return undefined;
  const targets = [before, after].map((a) => ({ value: 2 * (a.query as AlertQuery).threshold, label: `on a step to 2x ${a.threshold?.display ?? (a.query as AlertQuery).threshold}` }));
  return targets[0]?.value === targets[1]?.value ? targets.slice(0, 1) : targets;
}

function impactOf(before: AlertSnapshot, after: AlertSnapshot): ImpactRow[] {
  const steps = stepTargets(before, after);
  const old = timesToFire(before, before.for, before.impact, steps);
  const now = timesToFire(after, after.for, after.impact, steps);
  return now.flatMap((n) => {
    const o = old.find((x) => x.profile === n.profile);
    return o ? [{ profile: n.profile, before: o.firesAfter, after: n.firesAfter }] : [];
  });
}

function withShapes(before: AlertSnapshot, after: AlertSnapshot): { shapes?: ShapeChanges } {
  const shapes = shapeChanges(before, after);
  return shapes ? { shapes } : {};
}

function compareAlert(before: AlertSnapshot, after: AlertSnapshot): AlertChange | undefined {
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
    changes.push(...change('expr', before.expr, after.expr));
  }
  changes.push(...recordChanges('labels', before.labels, after.labels));
  // Annotations quote the threshold and the alert's name (runbook_url); compare them apart from those.
  const placeholders = (text: string, side: 'before' | 'after') => {
    const a = side === 'before' ? before : after;
    let out = text.split(a.name).join('<alert>');
    if (a.threshold?.display) out = out.split(a.threshold.display).join('<threshold>');
    return out;
  };
  changes.push(...recordChanges('annotations', before.annotations, after.annotations, placeholders));
  if (changes.length === 0 && before.name === after.name) return undefined;
  const behaviour = changes.some((c) => ['threshold', 'for', 'expr'].includes(c.field));
  return {
    name: after.name,
    group: after.group,
    ...(before.name !== after.name ? { renamedFrom: before.name } : {}),
    changes,
    impact: behaviour ? impactOf(before, after) : [],
    ...(behaviour ? withShapes(before, after) : {}),
  };
}

function compareAlerts(before: AlertSnapshot[], after: AlertSnapshot[]): DiffReport['alerts'] {
  const oldByKey = new Map(before.map((a) => [key(a), a]));
  const newByKey = new Map(after.map((a) => [key(a), a]));
  const removed = before.filter((a) => !newByKey.has(key(a)));
  const added = after.filter((a) => !oldByKey.has(key(a)));
  const changed: AlertChange[] = [];
  for (const a of after) {
    const b = oldByKey.get(key(a));
    const c = b && compareAlert(b, a);
    if (c) changed.push(c);
  }
  // A rename: the same rule under a new name in the same group.
  for (const a of [...added]) {
    const b = removed.find((r) => r.group === a.group && r.expr === a.expr && sameRecord(r.labels, a.labels) && r.severity === a.severity);
    if (!b) continue;
    removed.splice(removed.indexOf(b), 1);
    added.splice(added.indexOf(a), 1);
    changed.push(compareAlert(b, a) as AlertChange);
  }
  const byName = <T extends { group: string; name: string }>(x: T, y: T) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
  return { added: added.sort(byName).map(ref), removed: removed.sort(byName).map(ref), changed: changed.sort(byName) };
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
  const alerts = compareAlerts(before.alerts, after.alerts);
  const oldByKey = new Map(before.alerts.map((a) => [key(a), a]));
  const thresholdMoves = new Set(
    after.alerts.flatMap((a) => {
      const b = oldByKey.get(key(a));
      return b ? [`${b.threshold?.value}->${a.threshold?.value}`] : [];
    }),
  );
  return {
    settings: [
      ...change('evaluation interval', seconds(before.evaluationInterval), seconds(after.evaluationInterval)),
      ...change('scrape interval', seconds(before.scrapeInterval), seconds(after.scrapeInterval)),
    ],
    alerts,
    jobs: compareJobs(before.jobs, after.jobs),
    panels: comparePanels(before.panels, after.panels, thresholdMoves),
  };
}
