// `memgen diff` on fleet configs: what a change means for the on-call. Receivers are checked against the real
// `amtool config routes test` on the generated alertmanager.yml, and the alert that now fires after the OOM
// kill against promtool on the same series. Every memgen run is asynchronous (several take seconds each).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatDuration, parseDuration } from '../src/dsl/units.js';
import { repoWith } from './helpers/git-repo.js';
import { FIXTURES, memgenAsync, tempDir } from './helpers/memgen.js';
import { promtoolFirstFiring } from './helpers/promtool-firing.js';
import { runAsync, skipWithout } from './helpers/tools.js';

const FLEET = readFileSync(path.join(FIXTURES, 'fleet/memgen.config.yaml'), 'utf8');
const MINIMAL = readFileSync(path.join(FIXTURES, 'configs/minimal.yaml'), 'utf8');
const MiB = 2 ** 20;

interface Row {
  profile: string;
  before: number | null | 'baseline';
  after: number | null | 'baseline';
  limit?: Array<{ after: number; services: string[] }>;
  between?: boolean;
}

interface Section {
  name: string;
  renamedFrom?: string;
  groups: string[];
  services: string[];
  changes: Array<{ field: string; before?: string; after?: string }>;
  impact: Row[];
  warnings: string[];
  routing?: { before: string[]; after: string[]; silencedBefore: string[]; silencedAfter: string[] };
  actions: string[];
}

interface Report {
  adoption: boolean;
  summary: { alertsAdded: number; alertsRemoved: number; alertsChanged: number; services: string[]; receiversChanged: number; warnings: number };
  alerts: { added: Array<{ name: string; services: string[] }>; removed: Array<{ name: string }>; changed: Section[] };
  routing: Array<{ field: string; before?: string; after?: string }>;
  objects: Array<{ kind: string; before?: { name: string; namespace?: string }; after?: { name: string; namespace?: string }; actions: string[] }>;
}

/** A repository at the base config, changed in the working tree to `head`. */
function changedRepo(file: string, base: string, head: string): string {
  const repo = repoWith(file, base);
  writeFileSync(path.join(repo, file), head);
  return repo;
}

async function diff(repo: string, format: 'json' | 'text' | 'markdown' = 'json'): Promise<string> {
  const r = await memgenAsync(['diff', '--base', 'HEAD', '--format', format], repo);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const diffJson = async (repo: string) => JSON.parse(await diff(repo)) as Report;

async function build(config: string, file = 'memgen.config.yaml'): Promise<string> {
  const dir = tempDir('memgen-oncall-');
  writeFileSync(path.join(dir, file), config);
  const r = await memgenAsync(['build', '-c', file, '--out', 'out'], dir);
  expect(r.status, r.stderr).toBe(0);
  return path.join(dir, 'out');
}

interface BuiltRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}

