// Traces recorded from a real FastAPI service (integrations/fastapi under uvicorn, scripts/record-traces.py):
// transient work, a lazily filled cache and a real leak, sampled once a second. They are replayed at the time
// scale their sidecar gives (8: a recorded second stands for 8 s), RSS unchanged. A healthy trace is
// continued by repeating its last quarter, so the alerts are judged for hours after it settles; the leak by
// repeating the increments of its second half until it reaches the limit. The process started with the
// recording, so every trace is a fresh process (start time 0).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Shape, ShapeContext, ShapeRun } from './types.js';

interface Trace {
  name: string;
  description: string;
  timeScale: number;
  rss: number[];
}

const HEALTHY_DURATION = 6 * 3600;

/** The folder of recorded traces: shapes/recorded at the package root, found upwards from this module. */
function tracesDir(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'shapes', 'recorded');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

function readTrace(dir: string, sidecar: string): Trace {
  const meta = JSON.parse(readFileSync(path.join(dir, sidecar), 'utf8')) as { name: string; description: string; csv: string; replay: { time_scale: number } };
  const lines = readFileSync(path.join(dir, meta.csv), 'utf8').trim().split('\n').slice(1);
  const rss = lines.map((l) => Number(l.split(',')[1]));
  return { name: meta.name, description: meta.description, timeScale: meta.replay.time_scale, rss };
}

/** Replayed RSS at t seconds: the recording at t / scale, linearly between its 1 s samples, continued by `extend`. */
function replay(trace: Trace, extend: (i: number) => number): (t: number) => number {
  return (t) => {
    const x = t / trace.timeScale;
    const i = Math.floor(x);
    const a = i < trace.rss.length ? (trace.rss[i] as number) : extend(i);
    const b = i + 1 < trace.rss.length ? (trace.rss[i + 1] as number) : extend(i + 1);
    return a + (b - a) * (x - i);
  };
}

function healthyShape(trace: Trace): Shape {
  const n = trace.rss.length;
  const tail = Math.floor(n / 4);
  // The settled last quarter, repeated.
  const extend = (i: number): number => trace.rss[n - tail + ((i - n) % tail)] as number;
  return {
    id: `recorded/${trace.name.replace(/^fastapi-/, '')}`,
    title: `recorded: ${trace.description.split('.')[0]?.toLowerCase()} (real FastAPI service, time x${trace.timeScale})`,
    healthy: true,
    generate: () => ({ lives: [{ replica: 'a', from: 0, to: HEALTHY_DURATION, startTime: 0, restarts: 0, rss: replay(trace, extend) }], duration: HEALTHY_DURATION, noise: 0 }),
  };
}

function leakShape(trace: Trace): Shape {
  const n = trace.rss.length;
  const half = Math.floor(n / 2);
  const rise = (trace.rss[n - 1] as number) - (trace.rss[n - half - 1] as number);
  // The second half's increments, repeated: cycle k adds k times the half's rise.
  const extend = (i: number): number => {
    const k = Math.floor((i - n) / half) + 1;
    const j = n - half - 1 + ((i - n) % half) + 1;
    return (trace.rss[j] as number) + k * rise;
  };
  return {
    id: 'recorded/leak',
    title: `recorded: ${trace.description.split('.')[0]?.toLowerCase()} (real FastAPI service, time x${trace.timeScale})`,
    healthy: false,
    note: 'the recorded process leaks from its start, so the warm-up grace applies (as for leak/from-start)',
    generate: (ctx: ShapeContext): ShapeRun => {
      const rss = replay(trace, extend);
      let limitAt = 0;
      while (rss(limitAt) < ctx.memoryLimit && limitAt < 14 * 24 * 3600) limitAt += ctx.scrapeInterval;
      const perMinute = (rise / half / trace.timeScale) * 60;
      return { lives: [{ replica: 'a', from: 0, to: limitAt, startTime: 0, restarts: 0, rss }], duration: limitAt, leakStart: 0, limitAt, leakRate: perMinute, noise: 0 };
    },
  };
}

/** The recorded shapes; none when the traces are not shipped beside the code. */
export function recordedShapes(): Shape[] {
  const dir = tracesDir();
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readTrace(dir, f))
    .map((trace) => (/leak/.test(trace.name) ? leakShape(trace) : healthyShape(trace)));
}
