// End to end, every part real: two instances of the demo FastAPI service (integrations/fastapi under uvicorn),
// one leaking and one healthy; Debian's Prometheus with the prometheus.yml and alerts.yaml that `memgen build`
// writes; Debian's Alertmanager with the generated routing, its receivers pointed at a webhook server this test
// runs. The leak's alerts must reach the receivers of their tier; the healthy instance must never alert.
//
// Time is compressed: every alert's `for` and window are the preset's divided by TIME_SCALE (through the
// preset's options), scrapes and evaluations run every second, and the memory limit is small enough for a
// fast leak to reach it. Which alerts must fire is read from the built model, not written here: the ones that
// compare memory with a level the leak passes. Whatever else fires for the leak is checked for routing.
// Everything listens on 127.0.0.1 at free ports; processes and the temp folder go in afterAll.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fastapi, type FastapiAlert, type FastapiOptions } from '../presets/fastapi.js';
import type { Duration } from '../src/dsl/units.js';
import { buildModel } from '../src/model/build.js';
import type { Alert, Model } from '../src/model/types.js';
import {
  freePort,
  HOST,
  httpText,
  skipWithoutFastapiPython,
  sleep,
  startFastapiDemo,
  startProcess,
  waitUntilServing,
  type FastapiDemo,
  type Running,
} from './helpers/exporter.js';
import { parseExposition } from './helpers/exposition.js';
import { memgenAsync, ROOT, tempDir } from './helpers/memgen.js';
import { skipWithout } from './helpers/tools.js';

const MIB = 1024 * 1024;
const TIME_SCALE = 60;
/** No rate or deriv window below 15 scrapes: over fewer, a real process's allocator noise looks like a slope. */
const MIN_WINDOW_S = 15;
const MEMORY_LIMIT_MIB = 300;
/** The leak stops here, above the near-limit thresholds and below what a test should hold. */
const LEAK_CEILING = 0.97 * MEMORY_LIMIT_MIB * MIB;
/** Each leaking request keeps this much; four a second. */
const LEAK_KIB = 2048;
const DEADLINE_MS = 150_000;
/** An alert that fired this long before a more severe one on the same instance was not inhibited when sent. */
const INHIBITION_MARGIN_MS = 3000;

interface Notification {
  receiver: string;
  alerts: Array<{ labels: Record<string, string>; status: string }>;
}

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

const seconds = (s: number): Duration => `${Math.max(0, Math.round(s))}s`;

/** Every tunable alert of the preset with its `for` and window divided by TIME_SCALE. */
function compressedOverrides(model: Model): FastapiOptions['alerts'] {
  const overrides: NonNullable<FastapiOptions['alerts']> = {};
  for (const alert of model.groups.flatMap((g) => g.alerts)) {
    if (alert.kind === 'correlation') continue; // correlation alerts take no overrides; none can fire here
    overrides[alert.name as FastapiAlert] = {
      for: seconds(alert.for / TIME_SCALE),
      ...(alert.window !== undefined ? { window: seconds(Math.max(MIN_WINDOW_S, alert.window / TIME_SCALE)) } : {}),
    };
  }
  return overrides;
}

/** A webhook receiver per Alertmanager receiver name: POST /<name> records the notification. */
function webhookServer(): Promise<{ server: Server; url: string; received: Notification[] }> {
  const received: Notification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const payload = JSON.parse(body) as { alerts: Notification['alerts'] };
        received.push({ receiver: decodeURIComponent((req.url ?? '/').slice(1)), alerts: payload.alerts });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve({ server, url: `http://${HOST}:${(server.address() as { port: number }).port}`, received })));
}

/** Sends `request` every `intervalMs` until stopped; failures are counted, not thrown (the test asserts on them). */
function drive(request: () => Promise<unknown>, intervalMs: number): { stop(): Promise<void>; failures(): number } {
  let running = true;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      const next = sleep(intervalMs);
      await request().catch(() => failures++);
      await next;
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
    failures: () => failures,
  };
}

async function rssOf(demo: FastapiDemo): Promise<number> {
  const families = parseExposition((await httpText(demo.metricsUrl)).body, demo.metricsUrl);
  return families.get('process_rss_bytes')?.samples[0]?.value ?? 0;
}

