// The catalog of memory shapes alerts are judged on: how the RSS of a real process moves when it is healthy
// (warm-ups, caches, bursts, batch jobs, restarts, GC) and when it leaks. Each shape is a generator,
// parametrised by the memory limit and the scrape interval, of one or more process lives (a restart starts a
// new life; on a new pod, a new series). Levels are fractions of the limit, so a shape means the same for a
// 512 MiB and a 4 GiB process; leak rates the issue states in MiB/min stay absolute. A leak shape ends when
// RSS reaches the limit: there the process would be killed. Recorded traces of a real service join these in
// src/shapes/recorded.ts.
import { recordedShapes } from './recorded.js';
import { MIB, type Shape, type ShapeContext, type ShapeRun } from './types.js';

const HOUR = 3600;
const MINUTE = 60;

/** A linear move from `from` to `to` between `start` and `start + duration` (seconds), flat either side. */
function ramp(t: number, start: number, duration: number, from: number, to: number): number {
  if (t <= start) return from;
  if (t >= start + duration) return to;
  return from + ((to - from) * (t - start)) / duration;
}

/** A new process: 60% of its working size at start, all of it two minutes later. */
function started(t: number, size: number): number {
  return ramp(t, 0, 2 * MINUTE, 0.6 * size, size);
}

/** The GC sawtooth: memory climbs by `amplitude` over `period`, then the collector gives it back. */
function sawtooth(t: number, amplitude: number, period = 5 * MINUTE): number {
  return amplitude * ((t % period) / period);
}

function one(rss: (t: number) => number, duration: number, noise = 0): ShapeRun {
  return { lives: [{ replica: 'a', from: 0, to: duration, startTime: 0, restarts: 0, rss }], duration, noise };
}

/** A leak of `perSecond` bytes from `leakStart` on top of `healthy`, ending when it reaches the limit. */
function leak(ctx: ShapeContext, healthy: (t: number) => number, leakStart: number, perSecond: (t: number) => number, noise = 0): ShapeRun {
  const rss = (t: number): number => healthy(t) + (t > leakStart ? perSecond(t) : 0);
  let limitAt = leakStart;
  // The first scrape at which RSS would be at the limit; the shape stops one scrape before it.
  const cap = 14 * 24 * HOUR;
  while (rss(limitAt) < ctx.memoryLimit && limitAt < cap) limitAt += ctx.scrapeInterval;
  const run = one(rss, limitAt, noise);
  return { ...run, leakStart, limitAt };
}

function linear(ratePerMinute: number, leakStart: number): (t: number) => number {
  return (t) => ((t - leakStart) * ratePerMinute) / MINUTE;
}

const base = (ctx: ShapeContext): number => 0.3 * ctx.memoryLimit;

