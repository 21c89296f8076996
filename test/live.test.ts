// memgen backtest, diff --prometheus and lint --prometheus against the real Prometheus (Debian's 2.42) serving
// two days of backfilled history. The judge of the backtest is the rule manager itself: `promtool test rules`
// runs the same rules over the same samples, and must see exactly the firing alerts memgen reported at every
// start and end of an episode and one evaluation before each. One server for the whole file, killed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { backfilledPrometheus, freePort, HOST, memoryHistory, promtoolInput, STEP, type RunningPrometheus, type Series } from './helpers/history.js';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/live/memgen.config.yaml');
const DAY = 86400;
// History runs from two days before the last full hour up to the last full minute, so instant queries at
// "now" (lint) see fresh samples, samples scraped now are newer than the backfilled blocks (the head takes
// nothing older), and backtests end at a fixed time.
const START = Math.floor(Date.now() / 1000 / 3600) * 3600 - 2 * DAY;
const END = START + 2 * DAY;
const MINUTES = (Math.floor(Date.now() / 1000 / 60) * 60 - START) / 60 + 1;

interface BacktestJson {
  alerts: Array<{
    alert: string;
    fires: number;
    firingSeconds: number;
    series: Array<{ labels: Record<string, string>; fires: number; episodes: Array<{ start: string; end: string; ongoing: boolean }> }>;
  }>;
}

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; expr: string; for?: string; keep_firing_for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * A promtool unit test that expects, at each start and end of every episode memgen found and one evaluation
 * before each, exactly the alerts memgen says are firing then (with the rule's labels added).
 */
function judgeTest(rules: RuleFile, result: BacktestJson, series: readonly Series[], shift?: { alert: string }): { tests: unknown[] } {
  const checks: Array<{ eval_time: string; alertname: string; exp_alerts: Array<{ exp_labels: Record<string, string> }> }> = [];
  for (const alert of result.alerts) {
    const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === alert.alert);
    const intervals = alert.series.flatMap((s) => s.episodes.map((e) => ({ labels: s.labels, from: seconds(e.start), to: e.ongoing ? Infinity : seconds(e.end) })));
    if (shift?.alert === alert.alert && intervals[0]) intervals[0].from += STEP;
    const times = new Set(intervals.flatMap((i) => [i.from, i.from - STEP, i.to, i.to - STEP]).filter((t) => t >= START && t <= END));
    for (const t of [...times].sort((a, b) => a - b)) {
      const firing = intervals.filter((i) => i.from <= t && t < i.to);
      checks.push({ eval_time: `${(t - START) / 60}m`, alertname: alert.alert, exp_alerts: firing.map((i) => ({ exp_labels: { ...i.labels, ...(rule?.labels ?? {}) } })) });
    }
  }
  return { tests: [{ interval: '1m', input_series: promtoolInput(series, 2 * 24 * 60 + 1), alert_rule_test: checks }] };
}

function withoutAnnotations(rules: RuleFile): RuleFile {
  return { groups: rules.groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _a, ...r }) => r) })) };
}

