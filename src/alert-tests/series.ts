// Input series of a promtool unit test, kept as runs of a linear sequence so they print in promtool's
// expanding notation ('a+bxN' is the N+1 values a, a+b, ..., a+N·b) and expand to the very numbers promtool
// reads, accumulated the way its parser does.

export interface Run {
  start: number;
  step: number;
  /** Values after the first: the run holds times + 1 values. */
  times: number;
}

export type Runs = Run[];

/** `count` samples of a line starting at `start`. */
export function line(start: number, step: number, count: number): Run {
  if (count < 1) throw new Error('a run needs at least one sample');
  return { start, step, times: count - 1 };
}

/** Appends a run that continues from the last value of `runs` by `step` per sample. */
export function continueLine(runs: Runs, step: number, count: number): Runs {
  return [...runs, line(lastValue(runs) + step, step, count)];
}

export function lastValue(runs: Runs): number {
  const values = expandRuns(runs);
  return values[values.length - 1] as number;
}

/** The sample values promtool reads, in order. promtool accumulates a run by repeated addition. */
export function expandRuns(runs: Runs): number[] {
  const values: number[] = [];
  for (const r of runs) {
    let v = r.start;
    for (let i = 0; i <= r.times; i++) {
      values.push(v);
      v += r.step;
    }
  }
  return values;
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} into a test series`);
  return String(n);
}

/** promtool's expanding notation, e.g. '471859200+0x3 1415577600+0x12'. */
export function formatRuns(runs: Runs): string {
  return runs
    .map((r) => {
      if (r.times === 0) return num(r.start);
      const step = r.step < 0 ? `-${num(-r.step)}` : `+${num(r.step)}`;
      return `${num(r.start)}${step}x${r.times}`;
    })
    .join(' ');
}

/** A step per sample that prints short: whole numbers for large magnitudes. */
export function roundStep(step: number): number {
  if (Math.abs(step) >= 100) return Math.round(step);
  return Number(step.toPrecision(6));
}
