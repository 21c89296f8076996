// The ranges a config's numbers may take. Each is one Prometheus (or Alertmanager) accepts and one that keeps
// memgen's own work bounded: the generated tests and the diff's time-to-fire simulate series sample by
// sample, so an interval, window or `for` of years (`evaluationInterval: 292y`) must be refused here, with
// the range, rather than reach them. Documented in docs/config-limits.md; the schema applies them.
import { formatDuration, parseBytes, parseDuration } from '../dsl/units.js';

export interface DurationRange {
  /** Seconds. */
  min: number;
  max: number;
  why: string;
}

const s = 1;
const m = 60;
const h = 3600;
const d = 86_400;

export const DURATION_LIMITS = {
  scrapeInterval: { min: 1 * s, max: 1 * h, why: 'a scrape interval' },
  evaluationInterval: { min: 1 * s, max: 1 * h, why: 'a rule evaluation interval' },
  for: { min: 0, max: 7 * d, why: "an alert's for" },
  window: { min: 1 * s, max: 7 * d, why: 'a range window' },
  horizon: { min: 1 * m, max: 30 * d, why: 'a forecast horizon' },
  groupWait: { min: 0, max: 1 * h, why: "Alertmanager's group_wait" },
  groupInterval: { min: 1 * s, max: 1 * d, why: "Alertmanager's group_interval" },
  repeatInterval: { min: 1 * m, max: 30 * d, why: "Alertmanager's repeat_interval" },
} satisfies Record<string, DurationRange>;

export type DurationKind = keyof typeof DURATION_LIMITS;

/** Byte sizes (memoryLimit): from a tiny container to far beyond any machine, and exact in a float64. */
export const BYTE_LIMITS = { min: 1024, max: 2 ** 60 };

/** How many of each a config may list: far beyond real fleets, small enough that a build stays seconds. */
export const COUNT_LIMITS = {
  services: 2000,
  alerts: 500,
  targets: 1000,
  panels: 200,
  panelTargets: 20,
  buckets: 200,
  labels: 64,
  receivers: 100,
  matchers: 50,
  debugEndpoints: 50,
};

/** Text fields: a summary or label value longer than this is a mistake, and would bloat every output. */
export const TEXT_MAX_LENGTH = 4096;
/** Names (services, alerts, metrics, label names, jobs). */
export const NAME_MAX_LENGTH = 200;

export function formatRange(r: DurationRange): string {
  return `${formatDuration(r.min)} to ${formatDuration(r.max)}`;
}

/** Undefined when `text` is a duration inside the range (or not a duration at all: the pattern says so). */
export function durationProblem(text: string, kind: DurationKind): string | undefined {
  let seconds: number;
  try {
    seconds = parseDuration(text);
  } catch {
    return undefined;
  }
  const r = DURATION_LIMITS[kind];
  if (seconds >= r.min && seconds <= r.max) return undefined;
  return `'${text}' is out of range: ${r.why} must be from ${formatRange(r)}`;
}

export function byteSizeProblem(text: string): string | undefined {
  let bytes: number;
  try {
    bytes = parseBytes(text).value;
  } catch {
    return undefined;
  }
  if (bytes >= BYTE_LIMITS.min && bytes <= BYTE_LIMITS.max) return undefined;
  return `'${text}' is out of range: a memory limit must be from 1KiB to 1EiB`;
}
