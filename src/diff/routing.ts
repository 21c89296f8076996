// Alert routing for `memgen diff`: the generated alertmanager.yml read back into what a reviewer compares
// (receivers, the routes per severity, timings, inhibitions), and the receivers an alert reaches, resolved
// through the route tree as Alertmanager's dispatcher (and `amtool config routes test`) does.
import type { Change } from './change.js';

/** A route of alertmanager.yml, as written (memgen writes `matchers`; `match`/`match_re` are read too). */
export interface AmRoute {
  receiver?: string;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: AmRoute[];
}

export interface AmInhibitRule {
  source_matchers?: string[];
  target_matchers?: string[];
  equal?: string[];
}

export interface AmConfig {
  route?: AmRoute;
  inhibit_rules?: AmInhibitRule[];
  receivers?: Array<Record<string, unknown> & { name: string }>;
}

export interface RoutingSnapshot {
  tree: AmRoute;
  /** Receiver name -> what it is, secrets' file paths included (never secrets themselves). */
  receivers: Record<string, string>;
  inhibitions: AmInhibitRule[];
}

/** Throws naming the route (by its position in the tree) whose matcher or regex Alertmanager would refuse. */
function checkTree(r: AmRoute, at: string): void {
  let matchers: Matcher[];
  try {
    matchers = routeMatchers(r);
  } catch (err) {
    throw new Error(`${at}: ${err instanceof Error ? err.message : String(err)}`);
  }
  for (const m of matchers) {
    if (m.op === '=~' || m.op === '!~') {
      try {
        new RegExp(`^(?:${m.value})$`);
      } catch {
        throw new Error(`${at}: '${m.name}${m.op}"${m.value}"' has an invalid regular expression`);
      }
    }
  }
  (r.routes ?? []).forEach((c, i) => checkTree(c, `${at}.routes[${i}]`));
}

/** Reads an alertmanager.yml; throws naming the route when a matcher cannot be read. */
export function routingOf(config: AmConfig): RoutingSnapshot {
  checkTree(config.route ?? {}, 'route');
  const receivers: Record<string, string> = {};
  for (const r of config.receivers ?? []) receivers[r.name] = describeReceiver(r);
  return { tree: config.route ?? {}, receivers, inhibitions: config.inhibit_rules ?? [] };
}

function describeReceiver(r: Record<string, unknown>): string {
  const parts = Object.entries(r)
    .filter(([k]) => k !== 'name')
    .flatMap(([kind, list]) => (Array.isArray(list) ? list : [list]).map((c) => `${kind.replace(/_configs$/, '')} ${JSON.stringify(c)}`));
  return parts.join('; ') || '(no notifications)';
}

// ---------------------------------------------------------------------------------------------------------
// Matching, as Alertmanager's labels.Matcher: a missing label is the empty string; regexes are anchored.

interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^"\s,{}]*)\s*$/;

export function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) throw new Error(`'${text}' is not an Alertmanager matcher`);
  const raw = m[3] as string;
  return { name: m[1] as string, op: m[2] as Matcher['op'], value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw };
}

function matches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}

function routeMatchers(r: AmRoute): Matcher[] {
  return [
    ...(r.matchers ?? []).map(parseMatcher),
    ...Object.entries(r.match ?? {}).map(([name, value]): Matcher => ({ name, op: '=', value })),
    ...Object.entries(r.match_re ?? {}).map(([name, value]): Matcher => ({ name, op: '=~', value })),
  ];
}

const allMatch = (ms: string[] | undefined, labels: Record<string, string>) => (ms ?? []).every((m) => matches(parseMatcher(m), labels));

/**
 * The receivers an alert with these labels is sent to, in order: Alertmanager's Route.Match. A route whose
 * matchers hold tries its children in order, stopping after the first that matches unless it has `continue`;
 * when no child matches, the route itself takes the alert. Children inherit the receiver they leave out.
 */
export function resolveReceivers(tree: AmRoute, labels: Record<string, string>): string[] {
  const walk = (r: AmRoute, inherited: string | undefined, isRoot: boolean): string[] => {
    if (!isRoot && !routeMatchers(r).every((m) => matches(m, labels))) return [];
    const receiver = r.receiver ?? inherited;
    const found: string[] = [];
    for (const child of r.routes ?? []) {
      const got = walk(child, receiver, false);
      found.push(...got);
      if (got.length > 0 && !child.continue) break;
    }
    return found.length > 0 ? found : receiver ? [receiver] : [];
  };
  return [...new Set(walk(tree, undefined, true))];
}

