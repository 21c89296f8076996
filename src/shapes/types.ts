// What a memory shape is: a generator of process lives, parametrised by the limit and the scrape interval.
// The synthetic catalog (catalog.ts) and the recorded traces (recorded.ts) both produce it.
export const MIB = 1024 * 1024;

export interface ShapeContext {
  /** Bytes. */
  memoryLimit: number;
  /** Seconds between samples. */
  scrapeInterval: number;
}

/** One run of the process: its own start time, and on Kubernetes its pod. */
export interface Life {
  /** 'a' is the first process; 'b' a replacement on a new pod (a new series). */
  replica: 'a' | 'b';
  /** Seconds from the shape's start; the life's samples are those in [from, to). */
  from: number;
  to: number;
  /** process_start_time_seconds, as seconds since the shape's start (may be negative). */
  startTime: number;
  /** Container restarts before this life (kube-state-metrics' counter). */
  restarts: number;
  /** RSS in bytes at t seconds from the shape's start. */
  rss(t: number): number;
}

export interface ShapeRun {
  lives: Life[];
  /** Seconds. */
  duration: number;
  /** Leaks: when the leak starts and when RSS would reach the limit (seconds). */
  leakStart?: number;
  limitAt?: number;
  /** Leaks: bytes per minute, when the leak grows at a steady rate. */
  leakRate?: number;
  /** Standard deviation of the sample noise, bytes. */
  noise: number;
}

export interface Shape {
  id: string;
  title: string;
  healthy: boolean;
  /** Where a leak shape's expectation differs from "a page in time" (see README, shape matrix). */
  note?: string;
  generate(ctx: ShapeContext): ShapeRun;
}
