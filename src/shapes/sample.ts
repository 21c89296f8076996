// A shape sampled at the scrape interval, as the series a service would expose: RSS and
// process_start_time_seconds per job and instance, and on Kubernetes cAdvisor's working set (the same values)
// with kube-state-metrics' memory limit and restart counter, per pod. Noise is seeded by the shape's id, so a
// shape is the same numbers on every run; values are whole 4 KiB pages, as RSS is.
import type { Life, Shape, ShapeContext, ShapeRun } from './types.js';

const PAGE = 4096;

export interface SampledLife {
  life: Life;
  /** Index of the life's first sample (sample i is at i * scrapeInterval). */
  first: number;
  /** RSS per sample, bytes. */
  rss: number[];
}

export interface SampledShape {
  shape: Shape;
  run: ShapeRun;
  ctx: ShapeContext;
  /** Samples in the whole shape. */
  samples: number;
  lives: SampledLife[];
}

/** mulberry32: a small seeded generator, enough for reproducible noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function sampleShape(shape: Shape, ctx: ShapeContext): SampledShape {
  const run = shape.generate(ctx);
  const step = ctx.scrapeInterval;
  const samples = Math.ceil(run.duration / step);
  const next = random(seedOf(shape.id));
  // Box-Muller: a normal deviate per sample.
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const lives = run.lives.map((life) => {
    const first = Math.ceil(life.from / step);
    const last = Math.min(samples, Math.ceil(life.to / step));
    const rss: number[] = [];
    for (let i = first; i < last; i++) {
      const noisy = life.rss(i * step) + (run.noise > 0 ? gauss() * run.noise : 0);
      rss.push(Math.max(PAGE, Math.round(noisy / PAGE) * PAGE));
    }
    return { life, first, rss };
  });
  return { shape, run, ctx, samples, lives };
}
