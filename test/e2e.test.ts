// End to end: the real Prometheus server (Debian's package) runs the prometheus.yml and alerts.yaml memgen
// generates, scraping two small exporters on loopback, one leaking and one healthy. Durations are scaled down
// through the preset's options so the leak's alerts fire within seconds. Everything listens on 127.0.0.1
// only; the server, the exporters and the temp folder are removed after the test, also when it fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fastapi } from '../presets/fastapi.js';
import { compile } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';
import { tempDir } from './helpers/memgen.js';
import { skipWithout } from './helpers/tools.js';

const HOST = '127.0.0.1';
const MIB = 1024 * 1024;
/** Polling gives up after this, well inside the test's own timeout. */
const DEADLINE_MS = 110_000;
const EXPECTED = ['RapidMemoryGrowth', 'CriticalMemoryUsage'];

interface ApiAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/** The preset's metrics in the text exposition format; RSS from `rss(seconds since start)`. */
function exporter(rss: (seconds: number) => number): Promise<{ server: Server; address: string }> {
  const started = Date.now();
  const server = createHttpServer((req, res) => {
    const s = (Date.now() - started) / 1000;
    const n = Math.floor(s * 10);
    const histogram = (name: string, labels: string, bounds: number[]): string =>
      [
        `# TYPE ${name} histogram`,
        ...bounds.map((le) => `${name}_bucket{${labels},le="${le}"} ${n}`),
        `${name}_bucket{${labels},le="+Inf"} ${n}`,
        `${name}_sum{${labels}} ${n}`,
        `${name}_count{${labels}} ${n}`,
      ].join('\n');
    const body = [
      '# TYPE process_rss_bytes gauge',
      `process_rss_bytes ${Math.round(rss(s))}`,
      histogram('gc_duration_ms', 'generation="0"', [1, 10, 100, 1000]),
      histogram('endpoint_memory_delta_bytes', 'endpoint="/items",method="GET"', [1024, 1048576, 10485760]),
      '# TYPE gc_collections_total counter',
      `gc_collections_total{generation="0"} ${n}`,
      '# TYPE python_objects_total gauge',
      'python_objects_total{type="dict"} 1000',
      '',
    ].join('\n');
    res.writeHead(req.url === '/metrics' ? 200 : 404, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(req.url === '/metrics' ? body : '');
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve({ server, address: `${HOST}:${(server.address() as { port: number }).port}` })));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe.skipIf(skipWithout('prometheus'))('end to end with the real Prometheus', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(
    'fires RapidMemoryGrowth and CriticalMemoryUsage for a leaking exporter and nothing for a healthy one',
    async () => {
      const started = Date.now();
      const dir = tempDir('memgen-e2e-');
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

      // Leaking: 500 MiB growing 20 MiB/s, over the 900 MiB limit after 20 s. Healthy: a flat 300 MiB.
      const leaking = await exporter((s) => 500 * MIB + 20 * MIB * s);
      const healthy = await exporter(() => 300 * MIB);
      for (const e of [leaking, healthy]) cleanups.push(() => new Promise<void>((r) => e.server.close(() => r())));

      const config = fastapi({
        scrapeInterval: '1s',
        evaluationInterval: '1s',
        targets: [leaking.address, healthy.address],
        alerts: { RapidMemoryGrowth: { window: '20s', for: '5s' }, CriticalMemoryUsage: { for: '5s' } },
      });
      // No Alertmanager: nothing leaves the machine.
      config.prometheus = { ...config.prometheus, alertmanagers: [] };
      const { files, problems } = compile({ config, source: 'e2e test', locate: () => ({ file: 'e2e test' }) });
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      writeOutput(dir, files);

      const port = await freePort();
      let log = '';
      const server = spawn(
        'prometheus',
        [
          `--config.file=${path.join(dir, 'prometheus/prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(dir, 'data')}`,
          `--web.listen-address=${HOST}:${port}`,
          '--log.level=warn',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      server.stderr?.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
      });
      cleanups.push(() => stop(server));

      const base = `http://${HOST}:${port}`;
      const seenForHealthy = new Set<string>();
      let firing: string[] = [];
      while (Date.now() - started < DEADLINE_MS) {
        await sleep(1000);
        if (server.exitCode !== null) throw new Error(`prometheus exited with ${server.exitCode}:\n${log}`);
        const body = await getJson<{ data: { alerts: ApiAlert[] } }>(`${base}/api/v1/alerts`);
        if (!body) continue;
        const alerts = body.data.alerts;
        for (const a of alerts.filter((x) => x.labels.instance === healthy.address)) seenForHealthy.add(`${a.labels.alertname} (${a.state})`);
        firing = alerts.filter((a) => a.labels.instance === leaking.address && a.state === 'firing').map((a) => a.labels.alertname as string);
        if (EXPECTED.every((name) => firing.includes(name))) break;
      }
      console.log(`e2e: ${EXPECTED.join(' and ')} firing after ${((Date.now() - started) / 1000).toFixed(1)} s of wall time`);
      expect(firing, `prometheus log:\n${log}`).toEqual(expect.arrayContaining(EXPECTED));
      expect([...seenForHealthy]).toEqual([]);
      // The healthy target was scraped all along, so its silence means something.
      const up = await getJson<{ data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }>(
        `${base}/api/v1/query?query=${encodeURIComponent('process_rss_bytes')}`,
      );
      expect(up?.data.result.find((r) => r.metric.instance === healthy.address)?.value[1]).toBe(String(300 * MIB));
    },
    150_000,
  );
});