export const SYNTHETIC_SHAPES: Shape[] = [
  {
    id: 'healthy/flat',
    title: 'flat with noise',
    healthy: true,
    generate: (ctx) => one((t) => started(t, base(ctx)), 6 * HOUR, 0.003 * ctx.memoryLimit),
  },
  {
    id: 'healthy/gc-sawtooth',
    title: 'GC sawtooth: +4% of the limit every 5 minutes, collected',
    healthy: true,
    generate: (ctx) => one((t) => started(t, base(ctx)) + sawtooth(t, 0.04 * ctx.memoryLimit), 6 * HOUR),
  },
  {
    id: 'healthy/warmup-fast',
    title: 'a new process warms up by 30% of the limit in 3 minutes, then stays flat',
    healthy: true,
    generate: (ctx) => one((t) => ramp(t, 0, 3 * MINUTE, 0.1 * ctx.memoryLimit, base(ctx) + 0.3 * ctx.memoryLimit), 6 * HOUR),
  },
  {
    id: 'healthy/warmup-cache',
    title: 'a cache filled lazily after start: +25% of the limit, 95% of it within 45 minutes',
    healthy: true,
    generate: (ctx) => one((t) => started(t, base(ctx)) + 0.25 * ctx.memoryLimit * (1 - Math.exp(-t / (15 * MINUTE))), 6 * HOUR),
  },
  {
    id: 'healthy/restart',
    title: 'a restart after 3 hours on the same instance, then a fast warm-up',
    healthy: true,
    generate: (ctx) => restart(ctx, 'a'),
  },
  {
    id: 'healthy/new-pod',
    title: 'a restart after 3 hours as a new pod (new series), then a fast warm-up',
    healthy: true,
    generate: (ctx) => restart(ctx, 'b'),
  },
  {
    id: 'healthy/burst',
    title: 'a traffic burst after 3 hours: +30% of the limit for 20 minutes, released',
    healthy: true,
    generate: (ctx) =>
      one((t) => started(t, base(ctx)) + ramp(t, 3 * HOUR, 2 * MINUTE, 0, 0.3 * ctx.memoryLimit) - ramp(t, 3 * HOUR + 22 * MINUTE, 2 * MINUTE, 0, 0.3 * ctx.memoryLimit), 6 * HOUR),
  },
  {
    id: 'healthy/step',
    title: 'a one-off step after 3 hours that stays: a cache reaching its size, +20% of the limit',
    healthy: true,
    generate: (ctx) => one((t) => started(t, base(ctx)) + ramp(t, 3 * HOUR, 2 * MINUTE, 0, 0.2 * ctx.memoryLimit), 7 * HOUR),
  },
  {
    id: 'healthy/batch-job',
    title: 'an hourly batch job: +35% of the limit in 3 minutes, held 10 minutes, released',
    healthy: true,
    generate: (ctx) =>
      one((t) => {
        const inHour = t % HOUR;
        const batch = t < HOUR ? 0 : ramp(inHour, 0, 3 * MINUTE, 0, 0.35 * ctx.memoryLimit) - ramp(inHour, 13 * MINUTE, MINUTE, 0, 0.35 * ctx.memoryLimit);
        return started(t, base(ctx)) + batch;
      }, 7 * HOUR),
  },
  {
    id: 'healthy/high-stable',
    title: 'a process sitting high but stable at 82% of the limit',
    healthy: true,
    generate: (ctx) => one((t) => started(t, 0.82 * ctx.memoryLimit), 6 * HOUR, 0.002 * ctx.memoryLimit),
  },
  {
    id: 'leak/fast',
    title: 'a fast leak: 10 MiB/min from 2 hours after start',
    healthy: false,
    generate: (ctx) => ({ ...leak(ctx, (t) => started(t, base(ctx)), 2 * HOUR, linear(10 * MIB, 2 * HOUR)), leakRate: 10 * MIB }),
  },
  {
    id: 'leak/8mib',
    title: 'a leak of 8 MiB/min from 2 hours after start',
    healthy: false,
    generate: (ctx) => ({ ...leak(ctx, (t) => started(t, base(ctx)), 2 * HOUR, linear(8 * MIB, 2 * HOUR)), leakRate: 8 * MIB }),
  },
  {
    id: 'leak/medium',
    title: 'a medium leak with noise: 2 MiB/min from 2 hours after start',
    healthy: false,
    generate: (ctx) => ({ ...leak(ctx, (t) => started(t, base(ctx)), 2 * HOUR, linear(2 * MIB, 2 * HOUR), 0.003 * ctx.memoryLimit), leakRate: 2 * MIB }),
  },
  {
    id: 'leak/slow',
    title: 'a slow leak with noise that reaches the limit 8 hours after it starts',
    healthy: false,
    generate: (ctx) => {
      const perMinute = (0.7 * ctx.memoryLimit) / (8 * 60);
      return { ...leak(ctx, (t) => started(t, base(ctx)), 2 * HOUR, linear(perMinute, 2 * HOUR), 0.003 * ctx.memoryLimit), leakRate: perMinute };
    },
  },
  {
    id: 'leak/staircase',
    title: 'a leak in steps: +4% of the limit every 20 minutes',
    healthy: false,
    generate: (ctx) =>
      leak(ctx, (t) => started(t, base(ctx)), 2 * HOUR, (t) => {
        const steps = Math.floor((t - 2 * HOUR) / (20 * MINUTE));
        return 0.04 * ctx.memoryLimit * (steps + ramp((t - 2 * HOUR) % (20 * MINUTE), 0, MINUTE, 0, 1));
      }),
  },
  {
    id: 'leak/sawtooth',
    title: 'a leak under the GC sawtooth: the floor climbs, reaching the limit 6 hours after it starts',
    healthy: false,
    generate: (ctx) => {
      const perMinute = (0.7 * ctx.memoryLimit) / (6 * 60);
      return { ...leak(ctx, (t) => started(t, base(ctx)) + sawtooth(t, 0.04 * ctx.memoryLimit), 2 * HOUR, linear(perMinute, 2 * HOUR)), leakRate: perMinute };
    },
  },
  {
    id: 'leak/late',
    title: 'a leak of 3 MiB/min that starts 5 hours after a healthy start',
    healthy: false,
    generate: (ctx) => ({ ...leak(ctx, (t) => started(t, base(ctx)), 5 * HOUR, linear(3 * MIB, 5 * HOUR)), leakRate: 3 * MIB }),
  },
  {
    id: 'leak/from-start',
    title: 'a deploy that leaks from its start: 3 MiB/min',
    healthy: false,
    note: 'inside the warm-up grace a leak looks like a cache filling; it is caught at the end of the grace, or by CriticalMemoryUsage',
    generate: (ctx) => ({ ...leak(ctx, (t) => started(t, base(ctx)), 2 * MINUTE, linear(3 * MIB, 2 * MINUTE)), leakRate: 3 * MIB }),
  },
];

function restart(ctx: ShapeContext, replica: 'a' | 'b'): ShapeRun {
  const at = 3 * HOUR;
  const size = base(ctx) + 0.2 * ctx.memoryLimit;
  const duration = 7 * HOUR;
  return {
    duration,
    noise: 0,
    lives: [
      { replica: 'a', from: 0, to: at, startTime: 0, restarts: 0, rss: (t) => started(t, size) },
      // The same pod's container restarts (counter +1); a new pod starts its own count at 0.
      { replica, from: at, to: duration, startTime: at, restarts: replica === 'a' ? 1 : 0, rss: (t) => ramp(t, at, 3 * MINUTE, 0.1 * ctx.memoryLimit, size) },
    ],
  };
}

let all: Shape[] | undefined;

/** Every shape, synthetic then recorded. */
export function shapeCatalog(): Shape[] {
  all ??= [...SYNTHETIC_SHAPES, ...recordedShapes()];
  return all;
}
