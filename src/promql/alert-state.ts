// The `for` clause of an alerting rule, as Prometheus's rules/alerting.go applies it at each evaluation of the
// rule group (from 0, every evaluation interval): a series the expression returns is pending from the first
// evaluation that returns it and firing once it has been active for `for` (t - activeAt >= for); a series the
// expression stops returning resolves, and starts over when it returns. `memgen diff` (first firing time over
// labelled series) and the generated unit tests (one series' timeline) both step alerts through this.

export type AlertState = 'inactive' | 'pending' | 'firing';

/** Evaluation times (ms) of a rule group that evaluates every `everyMs` from 0, up to `untilMs` inclusive. */
export function evaluationTimes(everyMs: number, untilMs: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= untilMs; t += everyMs) times.push(t);
  return times;
}

/** When each of an alert's series became active, across successive evaluations. */
export class ActiveSeries {
  private readonly activeAt = new Map<string, number>();
  private readonly forMs: number;

  constructor(forMs: number) {
    this.forMs = forMs;
  }

  /** Records the evaluation at t, at which the expression returned the series `keys`; returns each one's state. */
  evaluate(t: number, keys: Iterable<string>): Map<string, 'pending' | 'firing'> {
    const states = new Map<string, 'pending' | 'firing'>();
    for (const key of keys) {
      const since = this.activeAt.get(key) ?? t;
      states.set(key, t - since >= this.forMs ? 'firing' : 'pending');
    }
    for (const key of [...this.activeAt.keys()]) if (!states.has(key)) this.activeAt.delete(key);
    for (const key of states.keys()) if (!this.activeAt.has(key)) this.activeAt.set(key, t);
    return states;
  }
}

export interface Step {
  t: number;
  value: number | undefined;
  state: AlertState;
}

/** One series' alert state at each evaluation up to `untilMs`, with the expression's value before the comparison
 * (undefined when empty); NaN never satisfies the comparison. */
export function alertTimeline(valueAt: (t: number) => number | undefined, holds: (v: number) => boolean, everyMs: number, untilMs: number, forMs: number): Step[] {
  const series = new ActiveSeries(forMs);
  return evaluationTimes(everyMs, untilMs).map((t) => {
    const value = valueAt(t);
    const active = value !== undefined && !Number.isNaN(value) && holds(value);
    return { t, value, state: series.evaluate(t, active ? [''] : []).get('') ?? 'inactive' };
  });
}
