// When an alert would have fired, from the times its expression returned each series: the rule manager's
// state machine (Prometheus rules/alerting.go, Eval) replayed at every evaluation of the range. Per series:
// a returned series that is inactive becomes pending with activeAt = t; pending fires once t - activeAt >= for;
// a series no longer returned resolves at once, unless it is firing and keep_firing_for is set, in which case
// it keeps firing until keep_firing_for has passed since the first evaluation that missed it (a return resets
// that clock). The state starts empty at the start of the range, as in a freshly started Prometheus without
// restored ALERTS_FOR_STATE, and as in `promtool test rules`.
import type { EvaluationRange, SeriesTimeline } from './range.js';

export interface Episode {
  /** Unix seconds: the evaluation at which it became firing. */
  start: number;
  /** The evaluation at which it resolved, or the end of the range when still firing there. */
  end: number;
  ongoing: boolean;
}

export interface SeriesEpisodes {
  labels: Record<string, string>;
  episodes: Episode[];
}

export interface AlertTiming {
  /** Seconds. */
  for: number;
  keepFiringFor: number;
}

// Integer milliseconds, so evaluation times and returned timestamps compare exactly.
const ms = (seconds: number) => Math.round(seconds * 1000);

export function episodesOf(line: SeriesTimeline, range: EvaluationRange, timing: AlertTiming): Episode[] {
  const returned = new Set(line.times.map(ms));
  const [start, end, step, holdMs, keepMs] = [ms(range.start), ms(range.end), ms(range.step), ms(timing.for), ms(timing.keepFiringFor)];
  const episodes: Episode[] = [];
  let state: 'inactive' | 'pending' | 'firing' = 'inactive';
  let activeAt = 0;
  let keepSince: number | undefined;
  let firedAt = 0;
  for (let t = start; t <= end; t += step) {
    if (returned.has(t)) {
      if (state === 'inactive') {
        state = 'pending';
        activeAt = t;
      }
      keepSince = undefined;
    } else {
      if (state === 'inactive') continue;
      let keepFiring = false;
      if (state === 'firing' && keepMs > 0) {
        keepSince ??= t;
        keepFiring = t - keepSince < keepMs;
      }
      if (!keepFiring) {
        if (state === 'firing') episodes.push({ start: firedAt / 1000, end: t / 1000, ongoing: false });
        state = 'inactive';
        keepSince = undefined;
        continue;
      }
    }
    if (state === 'pending' && t - activeAt >= holdMs) {
      state = 'firing';
      firedAt = t;
    }
  }
  if (state === 'firing') episodes.push({ start: firedAt / 1000, end: range.end, ongoing: true });
  return episodes;
}

export interface FiringSummary {
  /** Times it started firing. */
  fires: number;
  /** Seconds firing in all. */
  firingSeconds: number;
  longestSeconds: number;
  firstStart?: number;
  lastStart?: number;
}

export function summarise(episodes: readonly Episode[]): FiringSummary {
  const starts = episodes.map((e) => e.start);
  const lengths = episodes.map((e) => e.end - e.start);
  return {
    fires: episodes.length,
    firingSeconds: lengths.reduce((a, b) => a + b, 0),
    longestSeconds: lengths.reduce((a, b) => Math.max(a, b), 0),
    ...(starts.length ? { firstStart: Math.min(...starts), lastStart: Math.max(...starts) } : {}),
  };
}
