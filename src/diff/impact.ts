// Operational impact of an alert: how long after a standard incident starts it fires. Two families of
// profiles, each a synthetic series sampled at the scrape interval and evaluated with evaluate.ts:
//   - RSS alerts (value, delta and deriv on a bytes gauge): memory flat at a healthy baseline, then growing
//     linearly at 1, 5 and 20 MiB/min, and for a diff of a growth threshold at a rate between the old and the
//     new one (where the verdict changes). The baseline is 40% of the service's memory limit when it is known,
//     otherwise 200 MiB; with a known limit each profile also says when the leak reaches it (the OOM kill).
//   - quantile alerts (histogram_quantile over a histogram): observations at half the threshold, then a step
//     to twice the threshold (one observation per second throughout), on the metric's bucket bounds when the
//     config gives them, otherwise on a fixed grid (assumedBuckets).
// The incident starts after a healthy warm-up as long as the alert's window plus 5 minutes, so windows are full
// of healthy data when it begins; times are counted from that onset. "never" means not within the horizon.
import type { Expr } from '../promql/ast.js';
import { compileCached } from '../promql/engine.js';
import { firstFiring, type Series } from './evaluate.js';
import type { AlertQuery, Selector } from './query.js';

const MiB = 2 ** 20;
export const LEAK_RATES_MIB_PER_MIN = [1, 5, 20];
export const DEFAULT_BASELINE_BYTES = 200 * MiB;
export const BASELINE_SHARE_OF_LIMIT = 0.4;
export const GROWTH_HORIZON_SECONDS = 12 * 3600;
export const STEP_HORIZON_SECONDS = 2 * 3600;
const WARMUP_MARGIN_SECONDS = 300;
export const SYNTHETIC_INSTANCE = 'synthetic:9100';

export interface ImpactContext {
  /** Seconds. */
  scrapeInterval: number;
  /** Seconds. */
  evaluationInterval: number;
  /** Bytes; sets the RSS baseline. */
  memoryLimit?: number;
  /** A histogram's finite bucket bounds, in the metric's unit; needed for quantile profiles. */
  buckets?: number[];
  /** 'bytes' when the metric is known to be a bytes gauge. */
  metricUnit?: string;
}

export interface Profile {
  id: string;
  /** 'at 5 MiB/min', 'step to 2x the threshold' */
  label: string;
  /** Seconds from 0 to the onset. */
  onset: number;
  horizon: number;
  series: Series[];
  /** Seconds from the onset to the first sample at or above the memory limit, when the limit is known and reached. */
  limitAfter?: number;
  /** A leak rate picked between the old and the new threshold, where the verdict changes. */
  between?: boolean;
}

export interface ProfileOutcome {
  profile: string;
  /** Seconds from the onset to the first firing evaluation; null: never within the horizon; 'baseline': fires before the onset. */
  firesAfter: number | null | 'baseline';
  limitAfter?: number;
  between?: boolean;
}

function sampleTimes(scrape: number, until: number): number[] {
  const times: number[] = [];
  for (let t = 0; t <= until; t += scrape) times.push(t);
  return times;
}

/** What the profiles need of an alert: the gauge or histogram it reads, and how far back it looks (seconds). */
export interface ProfiledAlert {
  expr: string;
  /** Read from the expression when memgen wrote it in a form query.ts knows. */
  query?: AlertQuery;
}

function baseLabels(selector: Selector): Record<string, string> {
  return { ...selector.matchers, instance: selector.matchers.instance ?? SYNTHETIC_INSTANCE };
}

const NOT_MEMORY = /^(container_memory_working_set_bytes|kube_)/;

/** The first bytes gauge the expression selects (its equality matchers), and its longest look-back in seconds. */
export function memorySelector(expr: Expr): { selector: Selector; lookback: number } | undefined {
  let selector: Selector | undefined;
  let lookback = 0;
  const walk = (e: Expr, back: number): void => {
    switch (e.kind) {
      case 'vector':
        if (!selector && e.name && /_bytes$/.test(e.name) && !NOT_MEMORY.test(e.name)) {
          selector = { metric: e.name, matchers: Object.fromEntries(e.matchers.filter((m) => m.op === '=').map((m) => [m.name, m.value])) };
        }
        lookback = Math.max(lookback, back);
        return;
      case 'matrix':
      case 'subquery':
        return walk(e.expr, back + (e.range ?? 0));
      case 'modifier': {
        const offset = e.modifier.keyword === 'offset' ? parseOffset(e.modifier.text) : 0;
        return walk(e.expr, back + offset);
      }
      case 'call':
        return e.args.forEach((a) => walk(a, back));
      case 'aggregate':
        return e.args.forEach((a) => walk(a, back));
      case 'binary':
        walk(e.lhs, back);
        return walk(e.rhs, back);
      case 'unary':
      case 'paren':
        return walk(e.expr, back);
      default:
        return;
    }
  };
  walk(expr, 0);
  return selector ? { selector, lookback } : undefined;
}