describe.skipIf(skipWithout('prometheus') || skipWithout('promtool'))('with the real Prometheus over backfilled history', () => {
  let prom: RunningPrometheus;
  let exporter: ChildProcess | undefined;
  const series = memoryHistory(MINUTES);
  const dir = tempDir('memgen-live-test-');

  beforeAll(async () => {
    // A scraped target, for what only scrapes give: metadata (a counter whose name does not say so).
    const port = await freePort();
    const page = '# HELP worker_jobs_done Jobs done.\n# TYPE worker_jobs_done counter\nworker_jobs_done 42\n';
    exporter = spawn(process.execPath, ['-e', `require('http').createServer((q, r) => r.end(${JSON.stringify(page)})).listen(${port}, '${HOST}')`], { stdio: 'ignore' });
    prom = await backfilledPrometheus(series, START, [
      'global:', '  scrape_interval: 2m', '  evaluation_interval: 1m',
      'scrape_configs:', '  - job_name: exporter', '    scrape_interval: 1s', '    static_configs:', `      - targets: ['${HOST}:${port}']`, '',
    ].join('\n'));
  });
  afterAll(async () => {
    exporter?.kill();
    await prom?.stop();
  });

  const backtest = (...args: string[]) => memgen(['backtest', '--prometheus', prom.url, '--end', String(END), '--range', '2d', ...args]);

  function judge(rulesFile: string, out: BacktestJson, shift?: { alert: string }): ReturnType<typeof promtool> {
    const rules = withoutAnnotations(parse(readFileSync(rulesFile, 'utf8')) as RuleFile);
    const name = shift ? 'shifted' : 'judge';
    writeFileSync(path.join(dir, `${name}.rules.yaml`), stringify(rules));
    writeFileSync(path.join(dir, `${name}.test.yaml`), stringify({ rule_files: [`${name}.rules.yaml`], evaluation_interval: '1m', ...judgeTest(rules, out, series, shift) }, { lineWidth: 0 }));
    return promtool('test', 'rules', path.join(dir, `${name}.test.yaml`));
  }

  it('backtests five alert kinds (with and without for) as the rule manager evaluates them', () => {
    const r = backtest('-c', FIXTURE, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as BacktestJson;
    expect(out.alerts.map((a) => a.alert)).toEqual(['RssHigh', 'RssSpike', 'RssGrowth', 'RssSlope', 'GcSlow']);
    // Every kind fires on the leaking instance; the healthy one's short spikes fire only the alerts with a short or no `for`.
    for (const a of out.alerts) expect(a.series.find((s) => s.labels.instance === 'leaky:8001')?.fires, a.alert).toBeGreaterThan(0);
    const steady = (name: string) => out.alerts.find((a) => a.alert === name)?.series.find((s) => s.labels.instance === 'steady:8001')?.fires ?? 0;
    expect(steady('RssSpike')).toBeGreaterThan(steady('RssHigh'));
    expect(steady('RssGrowth') + steady('RssSlope') + steady('GcSlow')).toBe(0);

    const build = memgen(['build', '-c', FIXTURE, '-o', path.join(dir, 'out')]);
    expect(build.status, build.stderr).toBe(0);
    const rulesFile = path.join(dir, 'out/prometheus/alerts.yaml');
    const verdict = judge(rulesFile, out);
    expect(verdict.status, verdict.stdout + verdict.stderr).toBe(0);
    // The judge is sharp: one episode moved by one evaluation fails it.
    const shifted = judge(rulesFile, out, { alert: 'RssHigh' });
    expect(shifted.status).toBe(1);
    expect(shifted.stdout + shifted.stderr).toContain('RssHigh');
  });

  it('replays keep_firing_for as the rule manager does, from rule files', () => {
    const rulesFile = path.join(dir, 'sticky.yaml');
    writeFileSync(rulesFile, stringify({
      groups: [{ name: 'sticky', interval: '1m', rules: [
        { alert: 'SpikeSticky', expr: 'process_resident_memory_bytes{job="shop"} > 985661440', keep_firing_for: '3m', labels: { severity: 'medium' } },
        { alert: 'SpikeHeld', expr: 'process_resident_memory_bytes{job="shop"} > 985661440', for: '1m', keep_firing_for: '2m' },
      ] }],
    }));
    const r = backtest(rulesFile, '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as BacktestJson;
    const plain = JSON.parse(backtest('-c', FIXTURE, '--alert', 'RssSpike', '--format', 'json').stdout) as BacktestJson;
    // Spikes closer together than keep_firing_for merge into one episode: fewer, longer episodes.
    expect(out.alerts[0]?.fires).toBeLessThanOrEqual(plain.alerts[0]?.fires ?? 0);
    expect(out.alerts[0]?.firingSeconds).toBeGreaterThan(plain.alerts[0]?.firingSeconds ?? 0);
    const verdict = judge(rulesFile, out);
    expect(verdict.status, verdict.stdout + verdict.stderr).toBe(0);
  });

  it('splits long ranges into query_range chunks without changing the result', () => {
    const whole = backtest('-c', FIXTURE, '--format', 'json');
    const chunked = backtest('-c', FIXTURE, '--format', 'json', '--max-points', '250');
    expect(chunked.status, chunked.stderr).toBe(0);
    expect(chunked.stdout).toBe(whole.stdout);
  });

  it('reports a query the server finds too large in one line, exit 2', () => {
    const r = backtest('-c', FIXTURE, '--step', '1s', '--max-points', '1000000');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^memgen: http:\/\/127\.0\.0\.1:\d+ \/api\/v1\/query_range: the server refused the request \(HTTP 400, bad_data\): exceeded maximum resolution/);
  });

  it('diff --prometheus replays the old and the new threshold and names the series that stop firing', () => {
    const newConfig = path.join(dir, 'new.config.yaml');
    writeFileSync(newConfig, readFileSync(FIXTURE, 'utf8').replace('above: 90%, for: 2m', 'above: 970MiB, for: 2m'));
    expect(memgen(['build', '-c', FIXTURE, '-o', path.join(dir, 'old-out')]).status).toBe(0);
    expect(memgen(['build', '-c', newConfig, '-o', path.join(dir, 'new-out')]).status).toBe(0);
    const diff = (format: string) => memgen(['diff', path.join(dir, 'old-out'), path.join(dir, 'new-out'), '--prometheus', prom.url, '--end', String(END), '--range', '2d', '--format', format]);
    const json = diff('json');
    expect(json.status, json.stderr).toBe(0);
    const history = (JSON.parse(json.stdout) as { history: { alerts: Array<{ alert: string; before: BacktestJson['alerts'][0]; after: BacktestJson['alerts'][0]; onlyBefore: unknown[]; onlyAfter: unknown[] }> } }).history;
    expect(history.alerts.map((a) => a.alert)).toEqual(['RssHigh']);
    const [rssHigh] = history.alerts;
    const old = (JSON.parse(backtest('-c', FIXTURE, '--alert', 'RssHigh', '--format', 'json').stdout) as BacktestJson).alerts[0];
    const now = (JSON.parse(backtest('-c', newConfig, '--alert', 'RssHigh', '--format', 'json').stdout) as BacktestJson).alerts[0];
    expect(rssHigh?.before.fires).toBe(old?.fires);
    expect(rssHigh?.after.fires).toBe(now?.fires);
    expect(rssHigh?.after.fires).toBeLessThan(rssHigh?.before.fires ?? 0);
    expect(rssHigh?.onlyBefore).toEqual([{ instance: 'steady:8001', job: 'shop' }]);
    expect(rssHigh?.onlyAfter).toEqual([]);

    const md = diff('markdown');
    expect(md.stdout).toContain('#### History');
    expect(md.stdout).toContain(`| RssHigh | ${old?.fires} → ${now?.fires} |`);
    expect(md.stdout).toContain('`{instance="steady:8001", job="shop"}`');
    const text = diff('text');
    expect(text.stdout).toContain(`RssHigh [shop.memory]: fired ${old?.fires} -> ${now?.fires}, firing `);
    expect(text.stdout).toContain('no longer fires for {instance="steady:8001", job="shop"}');
  });

  it('lint --prometheus: misspelt and vanished metrics, label values that do not exist, types from metadata, scrape intervals from the config, alerts/count', async () => {
    // Metadata exists once the target has been scraped.
    for (let i = 0; i < 50; i++) {
      const meta = (await (await fetch(`${prom.url}/api/v1/metadata?metric=worker_jobs_done`)).json()) as { data: Record<string, unknown> };
      if (meta.data.worker_jobs_done) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const rules = path.join(dir, 'live-rules.yaml');
    writeFileSync(rules, stringify({ groups: [{ name: 'live', rules: [
      { alert: 'Typo', expr: 'process_resident_memory_bytez{job="shop"} > 1' },
      { alert: 'Vanished', expr: 'legacy_rss_bytes{job="shop"} > 1' },
      { alert: 'WrongJob', expr: 'process_resident_memory_bytes{job="shopp"} > 1' },
      { alert: 'NoSuchLabel', expr: 'process_resident_memory_bytes{pod="api-0"} > 1' },
      { alert: 'Fine', expr: 'process_resident_memory_bytes{job="shop", instance=~"leaky.*"} > 1', for: '5m' },
      { alert: 'CounterDeriv', expr: 'deriv(worker_jobs_done{job="exporter"}[5m]) > 1' },
      { alert: 'ShortRange', expr: 'rate(gc_duration_ms_bucket{job="shop"}[5m]) > 1' },
      { alert: 'Flapping', expr: 'process_resident_memory_bytes{job="shop"} > 985661440' },
      // Broken for the server too: reported offline, and the online checks carry on without it.
      { alert: 'Broken', expr: 'rate(process_resident_memory_bytes[5m' },
    ] }] }));
    type Finding = { rule: string; name: string; message: string; severity: string; line: number };
    const lint = (...args: string[]) => memgen(['lint', rules, '--format', 'json', '--rule', 'style/annotations=off', '--rule', 'style/severity-label=off', ...args]);
    const online = lint('--prometheus', prom.url, '--alerts-count-max', '5');
    expect(online.stderr).toBe('');
    expect(online.status).toBe(1);
    const found = JSON.parse(online.stdout) as Finding[];
    const of = (name: string) => found.filter((f) => f.name === name).map((f) => `${f.rule}: ${f.message}`);
    expect(of('Typo')).toEqual([expect.stringMatching(/^promql\/series: process_resident_memory_bytez has never existed on http:\/\/127\.0\.0\.1:\d+ \(no series in its whole retention\); did you mean process_resident_memory_bytes\?$/)]);
    expect(of('Vanished')).toEqual([expect.stringMatching(/^promql\/series: legacy_rss_bytes disappeared from .*: its last series was seen about 1d(\dh)? ago \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/)]);
    expect(of('WrongJob')).toEqual([expect.stringMatching(/^promql\/series: no series of process_resident_memory_bytes on .* has job="shopp"; job takes "shop" \(did you mean "shop"\?\)$/)]);
    expect(of('NoSuchLabel')).toEqual([expect.stringMatching(/^promql\/series: no series of process_resident_memory_bytes on .* has the label pod/)]);
    expect(of('Fine')).toEqual([]);
    expect(of('CounterDeriv')).toEqual([expect.stringMatching(/^promql\/deriv-on-counter: .*worker_jobs_done is a counter \(metadata of http:/)]);
    expect(of('ShortRange').map((m) => m.split(':')[0])).toEqual(['promql/range-too-short']);
    expect(of('Flapping')).toEqual([expect.stringMatching(/^alerts\/count: would have fired \d+ times in the last 1d on .*, more than 5; raise the threshold or add for$/)]);
    expect(found.find((f) => f.name === 'Typo')?.line).toBeGreaterThan(0);

    // Offline, none of it is known: the typo, the counter and the scrape interval all pass.
    const offline = JSON.parse(lint().stdout) as Finding[];
    // The broken rule gets its offline findings, and nothing online.
    expect(of('Broken').length).toBeGreaterThan(0);
    expect(of('Broken')).toEqual(offline.filter((f) => f.name === 'Broken').map((f) => `${f.rule}: ${f.message}`));
    expect(offline.filter((f) => ['promql/series', 'alerts/count', 'promql/deriv-on-counter', 'promql/range-too-short'].includes(f.rule))).toEqual([]);
    // The online checks take --rule like the others.
    const quiet = JSON.parse(lint('--prometheus', prom.url, '--rule', 'promql/series=off', '--rule', 'alerts/count=off').stdout) as Finding[];
    expect(quiet.filter((f) => f.rule === 'promql/series' || f.rule === 'alerts/count')).toEqual([]);
  });

  it('lint --preset/--config --prometheus runs the online checks on the rules the config builds', () => {
    const r = memgen(['lint', '-c', FIXTURE, '--prometheus', prom.url, '--format', 'json', '--alerts-count-max', '6']);
    expect(r.stderr).toBe('');
    const found = JSON.parse(r.stdout) as Array<{ rule: string; name: string }>;
    expect(found.filter((f) => f.rule === 'alerts/count').map((f) => f.name).sort()).toEqual(['RssHigh', 'RssSpike']);
    expect(found.filter((f) => f.rule === 'promql/series')).toEqual([]);
  });
});
