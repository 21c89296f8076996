// In a fleet every service has its own copy of an alert (one rule group each). A config change to a shared
// alert changes every copy the same way: the diff shows it once, naming the services. Times to fire that
// differ between copies (another memory limit) stay apart inside the one section.
import { formatDuration } from '../dsl/units.js';
import type { AlertChange, ImpactRow } from './report.js';

/** One service's copy of a changed alert, before folding. */
export type PerCopy = Omit<AlertChange, 'groups' | 'services' | 'warnings'> & { service: string; job?: string };

/** '700 MiB (70% of the 1000 MiB memory limit)' -> '70% of the memory limit': the same config value in every service. */
export function configThreshold(display: string | undefined): string | undefined {
  const m = display && /\((\S+%) of the .* memory limit\)$/.exec(display);
  return m ? `${m[1]} of the memory limit` : display;
}

/** A copy's changes with what differs between services (the job in selectors, the service name) as placeholders. */
function sharedChanges(c: PerCopy): PerCopy['changes'] {
  const general = (s: string | undefined) => {
    if (s === undefined) return undefined;
    let out = c.job ? s.split(`"${c.job}"`).join('"<job>"') : s;
    out = out.split(`"${c.service}"`).join('"<service>"');
    return out;
  };
  return c.changes.map((x) => {
    if (x.field === 'threshold') return { ...x, before: configThreshold(x.before), after: configThreshold(x.after) };
    return { field: x.field, ...(x.before !== undefined ? { before: general(x.before) } : {}), ...(x.after !== undefined ? { after: general(x.after) } : {}) };
  });
}
const sectionKey = (c: PerCopy) => JSON.stringify([c.name, c.renamedFrom, sharedChanges(c), c.routing, c.notice, c.actions]);

/** A share of each service's own limit: the config's value once, then each service's bytes. */
function foldChanges(copies: PerCopy[]): PerCopy['changes'] {
  const first = copies[0] as PerCopy;
  if (copies.length === 1) return first.changes;
  const thresholds = copies.map((c) => c.changes.find((x) => x.field === 'threshold'));
  if (new Set(thresholds.map((t) => JSON.stringify(t))).size <= 1) return sharedChanges(first).map((x) => (x.field === 'threshold' ? (thresholds[0] as typeof x) : x));
  const bytes = (s: string | undefined) => s?.replace(/ \(.*\)$/, '') ?? '(none)';
  const byService = (side: 'before' | 'after') => copies.map((c, i) => `${c.service}: ${bytes(thresholds[i]?.[side])}`).join(', ');
  return sharedChanges(first).flatMap((x) => (x.field === 'threshold' ? [x, { field: 'threshold by service', before: byService('before'), after: byService('after') }] : [x]));
}
const rowKey = (r: ImpactRow) => JSON.stringify([r.profile, r.before, r.after]);

function foldRows(copies: PerCopy[]): ImpactRow[] {
  const rows = new Map<string, ImpactRow & { services: string[] }>();
  for (const c of copies) {
    for (const r of c.impact) {
      const k = rowKey(r);
      const seen = rows.get(k) ?? { ...r, limit: [], services: [] };
      seen.services.push(c.service);
      for (const l of r.limit ?? []) {
        const same = seen.limit?.find((x) => x.after === l.after);
        if (same) same.services.push(...l.services);
        else seen.limit?.push({ after: l.after, services: [...l.services] });
      }
      rows.set(k, seen);
    }
  }
  return [...rows.values()].map(({ services, limit, ...r }) => ({
    ...r,
    ...(limit && limit.length > 0 ? { limit } : {}),
    ...(services.length < copies.length ? { services } : {}),
  }));
}

const time = (s: number) => (s === 0 ? 'at once' : formatDuration(s));

/** Fires after the memory limit is reached, or no longer before it: the process is OOM-killed first. */
export function limitWarnings(rows: ImpactRow[], fleet: boolean): string[] {
  return rows.flatMap((r) =>
    (r.limit ?? []).flatMap(({ after: limit, services }) => {
      const who = fleet ? ` (${services.join(', ')})` : '';
      if (typeof r.after === 'number' && r.after > limit) {
        return [`${r.profile}${who}: fires after ${time(r.after)}, but the memory limit is reached after ${time(limit)}: the process is OOM-killed before anyone hears of it`];
      }
      if (r.after === null && typeof r.before === 'number' && r.before <= limit) {
        return [`${r.profile}${who}: no longer fires before the memory limit is reached (after ${time(limit)}; it fired after ${time(r.before)})`];
      }
      return [];
    }),
  );
}

export function foldFleet(copies: PerCopy[]): AlertChange[] {
  const sections = new Map<string, PerCopy[]>();
  for (const c of copies) sections.set(sectionKey(c), [...(sections.get(sectionKey(c)) ?? []), c]);
  return [...sections.values()].map((list) => {
    const { service: _s, job: _j, ...first } = list[0] as PerCopy;
    const impact = foldRows(list);
    // Shapes are judged per copy; a section keeps what any copy says.
    const shapes = list.find((c) => c.shapes)?.shapes;
    return { ...first, changes: foldChanges(list), ...(shapes ? { shapes } : {}), groups: list.map((c) => c.group), services: list.map((c) => c.service), impact, warnings: limitWarnings(impact, list.length > 1) };
  });
}