function parseOffset(text: string): number {
  const m = /^(\d+)([smhdw])$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as Record<string, number>)[m[2] as string]!;
}

export function warmupFor(lookback: number, scrape: number): number {
  return Math.ceil((lookback + WARMUP_MARGIN_SECONDS) / scrape) * scrape;
}

/** Values of a gauge flat at `baseline` until `onset`, then growing by `bytesPerMinute` (exact in float64). */
export function leakValues(baseline: number, bytesPerMinute: number, scrape: number, onset: number, until: number): Array<{ t: number; v: number }> {
  const perSample = (bytesPerMinute * scrape) / 60;
  return sampleTimes(scrape, until).map((t) => ({ t, v: t <= onset ? baseline : baseline + perSample * Math.round((t - onset) / scrape) }));
}

export function isRssAlert(alert: ProfiledAlert, ctx: ImpactContext): boolean {
  if (alert.query?.fn === 'histogram_quantile') return false;
  if (ctx.metricUnit !== undefined && ctx.metricUnit !== 'bytes') return false;
  return memorySelector(compileCached(alert.expr)) !== undefined;
}

export function rssBaseline(ctx: ImpactContext): number {
  return ctx.memoryLimit ? Math.round(ctx.memoryLimit * BASELINE_SHARE_OF_LIMIT) : DEFAULT_BASELINE_BYTES;
}

/** Seconds from the onset to the first sample of `values` at or above `limit`; undefined if none is. */
export function limitReachedAfter(values: Array<{ t: number; v: number }>, limit: number, onset: number): number | undefined {
  const hit = values.find((s) => s.v >= limit);
  return hit && hit.t - onset;
}

function leakProfiles(alert: ProfiledAlert, ctx: ImpactContext, between: number[]): Profile[] {
  const memory = memorySelector(compileCached(alert.expr));
  if (!memory) return [];
  const onset = warmupFor(memory.lookback, ctx.scrapeInterval);
  const baseline = rssBaseline(ctx);
  const rates = [...LEAK_RATES_MIB_PER_MIN.map((rate) => ({ rate, between: false })), ...between.filter((r) => !LEAK_RATES_MIB_PER_MIN.includes(r)).map((rate) => ({ rate, between: true }))].sort((x, y) => x.rate - y.rate);
  return rates.map(({ rate, between: isBetween }) => {
    const values = leakValues(baseline, rate * MiB, ctx.scrapeInterval, onset, onset + GROWTH_HORIZON_SECONDS);
    const limitAfter = ctx.memoryLimit === undefined ? undefined : limitReachedAfter(values, ctx.memoryLimit, onset);
    return {
      id: `leak-${rate}MiB-per-min`,
      label: isBetween ? `a ${rate} MiB/min leak` : `at ${rate} MiB/min`,
      onset,
      horizon: GROWTH_HORIZON_SECONDS,
      series: [{ labels: { __name__: memory.selector.metric, ...baseLabels(memory.selector) }, samples: values.map((s) => ({ t: s.t * 1000, v: s.v })) }],
      ...(limitAfter !== undefined ? { limitAfter } : {}),
      ...(isBetween ? { between: true } : {}),
    };
  });
}

/** The leak rate (MiB/min) at which a growth alert on a bytes gauge starts firing; undefined for other alerts. */
export function thresholdLeakRate(query: AlertQuery | undefined): number | undefined {
  if (!query || (query.fn !== 'deriv' && query.fn !== 'delta' && query.fn !== 'increase') || query.op !== '>') return undefined;
  if (!/_bytes$/.test(query.selector.metric)) return undefined;
  const bytesPerSecond = query.threshold / (query.scale * (query.fn === 'deriv' ? 1 : query.range));
  return (bytesPerSecond * 60) / MiB;
}

/** A round leak rate strictly between two thresholds' rates, where one version fires and the other does not. */
export function rateBetween(a: number, b: number): number | undefined {
  const [low, high] = a < b ? [a, b] : [b, a];
  if (!(high > low)) return undefined;
  const middle = (low + high) / 2;
  for (const digits of [1, 2, 3, 4]) {
    const round = Number(middle.toPrecision(digits));
    if (round > low && round < high) return round;
  }
  return middle;
}

