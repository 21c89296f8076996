// What the online checks know about a live server, gathered before linting (src/live/lint-facts.ts asks the
// server), so the checks themselves stay synchronous and pure like every other check.

export type MetricPresence =
  /** Series in the last hour. */
  | { state: 'present' }
  /** Known to the server (in its index), but no series lately; lastSeen: unix seconds, if within the lookback. */
  | { state: 'gone'; lastSeen?: number }
  | { state: 'never' };

export interface LiveFacts {
  /** The server as it may be shown (no credentials). */
  server: string;
  /** Unix seconds the facts were taken at. */
  now: number;
  /** Seconds searched back for a metric that disappeared. */
  lookback: number;
  /** Per metric name a rule reads. */
  metrics: ReadonlyMap<string, MetricPresence>;
  /** Every metric name the server knows, for suggestions. */
  names: readonly string[];
  /** Per metric and label: the values its series carry in the last hour ('' = series without the label). */
  labelValues: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
  /** Per alerting rule (`group\0alert`): how often it would have fired over `alertRange` seconds. */
  alertFires: ReadonlyMap<string, { fires: number; firingSeconds: number }>;
  alertRange: number;
  /** alerts/count warns above this many firings. */
  alertsCountMax: number;
}

export const alertKey = (group: string, alert: string) => `${group}\0${alert}`;
