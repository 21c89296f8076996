// What a generated test scenario is, and the timing helpers every scenario generator shares: the per-alert
// scenarios (scenarios.ts) and the correlation alerts' chains (correlation.ts).
import type { Alert, Service } from '../model/types.js';
import type { InputSeries } from './signal.js';

export type Purpose = 'fires' | 'healthy' | 'safe' | 'spike' | 'restart' | 'warmup' | CorrelationPurpose;
/** Correlation alerts: a link of the chain missing, the links on different instances, the event out of the window. */
type CorrelationPurpose = 'link' | 'elsewhere' | 'window';

export interface Check {
  /** Evaluation time in ms. */
  at: number;
  firing: boolean;
  /** The expression's value when firing, for the annotation templates. */
  value?: number;
}

export interface Scenario {
  purpose: Purpose;
  /** What the scenario shows, for the test's name. */
  title: string;
  series: InputSeries[];
  checks: Check[];
}

export interface Timing {
  /** Sample spacing, evaluation interval, `for` and window, in ms. */
  sample: number;
  every: number;
  hold: number;
  window: number;
}

export interface ScenarioOptions {
  evaluationInterval: number;
  /** True when a firing value would render differently if it moved by a rounding error. */
  fragileValue?: (alert: Alert, value: number) => boolean;
}

/** Strengths tried in turn for a leak, as a fraction of the threshold beyond it. */
export const LEAK_STRENGTHS = [0.5, 0.55, 0.6, 0.7, 0.8, 0.9];

export function instanceOf(service: Service): string {
  return service.targets[0] ?? `localhost:${service.port}`;
}

/** The first evaluation at or after `ms`. */
export function evaluationAtOrAfter(ms: number, t: Timing): number {
  return Math.ceil(ms / t.every) * t.every;
}