describe.skipIf(skipWithout('prometheus') || skipWithout('prometheus-alertmanager') || skipWithoutFastapiPython())(
  'end to end: the FastAPI exporter, Prometheus and Alertmanager, all real',
  () => {
    const cleanups: Array<() => Promise<void> | void> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it(
      'delivers the leak\'s alerts to the receivers of their tier and nothing for the healthy instance',
      async () => {
        const dir = tempDir('memgen-e2e-');
        cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
        const hook = await webhookServer();
        cleanups.push(() => new Promise<void>((r) => hook.server.close(() => r())));

        const leaking = await startFastapiDemo();
        cleanups.push(leaking.stop);
        const healthy = await startFastapiDemo();
        cleanups.push(healthy.stop);
        // Transient work on both, started before Prometheus looks, so the first allocations are not a trend.
        const healthyWork = drive(() => httpText(`${healthy.appUrl}/work?kib=128`), 500);
        const leakingWork = drive(() => httpText(`${leaking.appUrl}/work?kib=128`), 500);
        cleanups.push(healthyWork.stop, leakingWork.stop);
        await sleep(5000);
        const healthyRssAtStart = await rssOf(healthy);

        // The config goes through the CLI as a user's would: memgen.config.ts calling the preset.
        const amPort = await freePort();
        const promPort = await freePort();
        const defaults = buildModel(fastapi({ memoryLimit: `${MEMORY_LIMIT_MIB}MiB` }), 'preset fastapi');
        const tiers = Object.fromEntries(defaults.alertmanager.routes.map((r) => [r.tier.name, r.receivers]));
        const options: FastapiOptions = {
          scrapeInterval: '1s',
          evaluationInterval: '1s',
          memoryLimit: `${MEMORY_LIMIT_MIB}MiB`,
          targets: [leaking.target, healthy.target],
          alerts: compressedOverrides(defaults),
          alertmanager: {
            receivers: Object.fromEntries(defaults.alertmanager.receivers.map((r) => [r.name, { webhook: { url: `${hook.url}/${encodeURIComponent(r.name)}` } }])),
            routes: Object.fromEntries(
              Object.entries(tiers).map(([tier, receivers]) => [tier, { receivers, groupWait: '1s', groupInterval: '2s', repeatInterval: '1h' }]),
            ),
          },
        };
        const configFile = path.join(dir, 'memgen.config.ts');
        writeFileSync(
          configFile,
          [
            `import { fastapi } from ${JSON.stringify(path.join(ROOT, 'dist/presets/fastapi.js'))};`,
            `const config = fastapi(${JSON.stringify(options, null, 2)});`,
            `config.prometheus = { ...config.prometheus, alertmanagers: [${JSON.stringify(`${HOST}:${amPort}`)}] };`,
            'export default config;',
            '',
          ].join('\n'),
        );
        const out = path.join(dir, 'out');
        // Asynchronously: the traffic loops keep running while memgen builds (a blocked event loop would time
        // out their requests and count them as the demo's failures).
        const build = await memgenAsync(['build', '-c', configFile, '-o', out], dir);
        expect(build.status, `memgen build:\n${build.stdout}\n${build.stderr}`).toBe(0);
        // What to expect comes from the model the CLI built from the same options.
        const model = buildModel(fastapi({ ...options }), 'e2e config');
        const alerts = model.groups.flatMap((g) => g.alerts);
        const tierOf = new Map(alerts.map((a) => [a.name, a.tier.name]));
        const rank = new Map(model.alertmanager.routes.map((r, i) => [r.tier.name, i])); // most severe first
        const receiversOf = new Map(model.alertmanager.routes.map((r) => [r.tier.name, r.receivers]));
        const nearLimit: Alert[] = alerts.filter((a) => a.kind === 'value' && a.metric.id === 'rss' && a.threshold.op === '>' && a.threshold.promValue < LEAK_CEILING);
        expect(nearLimit.length, 'no value alert on rss below the leak ceiling: update how this test picks the near-limit alerts').toBeGreaterThan(0);

        const alertmanager: Running = startProcess('prometheus-alertmanager', [
          `--config.file=${path.join(out, 'alertmanager/alertmanager.yml')}`,
          `--storage.path=${path.join(dir, 'am-data')}`,
          `--web.listen-address=${HOST}:${amPort}`,
          '--cluster.listen-address=',
          '--log.level=warn',
        ]);
        cleanups.push(alertmanager.stop);
        const prometheus: Running = startProcess('prometheus', [
          `--config.file=${path.join(out, 'prometheus/prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'prom-data')}`,
          `--web.listen-address=${HOST}:${promPort}`,
          '--log.level=warn',
        ]);
        cleanups.push(prometheus.stop);
        await waitUntilServing(`http://${HOST}:${amPort}/-/ready`, alertmanager);
        await waitUntilServing(`http://${HOST}:${promPort}/-/ready`, prometheus);
        expect(readFileSync(path.join(out, 'prometheus/prometheus.yml'), 'utf8')).toContain(leaking.target);

        // The leak: 8 MiB a second until just below what the test allows.
        const leak = drive(async () => {
          if ((await rssOf(leaking)) < LEAK_CEILING) await httpText(`${leaking.appUrl}/audit?kib=${LEAK_KIB}`, { method: 'POST' });
        }, 250);
        cleanups.push(leak.stop);

        const started = Date.now();
        const firstFiring = new Map<string, number>(); // alertname -> ms, for the leaking instance
        // Pending is no alert: with windows this short, a real process's allocator noise can start one. Only a
        // firing alert (its `for` passed) or a notification would be a false alarm.
        const firingForHealthy = new Set<string>();
        const pendingForHealthy = new Set<string>();
        const delivered = (receiver: string, alertname: string): boolean =>
          hook.received.some((n) => n.receiver === receiver && n.alerts.some((a) => a.labels.alertname === alertname && a.labels.instance === leaking.target));
        const due = (): Array<[string, string]> => {
          // Alerts fired for the leak and not inhibited by a more severe one that was already firing.
          const names = [...new Set([...nearLimit.map((a) => a.name), ...firstFiring.keys()])];
          return names.flatMap((name) => {
            const at = firstFiring.get(name) ?? Infinity;
            const tier = tierOf.get(name) as string;
            const inhibited = [...firstFiring].some(([other, t]) => (rank.get(tierOf.get(other) as never) ?? 9) < (rank.get(tier as never) ?? 9) && t < at + INHIBITION_MARGIN_MS);
            return inhibited && !nearLimit.some((a) => a.name === name) ? [] : (receiversOf.get(tier as never) ?? []).map((r) => [r, name] as [string, string]);
          });
        };
        while (Date.now() - started < DEADLINE_MS) {
          await sleep(1000);
          for (const p of [prometheus, alertmanager]) if (p.child.exitCode !== null) throw new Error(`a server exited:\n${p.log()}`);
          const body = await httpText(`http://${HOST}:${promPort}/api/v1/alerts`).catch(() => undefined);
          if (!body || body.status !== 200) continue;
          for (const a of (JSON.parse(body.body) as { data: { alerts: PromAlert[] } }).data.alerts) {
            if (a.labels.instance === healthy.target) (a.state === 'firing' ? firingForHealthy : pendingForHealthy).add(a.labels.alertname as string);
            if (a.labels.instance === leaking.target && a.state === 'firing' && !firstFiring.has(a.labels.alertname as string)) {
              firstFiring.set(a.labels.alertname as string, Date.now());
            }
          }
          if (due().every(([r, name]) => delivered(r, name)) && nearLimit.every((a) => firstFiring.has(a.name))) break;
        }
        const elapsed = ((Date.now() - started) / 1000).toFixed(0);
        await leak.stop();
        const summary = [...firstFiring].map(([name, t]) => `${name} (${tierOf.get(name)}) firing at ${((t - started) / 1000).toFixed(0)} s`).join(', ');
        console.log(`e2e: after ${elapsed} s: ${summary}; notifications: ${hook.received.map((n) => `${n.receiver}<-${n.alerts.map((a) => a.labels.alertname).join('+')}`).join(', ')}; pending, never firing, for the healthy instance: ${[...pendingForHealthy].join(', ') || 'none'} (its RSS moved ${((await rssOf(healthy)) - healthyRssAtStart) / MIB} MiB)`);

        const logs = `prometheus:\n${prometheus.log()}\nalertmanager:\n${alertmanager.log()}`;
        expect([...firstFiring.keys()], logs).toEqual(expect.arrayContaining(nearLimit.map((a) => a.name)));
        expect(due().filter(([r, name]) => !delivered(r, name)).map(([r, name]) => `${name} -> ${r}`), logs).toEqual([]);
        // Each notification holds only alerts of tiers routed to that receiver, and none of the healthy instance.
        for (const n of hook.received) {
          for (const a of n.alerts) {
            expect(receiversOf.get(tierOf.get(a.labels.alertname as string) as never), `${a.labels.alertname} at ${n.receiver}`).toContain(n.receiver);
            expect(a.labels.instance, `${a.labels.alertname} at ${n.receiver}`).toBe(leaking.target);
          }
        }
        expect([...firingForHealthy]).toEqual([]);
        // The healthy instance was scraped all along, by the same job, so its silence means something.
        const up = await httpText(`http://${HOST}:${promPort}/api/v1/query?query=${encodeURIComponent(`up{instance="${healthy.target}"}`)}`);
        expect((JSON.parse(up.body) as { data: { result: Array<{ value: [number, string] }> } }).data.result[0]?.value[1]).toBe('1');
        expect(healthyWork.failures() + leakingWork.failures() + leak.failures()).toBe(0);
      },
      DEADLINE_MS + 60_000,
    );
  },
);
