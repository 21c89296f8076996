// The recorded traces in shapes/recorded are read by the shape catalog: their format must hold
// (1 s steps from 0, whole bytes, one process start), the sidecar must describe them, and each must still show
// the shape its name promises, so a bad re-recording is caught here rather than as a confusing alert result.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/memgen.js';

const DIR = path.join(ROOT, 'shapes/recorded');
const MIB = 1024 * 1024;

interface Trace {
  seconds: number[];
  rss: number[];
  start: number[];
}

function readTrace(name: string): Trace {
  const [header, ...lines] = readFileSync(path.join(DIR, `${name}.csv`), 'utf8').trimEnd().split('\n');
  expect(header).toBe('seconds,rss_bytes,process_start_time_seconds');
  const rows = lines.map((l) => l.split(',').map(Number));
  return { seconds: rows.map((r) => r[0] as number), rss: rows.map((r) => r[1] as number), start: rows.map((r) => r[2] as number) };
}

/** Median of RSS over [from, to) seconds: robust to the one-sample blips of a real process. */
const median = (t: Trace, from: number, to: number): number => {
  const values = t.rss.slice(from, to).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] as number;
};

const names = readdirSync(DIR).filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, '')).sort();

describe('recorded traces', () => {
  it('are the three scenarios', () => {
    expect(names).toEqual(['fastapi-cache-fill', 'fastapi-leak', 'fastapi-transient']);
  });

  it.each(names)('%s: 1 s steps from 0, whole bytes, one process start, and a sidecar that describes it', (name) => {
    const trace = readTrace(name);
    expect(trace.seconds).toEqual(trace.seconds.map((_, i) => i));
    expect(trace.rss.every((v) => Number.isInteger(v) && v > 10 * MIB)).toBe(true);
    expect(new Set(trace.start).size).toBe(1);
    const sidecar = JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as Record<string, any>;
    expect(sidecar.name).toBe(name);
    expect(sidecar.duration_seconds).toBe(trace.seconds.length - 1);
    expect(sidecar.replay.time_scale).toBeGreaterThan(0);
    expect(sidecar.command).toMatch(/scripts\/record-traces\.py/);
    expect(Object.keys(sidecar.versions)).toEqual(expect.arrayContaining(['python', 'fastapi', 'uvicorn', 'prometheus_client', 'psutil']));
    expect(sidecar.failed_requests).toBe(0);
  });

  it('fastapi-transient stays flat after its first minute', () => {
    const t = readTrace('fastapi-transient');
    const settled = median(t, 60, 120);
    expect(Math.abs(median(t, t.rss.length - 60, t.rss.length) - settled)).toBeLessThan(5 * MIB);
  });

  it('fastapi-cache-fill grows, slows, and holds its size', () => {
    const t = readTrace('fastapi-cache-fill');
    const firstMinute = median(t, 50, 70) - median(t, 0, 10);
    const lastMinutes = median(t, t.rss.length - 20, t.rss.length) - median(t, t.rss.length - 140, t.rss.length - 120);
    expect(median(t, t.rss.length - 60, t.rss.length) - t.rss[0]!).toBeGreaterThan(200 * MIB);
    expect(lastMinutes).toBeLessThan(firstMinute / 10);
  });

  it('fastapi-leak keeps growing at a steady rate to the end', () => {
    const t = readTrace('fastapi-leak');
    const perMinute = (from: number): number => (median(t, from + 50, from + 70) - median(t, from - 10, from + 10)) / MIB;
    const early = perMinute(60);
    const late = perMinute(t.rss.length - 80);
    expect(early).toBeGreaterThan(10);
    expect(late).toBeGreaterThan(early * 0.7);
  });
});