function rulesOf(out: string): Array<{ name: string; rules: BuiltRule[] }> {
  return (parse(readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8')) as { groups: Array<{ name: string; rules: BuiltRule[] }> }).groups;
}

function ruleIn(out: string, group: string, alert: string): BuiltRule {
  const rule = rulesOf(out).find((g) => g.name === group)?.rules.find((r) => r.alert === alert);
  if (!rule) throw new Error(`no ${alert} in ${group}`);
  return rule;
}

// ---------------------------------------------------------------------------------------------------------

// The fleet's alerts move: RapidMemoryGrowth (both services) from high to critical, the medium tier from a
// webhook to a new Slack receiver (also the default), the high route repeats every hour.
const ROUTED = FLEET.replace(
  "    tickets:\n      webhook:\n        url: http://ticket-bridge.shop.svc:8080/memory\n",
  "    tickets:\n      webhook:\n        url: http://ticket-bridge.shop.svc:8080/memory\n    chat:\n      slack:\n        apiUrlFile: /etc/alertmanager/secrets/slack-url\n        channel: '#shop'\n",
)
  .replace('      receivers: [tickets]', '      receivers: [chat]')
  .replace('      repeatInterval: 2h', '      repeatInterval: 1h')
  .replace('    name: RapidMemoryGrowth\n    tier: high', '    name: RapidMemoryGrowth\n    tier: critical');

describe.skipIf(skipWithout('amtool'))('routing in the diff, confirmed by amtool config routes test', () => {
  it('names receivers, routes and timings that changed, and who now gets each moved alert', async () => {
    expect(ROUTED.match(/chat|critical|1h/g)?.length, 'every replacement applied').toBeGreaterThanOrEqual(5);
    const repo = changedRepo('memgen.config.yaml', FLEET, ROUTED);
    const [report, oldOut, newOut] = await Promise.all([diffJson(repo), build(FLEET), build(ROUTED)]);

    expect(report.routing).toEqual(
      expect.arrayContaining([
        { field: 'receiver chat', after: expect.stringMatching(/^slack .*"channel":"#shop"/) },
        { field: 'root route default receiver', before: 'tickets', after: 'chat' },
        { field: 'route {severity="high"} repeat_interval', before: '2h', after: '1h' },
        { field: 'route {severity="medium", job=~"shop-.*"} receivers', before: 'tickets', after: 'chat' },
      ]),
    );
    // A fleet-wide change is one section naming both services.
    const growth = report.alerts.changed.filter((c) => c.name === 'RapidMemoryGrowth');
    expect(growth).toHaveLength(1);
    expect(growth[0]?.services).toEqual(['api', 'worker']);
    expect(growth[0]?.changes).toEqual(expect.arrayContaining([{ field: 'tier', before: 'high', after: 'critical' }]));
    // As critical it is no longer silenced by a critical alert of the same process.
    expect(growth[0]?.routing?.silencedBefore).toEqual(['severity="critical" (same job, instance)']);
    expect(growth[0]?.routing?.silencedAfter).toEqual([]);
    expect(report.summary).toMatchObject({ alertsChanged: 3, services: ['api', 'worker'], receiversChanged: 1, otherRoutingChanges: 3 });

    // Every copy of every alert whose receivers changed, against amtool on the two generated alertmanager.yml.
    const moved = report.alerts.changed.filter((c) => c.routing && c.routing.before.join() !== c.routing.after.join());
    expect(moved.map((c) => c.name).sort()).toEqual(['GCSlowdown', 'HighMemoryEndpoint', 'RapidMemoryGrowth']);
    const jobs = (out: string) => new Map(rulesOf(out).map((g) => [g.name, /job="([^"]+)"/.exec(g.rules[0]?.expr ?? '')?.[1] ?? '']));
    const amtool = async (out: string, group: string, alert: string): Promise<string[]> => {
      const labels = { ...ruleIn(out, group, alert).labels, alertname: alert, job: jobs(out).get(group) ?? '', instance: 'any:1' };
      const r = await runAsync('amtool', ['config', 'routes', 'test', `--config.file=${path.join(out, 'alertmanager/alertmanager.yml')}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split(',');
    };
    for (const c of moved) {
      for (const group of c.groups) {
        expect(await amtool(oldOut, group, c.name), `${c.name} in ${group} before`).toEqual(c.routing?.before);
        expect(await amtool(newOut, group, c.name), `${c.name} in ${group} after`).toEqual(c.routing?.after);
      }
    }
    expect(growth[0]?.routing?.after).toEqual(['restart-hook', 'oncall']);

    const text = await diff(repo, 'text');
    expect(text.split('\n')[0]).toBe('3 alerts changed, 0 added, 0 removed; 2 services affected (api, worker); 1 receiver changed, 3 other routing changes');
    expect(text).toContain('~ RapidMemoryGrowth [api, worker]\n');
    expect(text).toContain('    receivers: oncall -> restart-hook, oncall; now reaches restart-hook\n');
    expect(text).toContain('    receivers: tickets -> chat; now reaches chat; no longer reaches tickets\n');
    expect(text).toContain('  ~ route {severity="high"} repeat_interval: 2h -> 1h\n');
  });
});

// ---------------------------------------------------------------------------------------------------------

// The API's limit is 256 MiB; its growth alert reads a 30-minute slope. Raising the threshold from 2 to
// 4.5 MiB/min makes it fire after the limit at a 5 MiB/min leak.
const SMALL = FLEET.replace('memoryLimit: 1000MiB', 'memoryLimit: 256MiB').replace('window: 10m\n    above: 5MiB/min', 'window: 30m\n    above: 2MiB/min');
const RAISED = SMALL.replace('above: 2MiB/min', 'above: 4.5MiB/min');

describe.skipIf(skipWithout('promtool'))('an alert that would fire after the OOM kill', () => {
  it('is a warning whose times promtool confirms on the same series', async () => {
    expect(SMALL).toContain('window: 30m');
    const repo = changedRepo('memgen.config.yaml', SMALL, RAISED);
    const [report, oldOut, newOut] = await Promise.all([diffJson(repo), build(SMALL), build(RAISED)]);
    const growth = report.alerts.changed.find((c) => c.name === 'RapidMemoryGrowth');
    expect(growth?.services).toEqual(['api']);
    const row = growth?.impact.find((r) => r.profile === 'at 5 MiB/min');
    expect(typeof row?.after).toBe('number');
    const limit = row?.limit?.[0]?.after as number;
    expect(row?.after as number).toBeGreaterThan(limit);
    expect(growth?.warnings).toContain(`at 5 MiB/min: fires after ${formatDuration(row?.after as number)}, but the memory limit is reached after ${formatDuration(limit)}: the process is OOM-killed before anyone hears of it`);

    // The same leak, built here: flat at 40% of 256 MiB for an hour, then 5 MiB/min in 30 s scrapes.
    const scrape = 30;
    const evaluation = 15;
    const onset = 3600;
    const baseline = 0.4 * 256 * MiB;
    const values: number[] = [];
    for (let t = 0; t <= onset + 3 * 3600; t += scrape) values.push(t <= onset ? baseline : baseline + 5 * MiB * ((t - onset) / 60));
    const limitAt = values.findIndex((v) => v >= 256 * MiB) * scrape - onset;
    expect(limit).toBe(limitAt);
    const series = [{ series: 'process_rss_bytes{job="shop-api", instance="api-0:8001"}', values: values.join(' ') }];

    const dir = tempDir('memgen-oom-');
    const firstFiring = async (out: string, expected: number) => {
      const rule = ruleIn(out, 'api.memory', 'RapidMemoryGrowth');
      const candidates: number[] = [];
      for (let t = onset; t <= onset + expected + 4 * evaluation; t += evaluation) candidates.push(t);
      const fired = await promtoolFirstFiring(dir, { alert: rule.alert, expr: rule.expr, for: rule.for ? parseDuration(rule.for) : 0 }, series, candidates, scrape, evaluation);
      expect(fired, 'promtool fires within the candidate times').toBeDefined();
      return (fired as number) - onset;
    };
    const [was, now] = await Promise.all([firstFiring(oldOut, row?.before as number), firstFiring(newOut, row?.after as number)]);
    // Within one evaluation interval: the diff's own onset is not aligned with the evaluations as this one is.
    expect(Math.abs(was - (row?.before as number))).toBeLessThanOrEqual(evaluation);
    expect(Math.abs(now - (row?.after as number))).toBeLessThanOrEqual(evaluation);
    expect(was).toBeLessThan(limitAt);
    expect(now).toBeGreaterThan(limitAt);
  });

  it('names the leak rate between the old and the new threshold, where the verdict changes', async () => {
    // The example: RapidMemoryGrowth from 8 to 6 MiB/min; a 7 MiB/min leak now pages.
    const base = FLEET.replace('above: 5MiB/min', 'above: 8MiB/min');
    const repo = changedRepo('memgen.config.yaml', base, FLEET.replace('above: 5MiB/min', 'above: 6MiB/min'));
    const report = await diffJson(repo);
    const between = report.alerts.changed.find((c) => c.name === 'RapidMemoryGrowth')?.impact.filter((r) => r.between);
    expect(between?.map((r) => r.profile)).toEqual(['a 7 MiB/min leak']);
    expect(between?.[0]?.before).toBeNull();
    expect(typeof between?.[0]?.after).toBe('number');
    const text = await diff(repo, 'text');
    expect(text).toMatch(/\n {6}a 7 MiB\/min leak: never paged -> paged after \w+; limit reached after \w+ \(api\)\n/);
  });
});


// ---------------------------------------------------------------------------------------------------------

describe('renamed and removed objects', () => {
  // A second service renames nothing (object names do not depend on the services); the PrometheusRule and the
  // dashboard are renamed by their own keys, and the critical alert gets a new name.
  const WITH_LEDGER = MINIMAL.replace('    memoryLimit: 2GiB\n', '    memoryLimit: 2GiB\n  - name: ledger\n    port: 9200\n    memoryLimit: 512MiB\n');
  const GROWN = `${WITH_LEDGER.replace('name: BillingMemoryHigh', 'name: MemoryHigh')}kubernetes:\n  ruleName: billing-memory\ndashboard:\n  uid: billing-memory\n`;

  it('adding a service renames no object', async () => {
    const report = await diffJson(changedRepo('memgen.config.yaml', MINIMAL, WITH_LEDGER));
    expect(report.objects).toEqual([]);
  });

  it('says what to delete by hand and which silences stop matching, from a config and from output folders', async () => {
    expect(GROWN).toContain('ledger');
    const repo = changedRepo('memgen.config.yaml', MINIMAL, GROWN);
    const [report, oldOut, newOut] = await Promise.all([diffJson(repo), build(MINIMAL), build(GROWN)]);
    // The names, read from the manifests and dashboards memgen wrote.
    const ruleName = (out: string) => (parse(readFileSync(path.join(out, 'kubernetes/prometheusrule.yaml'), 'utf8')) as { metadata: { name: string; namespace: string } }).metadata;
    const uid = (out: string) => (JSON.parse(readFileSync(path.join(out, 'grafana/dashboards/memory.json'), 'utf8')) as { uid: string }).uid;
    const [oldRule, newRule] = [ruleName(oldOut), ruleName(newOut)];
    expect(oldRule.name).not.toBe(newRule.name);

    const rule = report.objects.find((o) => o.kind === 'PrometheusRule');
    expect(rule).toMatchObject({ before: { name: oldRule.name, namespace: oldRule.namespace }, after: { name: newRule.name } });
    expect(rule?.actions[0]).toMatch(new RegExp(`^kubectl delete prometheusrule ${oldRule.name} -n ${oldRule.namespace} `));
    const dashboard = report.objects.find((o) => o.kind === 'dashboard');
    expect(dashboard).toMatchObject({ before: { name: uid(oldOut) }, after: { name: uid(newOut) } });
    expect(dashboard?.actions.join('\n')).toContain(`/d/${uid(oldOut)}`);
    // No object disappears without a line: the ServiceMonitor and rule group of billing-api keep their names.
    expect(report.objects.map((o) => o.kind).sort()).toEqual(['PrometheusRule', 'dashboard']);

    const renamed = report.alerts.changed.find((c) => c.renamedFrom === 'BillingMemoryHigh');
    expect(renamed?.name).toBe('MemoryHigh');
    expect(renamed?.actions[0]).toMatch(/^silences on alertname="BillingMemoryHigh" stop matching: re-create them for MemoryHigh/);

    // Two output folders say the same about the objects.
    const folders = await memgenAsync(['diff', oldOut, newOut, '--format', 'json']);
    expect(folders.status, folders.stderr).toBe(0);
    expect((JSON.parse(folders.stdout) as Report).objects).toEqual(report.objects);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('fleet-wide changes', () => {
  const TS = readFileSync(path.join(FIXTURES, 'fleet/memgen.config.ts'), 'utf8');

  it("a correlation alert's error ratio: one section for both services, the part of the expression that changed", async () => {
    const head = TS.replace('  ...api,\n', "  ...api,\n  alerts: api.alerts.map((a) => (a.name === 'MemoryPressureErrors' ? { ...a, errorRatio: '10%' } : a)),\n");
    expect(head).not.toBe(TS);
    const repo = changedRepo('memgen.config.ts', TS, head);
    const report = await diffJson(repo);
    expect(report.alerts.changed.map((c) => [c.name, c.services])).toEqual([['MemoryPressureErrors', ['api', 'worker']]]);
    const expr = report.alerts.changed[0]?.changes.find((c) => c.field === 'expr');
    expect(expr?.before).toContain('0.05');
    expect(expr?.after).toContain('0.1');
    // The whole expression joins memory and request counters; the diff shows a piece of it.
    expect(expr?.before).not.toContain('http_requests_total');
    expect((expr?.before ?? '').length).toBeLessThan(80);
    const md = await diff(repo, 'markdown');
    expect(md).toContain('**1 alert changed, 0 added, 0 removed; 2 services affected (api, worker); 0 receivers changed**');
    expect(md.match(/<details><summary>MemoryPressureErrors \[api, worker\]/g)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('markdown for a pull-request comment', () => {
  it('a marker first, the summary, one table, details folded', async () => {
    const repo = changedRepo('memgen.config.yaml', FLEET, ROUTED);
    const md = await diff(repo, 'markdown');
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- memgen-diff -->');
    // One table: no alert's behaviour changed, so there is no time-to-fire table.
    expect(lines.filter((l) => l.startsWith('|---'))).toHaveLength(1);
    expect(md).toContain('| alertmanager | route {severity="high"} repeat_interval | 2h → 1h |');
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    expect(md.indexOf('<details>')).toBeGreaterThan(md.indexOf('| | What | Change |'));
  });
});