/** Whether any route or inhibit rule has an `alertname` matcher that matches this name. */
export function keyedOnAlertName(routing: RoutingSnapshot, name: string): boolean {
  const routes: AmRoute[] = [];
  const collect = (r: AmRoute) => {
    routes.push(r);
    (r.routes ?? []).forEach(collect);
  };
  collect(routing.tree);
  const matchers = [...routes.flatMap(routeMatchers), ...routing.inhibitions.flatMap((r) => [...(r.source_matchers ?? []), ...(r.target_matchers ?? [])].map(parseMatcher))];
  return matchers.some((m) => m.name === 'alertname' && (m.op === '=' || m.op === '=~') && matches(m, { alertname: name }));
}

/** The inhibit rules that silence an alert with these labels (as target), described by their source. */
export function silencedBy(rules: AmInhibitRule[], labels: Record<string, string>): string[] {
  return rules.filter((r) => allMatch(r.target_matchers, labels)).map(inhibitionSource);
}

const inhibitionSource = (r: AmInhibitRule) => `${(r.source_matchers ?? []).join(', ') || 'any alert'}${r.equal?.length ? ` (same ${r.equal.join(', ')})` : ''}`;
const describeInhibition = (r: AmInhibitRule) => `${(r.target_matchers ?? []).join(', ') || 'every alert'} is silenced while ${inhibitionSource(r)} fires`;

// ---------------------------------------------------------------------------------------------------------
// What changed: one entry per receiver, per route (routes keyed on their matchers, the severity first), root
// settings and inhibition.

interface FlatRoute {
  key: string;
  receivers: string[];
  timing: Record<string, string>;
}

const TIMINGS = ['group_by', 'group_wait', 'group_interval', 'repeat_interval'] as const;

function timingOf(r: AmRoute, inherited: Record<string, string>): Record<string, string> {
  const out = { ...inherited };
  for (const t of TIMINGS) {
    const v = r[t];
    if (v !== undefined) out[t] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Child routes of the root with the same matchers (a tier with several receivers) are one route. */
function flatRoutes(tree: AmRoute): FlatRoute[] {
  const rootTiming = timingOf(tree, {});
  const byKey = new Map<string, FlatRoute>();
  const visit = (r: AmRoute, path: string[], timing: Record<string, string>) => {
    const key = [...path, `{${[...(r.matchers ?? []), ...Object.entries(r.match ?? {}).map(([k, v]) => `${k}="${v}"`), ...Object.entries(r.match_re ?? {}).map(([k, v]) => `${k}=~"${v}"`)].join(', ')}}`];
    const t = timingOf(r, timing);
    const k = key.join(' > ');
    const flat = byKey.get(k) ?? { key: k, receivers: [], timing: t };
    if (r.receiver) flat.receivers.push(r.receiver);
    byKey.set(k, flat);
    for (const c of r.routes ?? []) visit(c, key, t);
  };
  for (const c of tree.routes ?? []) visit(c, [], rootTiming);
  return [...byKey.values()];
}

function recordDiff(prefix: string, before: Record<string, string>, after: Record<string, string>): Change[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].sort().flatMap((k): Change[] => {
    const [b, a] = [before[k], after[k]];
    if (b === a) return [];
    return [{ field: `${prefix}${k}`, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) }];
  });
}

export function compareRouting(before: RoutingSnapshot | undefined, after: RoutingSnapshot | undefined): Change[] {
  if (!before || !after) return [];
  const changes: Change[] = [...recordDiff('receiver ', before.receivers, after.receivers)];
  const root = (r: RoutingSnapshot) => ({ ...timingOf(r.tree, {}), ...(r.tree.receiver ? { 'default receiver': r.tree.receiver } : {}) });
  changes.push(...recordDiff('root route ', root(before), root(after)));
  const routes = (r: RoutingSnapshot) => new Map(flatRoutes(r.tree).map((f) => [f.key, f]));
  const [old, now] = [routes(before), routes(after)];
  for (const key of [...new Set([...old.keys(), ...now.keys()])]) {
    const [b, a] = [old.get(key), now.get(key)];
    const summary = (f: FlatRoute | undefined) => f && `to ${f.receivers.join(', ')}`;
    if (!b || !a) {
      changes.push({ field: `route ${key}`, ...(b ? { before: summary(b) } : {}), ...(a ? { after: summary(a) } : {}) });
      continue;
    }
    if (b.receivers.join(',') !== a.receivers.join(',')) changes.push({ field: `route ${key} receivers`, before: b.receivers.join(', '), after: a.receivers.join(', ') });
    changes.push(...recordDiff(`route ${key} `, b.timing, a.timing));
  }
  const inhibit = (r: RoutingSnapshot) => new Set(r.inhibitions.map(describeInhibition));
  const [ib, ia] = [inhibit(before), inhibit(after)];
  for (const i of ib) if (!ia.has(i)) changes.push({ field: 'inhibition', before: i });
  for (const i of ia) if (!ib.has(i)) changes.push({ field: 'inhibition', after: i });
  return changes;
}
