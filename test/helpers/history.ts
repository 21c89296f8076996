// Days of memory history for the live tests: a leaking and a healthy instance of one service, written as
// OpenMetrics, backfilled into a TSDB with `promtool tsdb create-blocks-from openmetrics`, and served by the
// real `prometheus` on a free loopback port. The same samples are available as promtool unit-test input, so
// the rule manager's own evaluation (promtool test rules) can judge what memgen reads back over the API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const HOST = '127.0.0.1';
const MIB = 1024 * 1024;
export const STEP = 60;

export interface Series {
  name: string;
  labels: Record<string, string>;
  /** One sample a minute from the start; undefined: no sample. */
  values: Array<number | undefined>;
}

// A small deterministic generator, so every run has the same history.
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

const GC_BUCKETS = ['10', '50', '100', '250', '500', '1000', '2500', '+Inf'];

/**
 * `minutes` samples a minute per series. leaky: RSS grows 2 MiB/min from 300 MiB and restarts every 6 hours;
 * steady: flat near 300 MiB with a GC sawtooth and, every 173 minutes, a spike to 960 MiB of 1 to 4 minutes
 * (the edge cases of `for: 2m`). GC pauses slow down when the leaky instance is above 800 MiB. A legacy metric
 * stops after the first day.
 */
export function memoryHistory(minutes: number): Series[] {
  const jitter = noise(7);
  const leaky: number[] = [];
  const steady: number[] = [];
  for (let i = 0; i < minutes; i++) {
    leaky.push(Math.round(300 * MIB + 2 * MIB * (i % 360) + jitter() * MIB));
    const k = Math.floor(i / 173);
    const spiking = i % 173 < 1 + (k % 4) && i >= 173;
    steady.push(spiking ? 960 * MIB : Math.round(300 * MIB + 20 * MIB * ((i % 7) / 7) + jitter() * MIB));
  }
  const job = 'shop';
  const rss = (instance: string, values: number[]): Series => ({ name: 'process_resident_memory_bytes', labels: { job, instance }, values });
  const gc = (instance: string, slow: (i: number) => boolean): Series[] => {
    const counts = GC_BUCKETS.map(() => 0);
    const series = GC_BUCKETS.map((le) => ({ name: 'gc_duration_ms_bucket', labels: { job, instance, le }, values: [] as number[] }));
    for (let i = 0; i < minutes; i++) {
      // 60 pauses a minute: 40 ms each, or 30 of them at 700 ms when slow.
      const fast = slow(i) ? 30 : 60;
      GC_BUCKETS.forEach((le, b) => {
        counts[b] = (counts[b] as number) + (Number(le) >= 50 || le === '+Inf' ? fast : 0) + (Number(le) >= 1000 || le === '+Inf' ? 60 - fast : 0);
        (series[b] as Series).values.push(counts[b]);
      });
    }
    return series;
  };
  return [
    rss('leaky:8001', leaky),
    rss('steady:8001', steady),
    ...gc('leaky:8001', (i) => (leaky[i] as number) > 800 * MIB),
    ...gc('steady:8001', () => false),
    { name: 'legacy_rss_bytes', labels: { job, instance: 'steady:8001' }, values: steady.map((v, i) => (i < 1440 ? v : undefined)) },
  ];
}

const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');

export function openMetrics(series: readonly Series[], start: number): string {
  const out: string[] = [];
  const families = [...new Set(series.map((s) => s.name))];
  for (const family of families) {
    // Bucket series are counters with le labels; 'unknown' takes any name, which is all PromQL needs.
    out.push(`# TYPE ${family} ${family.endsWith('_bucket') ? 'unknown' : 'gauge'}`);
    for (const s of series.filter((x) => x.name === family)) {
      s.values.forEach((v, i) => {
        if (v !== undefined) out.push(`${family}{${labelText(s.labels)}} ${v} ${start + i * STEP}`);
      });
    }
  }
  return `${out.join('\n')}\n# EOF\n`;
}

/** promtool unit-test input of the same samples, from time 0 (an absent sample is `_`). */
export function promtoolInput(series: readonly Series[], minutes: number): Array<{ series: string; values: string }> {
  return series.map((s) => ({ series: `${s.name}{${labelText(s.labels)}}`, values: s.values.slice(0, minutes).map((v) => (v === undefined ? '_' : String(v))).join(' ') }));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.on('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  dir: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** Backfills `series` from `start` (unix seconds) and serves them; `config` is the prometheus.yml to run with. */
export async function backfilledPrometheus(series: readonly Series[], start: number, config: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'memgen-live-'));
  const om = path.join(dir, 'history.om');
  writeFileSync(om, openMetrics(series, start));
  const data = path.join(dir, 'data');
  const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, data], { encoding: 'utf8' });
  if (backfill.status !== 0) throw new Error(`promtool backfill failed: ${backfill.stderr}`);
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  let log = '';
  const server: ChildProcess = spawn('prometheus', [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${data}`, `--web.listen-address=${HOST}:${port}`,
    '--storage.tsdb.retention.time=30d', '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const url = `http://${HOST}:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${server.exitCode}:\n${log}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i > 150) {
      await stop();
      throw new Error(`prometheus not ready after 30s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, dir, log: () => log, stop };
}