/** One cumulative series per bucket: one observation per second at `before` until the onset, then at `after`. */
export function stepHistogram(
  query: Extract<AlertQuery, { fn: 'histogram_quantile' }>,
  bounds: number[],
  values: { before: number; after: number },
  scrape: number,
  onset: number,
  until: number,
): Series[] {
  const labels = { __name__: query.selector.metric, ...baseLabels(query.selector) };
  for (const l of query.by) if (!(l in labels)) (labels as Record<string, string>)[l] = 'synthetic';
  const les = [...[...bounds].sort((a, b) => a - b).map(String), '+Inf'];
  return les.map((le) => {
    const bound = le === '+Inf' ? Infinity : Number(le);
    let count = 0;
    const samples = sampleTimes(scrape, until).map((t, i) => {
      if (i > 0) {
        const observed = t <= onset ? values.before : values.after;
        if (observed <= bound) count += scrape;
      }
      return { t: t * 1000, v: count };
    });
    return { labels: { ...labels, le }, samples };
  });
}

/**
 * Bucket bounds for a histogram whose bounds the config does not give: a fixed grid of powers of 2^(1/4)
 * (neighbouring bounds 19% apart), taken from an eighth to 8 times the threshold. The grid is the same for
 * every threshold, so before and after are judged on the same bucket layout.
 */
export function assumedBuckets(threshold: number): number[] {
  const bounds: number[] = [];
  const low = Math.floor(4 * Math.log2(threshold / 8));
  const high = Math.ceil(4 * Math.log2(threshold * 8));
  for (let k = low; k <= high; k++) bounds.push(2 ** (k / 4));
  return bounds;
}

export interface StepTarget {
  /** The value observations step to, in the metric's unit. */
  value: number;
  label: string;
}

function stepProfiles(query: Extract<AlertQuery, { fn: 'histogram_quantile' }>, ctx: ImpactContext, targets: StepTarget[]): Profile[] {
  if (!(query.threshold > 0)) return [];
  const buckets = ctx.buckets && ctx.buckets.length > 0 ? ctx.buckets : assumedBuckets(query.threshold);
  const onset = warmupFor(query.range, ctx.scrapeInterval);
  return targets.map((target) => ({
    id: targets.length === 1 ? 'step-2x' : `step-${target.value}`,
    label: target.label,
    onset,
    horizon: STEP_HORIZON_SECONDS,
    series: stepHistogram(query, buckets, { before: query.threshold / 2, after: target.value }, ctx.scrapeInterval, onset, onset + STEP_HORIZON_SECONDS),
  }));
}

/**
 * The profiles that apply to an alert. A quantile alert steps to twice its threshold, or to the given targets:
 * a diff passes twice the old and twice the new threshold, so both versions face the same incidents.
 */
export function profilesFor(alert: ProfiledAlert, ctx: ImpactContext, stepTargets?: StepTarget[], leakRatesBetween: number[] = []): Profile[] {
  const query = alert.query;
  if (query?.fn === 'histogram_quantile') return stepProfiles(query, ctx, stepTargets ?? [{ value: 2 * query.threshold, label: 'on a step to 2x the threshold' }]);
  return isRssAlert(alert, ctx) ? leakProfiles(alert, ctx, leakRatesBetween) : [];
}

export function runProfile(alert: ProfiledAlert, forSeconds: number, profile: Profile, evaluationInterval: number): ProfileOutcome {
  const fired = firstFiring(alert.expr, forSeconds, profile.series, {
    evaluationIntervalMs: evaluationInterval * 1000,
    untilMs: (profile.onset + profile.horizon) * 1000,
  });
  const extra = { ...(profile.limitAfter !== undefined ? { limitAfter: profile.limitAfter } : {}), ...(profile.between ? { between: true } : {}) };
  if (fired === undefined) return { profile: profile.label, firesAfter: null, ...extra };
  const after = fired / 1000 - profile.onset;
  return { profile: profile.label, firesAfter: after < 0 ? 'baseline' : after, ...extra };
}

/** Time to fire under every profile that applies to the alert; empty when none does. */
export function timesToFire(alert: ProfiledAlert, forSeconds: number, ctx: ImpactContext, stepTargets?: StepTarget[], leakRatesBetween?: number[]): ProfileOutcome[] {
  return profilesFor(alert, ctx, stepTargets, leakRatesBetween).map((p) => runProfile(alert, forSeconds, p, ctx.evaluationInterval));
}
