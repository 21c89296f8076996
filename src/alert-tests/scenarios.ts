// Test scenarios for one alert, computed from its threshold, window and `for`: a leak that must fire at the
// earliest evaluation it can (and be silent one evaluation before), and healthy, just-safe, spike and
// restart shapes that must stay silent. Every scenario is run through the evaluator first, so the times
// written into the test are the ones Prometheus will see, and shapes whose value would land within rounding
// distance of the threshold are nudged until it does not.
import { formatDuration } from '../dsl/units.js';
import { lookbackOf, type Alert, type AlertOf, type Service } from '../model/types.js';
import type { Step } from '../promql/alert-state.js';
import { correlationScenarios } from './correlation.js';
import { evaluationAtOrAfter, instanceOf, LEAK_STRENGTHS, type Check, type Purpose, type Scenario, type ScenarioOptions, type Timing } from './scenario.js';
import { continueLine, line, roundStep, type Runs } from './series.js';
import { holds, slopeScale, type InputSeries } from './signal.js';
import { exprOf, simulate, unguarded, type SimStep } from './simulate.js';

const MIB = 1024 * 1024;

/** A typical size of the threshold, for thresholds of zero. */
function magnitude(alert: Alert): number {
  const t = alert.threshold.promValue;
  if (t !== 0) return Math.abs(t);
  switch (alert.metric.unit) {
    case 'bytes':
      return MIB;
    case 'milliseconds':
      return 100;
    case 'seconds':
      return 0.1;
    case 'count':
      return 10;
  }
}

/** The threshold moved by `f` magnitudes towards firing (f > 0) or towards safety (f < 0). */
function level(alert: Alert, f: number): number {
  const direction = alert.threshold.op === '>' ? 1 : -1;
  return alert.threshold.promValue + direction * f * magnitude(alert);
}

function samplesIn(ms: number, t: Timing): number {
  return Math.ceil(ms / t.sample);
}

function seriesLabels(alert: Alert, service: Service): Record<string, string> {
  const labels: Record<string, string> = { job: service.job, instance: instanceOf(service) };
  for (const l of alert.metric.labels) labels[l] = `${l}-1`;
  return labels;
}

function simulateAlert(alert: Alert, series: InputSeries[], t: Timing): SimStep[] {
  return simulate(exprOf(alert), series, t, magnitude(alert));
}

function tooClose(steps: SimStep[]): boolean {
  return steps.some((s) => s.close);
}

// ---------------------------------------------------------------------------------------------------------
// Shapes of a gauge (value, growth, slope) and of a histogram's bucket counters (quantile)

interface Shapes {
  /** Samples of healthy lead-in before anything changes. */
  lead: number;
  /** Samples after a change, long enough for the window to fill and `for` to pass. */
  after: number;
  /** Time from the start after which a silent scenario must be silent at every evaluation. */
  settle: number;
  healthy(samples: number): InputSeries[] | undefined;
  safe(samples: number): InputSeries[] | undefined;
  leak(strength: number): InputSeries[];
  spike?(): InputSeries[] | undefined;
  restart?(): InputSeries[] | undefined;
}

function gaugeShapes(alert: Alert, service: Service, t: Timing): Shapes {
  const labels = seriesLabels(alert, service);
  const one = (runs: Runs): InputSeries[] => [{ name: alert.metric.name, labels, runs }];
  const windowSamples = samplesIn(t.window, t);
  const tail = samplesIn(t.hold + 2 * t.every, t) + 4;

  if (alert.kind === 'value') {
    const lead = Math.max(4, samplesIn(2 * t.every, t) + 1);
    const healthy = roundStep(level(alert, -0.5));
    return {
      lead,
      after: tail,
      settle: 0,
      healthy: (n) => one([line(healthy, 0, n)]),
      safe: (n) => one([line(roundStep(level(alert, -0.1)), 0, n)]),
      leak: (s) => one([line(healthy, 0, lead), line(roundStep(level(alert, s)), 0, tail)]),
      spike: () => one([line(healthy, 0, lead), line(roundStep(level(alert, 1)), 0, 1), line(healthy, 0, tail)]),
    };
  }

  // growth and floorGrowth: the gauge moves by `amount` per window; slope: by `amount` per threshold time unit.
  const perWindow = alert.kind === 'growth' || alert.kind === 'floorGrowth';
  const windowMs = alert.window * 1000;
  const perSample = (amount: number): number => roundStep(perWindow ? (amount * t.sample) / windowMs : (amount / slopeScale(alert)) * (t.sample / 1000));
  const windowAmount = (amount: number): number => (perWindow ? amount : (amount / slopeScale(alert)) * (t.window / 1000));
  const base = roundStep(4 * windowAmount(magnitude(alert)));
  const flatIsSafe = !holds(alert)(0);
  const healthyStep = flatIsSafe ? 0 : perSample(level(alert, -0.5));
  const lead = windowSamples + 2;
  const after = 2 * windowSamples + tail;
  const isCounter = alert.metric.type === 'counter';
  // A falling line starts high enough to stay positive, as memory does.
  const from = (step: number, n: number): number => (step < 0 ? base - step * n : base);
  const healthyLine = (n: number): Runs => [line(from(healthyStep, n), healthyStep, n)];
  return {
    lead,
    after,
    settle: t.window + t.sample,
    healthy: (n) => one(healthyLine(n)),
    safe: (n) => {
      const step = perSample(level(alert, -0.1));
      if (isCounter && step < 0) return undefined;
      return one([line(from(step, n), step, n)]);
    },
    leak: (s) => one(continueLine(healthyLine(lead), perSample(level(alert, s)), after)),
    spike: () => {
      if (isCounter || !flatIsSafe) return undefined;
      return one([line(base, 0, lead), line(base + roundStep(windowAmount(level(alert, 1))), 0, 1), line(base, 0, tail + windowSamples)]);
    },
    restart: () => {
      if (isCounter || !flatIsSafe) return undefined;
      // The process restarts with 30% of its memory and warms up back to its usual size within 4 samples.
      const low = roundStep(base * 0.3);
      return one([line(base, 0, lead), line(low, roundStep((base - low) / 3), 3), line(base, 0, tail + windowSamples)]);
    },
  };
}

/** Observations per sample interval, by region: (0,T/4], (T/4,T/2], (T/2,T], (T,2T], (2T,4T], (4T,+Inf). */
type Distribution = [number, number, number, number, number, number];
const BOUND_FACTORS = [0.25, 0.5, 1, 2, 4];
const OBSERVATIONS = 100;

function quantileShapes(alert: Alert, service: Service, t: Timing): Shapes | undefined {
  const threshold = alert.threshold.promValue;
  if (threshold <= 0) return undefined;
  const labels = seriesLabels(alert, service);
  const bounds = [...BOUND_FACTORS.map((f) => String(threshold * f)), '+Inf'];
  const above = alert.threshold.op === '>';
  const low: Distribution = [OBSERVATIONS, 0, 0, 0, 0, 0];
  const high = (n: number): Distribution => [0, 0, 0, n, 0, 0];
  const healthy = above ? low : high(OBSERVATIONS);
  // Just safe: the quantile lands a little inside the bucket next to the threshold, on the safe side (with
  // q = 0.95: 98 of 100 observations in (T/2,T] puts p95 at 0.98·T; for '<', 92 there puts it at 1.375·T).
  if (alert.kind !== 'quantile') return undefined;
  const q = alert.quantile;
  const nearBelow = Math.min(OBSERVATIONS, Math.round((q + (above ? 0.03 : -0.03)) * OBSERVATIONS));
  const safe: Distribution = [0, 0, nearBelow, OBSERVATIONS - nearBelow, 0, 0];
  const windowSamples = samplesIn(t.window, t);
  const lead = windowSamples + 2;
  const tail = samplesIn(t.hold + 2 * t.every, t) + 4;
  const after = 2 * windowSamples + tail;

  interface Phase {
    dist: Distribution;
    samples: number;
    /** The process restarted: counters start again from zero. */
    reset?: boolean;
  }
  const buckets = (phases: Phase[]): InputSeries[] =>
    bounds.map((le, i) => {
      let runs: Runs = [];
      for (const p of phases) {
        const step = p.dist.slice(0, i === bounds.length - 1 ? 6 : i + 1).reduce((a, b) => a + b, 0);
        runs = runs.length === 0 || p.reset ? [...runs, line(step, step, p.samples)] : continueLine(runs, step, p.samples);
      }
      return { name: `${alert.metric.name}_bucket`, labels: { ...labels, le }, runs };
    });
  // A burst of slow observations, too few to move the quantile (under 1 - q of the window's observations).
  const burst = Math.floor(0.6 * (1 - q) * OBSERVATIONS * windowSamples);
  return {
    lead,
    after,
    settle: t.window + t.sample,
    healthy: (n) => buckets([{ dist: healthy, samples: n }]),
    safe: (n) => buckets([{ dist: safe, samples: n }]),
    leak: (s) => {
      const count = Math.round(OBSERVATIONS * 2 * s);
      const fire: Distribution = above ? high(count) : [count, 0, 0, 0, 0, 0];
      return buckets([{ dist: healthy, samples: lead }, { dist: fire, samples: after }]);
    },
    spike: above
      ? () =>
          buckets([
            { dist: healthy, samples: lead },
            { dist: [OBSERVATIONS, 0, 0, 0, burst, 0], samples: 1 },
            { dist: healthy, samples: tail + windowSamples },
          ])
      : undefined,
    restart: () => buckets([{ dist: healthy, samples: lead }, { dist: healthy, samples: tail + windowSamples, reset: true }]),
  };
}

/**
 * A forecast: the floor plus its growth over the window, scaled to the horizon, against the limit, with both
 * halves of the window grown by `minGrowth`. The firing leak grows each half by three times that, starting high
 * enough that the limit is what it crosses last; the silent ones grow one half by a step and the other by half
 * the minimum, so each half's own test is what keeps them silent.
 */
function forecastScenarios(alert: AlertOf<'forecast'>, service: Service, t: Timing, opts: ScenarioOptions): Scenario[] {
  const limit = alert.threshold.promValue;
  const window = alert.window * 1000;
  const horizon = alert.horizon * 1000;
  const minGrowth = alert.minGrowth;
  if (limit <= 0 || minGrowth <= 0) return [];
  const labels = seriesLabels(alert, service);
  const one = (runs: Runs): InputSeries[] => [{ name: alert.metric.name, labels, runs }];
  const lead = samplesIn(t.window, t) + 2;
  const after = samplesIn(2 * t.window + t.hold + 2 * t.every, t) + 4;
  const n = lead + after;
  // Growth per ms that adds 3.1 x minGrowth to each half of the window (no floor difference lands on it exactly).
  const rate = (6.2 * minGrowth) / window;
  const perSample = roundStep(rate * t.sample);
  const forecastGain = rate * horizon;
  const halfSamples = samplesIn(window / 2, t);
  const scenarios: Array<Scenario | undefined> = [];
  // Starts so that the forecast passes the limit part-way through the growth.
  const leak = (strength: number): InputSeries[] => {
    const start = roundStep(limit - forecastGain * (1 - strength / 2));
    return one(continueLine([line(start, 0, lead)], perSample, after));
  };
  scenarios.push(fires(alert, { lead, after, settle: 0, healthy: () => undefined, safe: () => undefined, leak }, t, opts));
  const high = roundStep(limit * 0.7);
  scenarios.push(silent(alert, 'healthy', 'stays silent on a healthy baseline: a flat floor close to the limit', one([line(high, 0, n)]), t, t.window + t.sample));
  // One half grows by a step that alone forecasts the limit; the other by half the minimum growth.
  const step = roundStep(limit * 0.2);
  const drift = roundStep((minGrowth / 2 / halfSamples) * 1);
  const older = one([line(high, 0, lead), line(high + step, drift, halfSamples), line(high + step + drift * halfSamples, 0, after - halfSamples)]);
  const recent = one([line(high, drift, lead + halfSamples), line(high + drift * (lead + halfSamples) + step, 0, after - halfSamples)]);
  scenarios.push(silent(alert, 'safe', 'stays silent just on the safe side of the threshold: a step forecasts the limit, but the other half of the window grew only half the minimum', older, t, t.window + t.sample));
  scenarios.push(silent(alert, 'spike', 'stays silent on a step after a slow drift: one half of the window grew less than the minimum', recent, t, t.window + t.sample));
  return scenarios.filter((s): s is Scenario => s !== undefined);
}

/**
 * An alert with a warm-up grace: its firing scenario runs in a process started long before (1.5 graces), and
 * one more scenario runs the same leak in a process whose grace ends while the unguarded alert is pending, which
 * must still be silent when the unguarded alert fires. So both the grace, its length and its comparison are tested.
 */
function withWarmupScenarios(alert: Alert, service: Service, t: Timing, scenarios: Scenario[]): Scenario[] {
  if (!alert.warmup || !alert.warmupMetric) return scenarios;
  const labels = { job: service.job, instance: instanceOf(service) };
  const startSeries = (start: number, samples: number): InputSeries => ({ name: alert.warmupMetric as string, labels, runs: [line(start, 0, samples)] });
  const count = (series: InputSeries[]): number => Math.max(...series.map((s) => s.runs.reduce((n, r) => n + r.times + 1, 0)));
  const out = scenarios.map((sc) => ({ ...sc, series: [...sc.series, startSeries(-1.5 * alert.warmup!, count(sc.series))] }));
  const firing = scenarios.find((sc) => sc.purpose === 'fires');
  if (!firing) return out;
  const unguardedFirst = simulate(unguarded(exprOf(alert)), firing.series, t, magnitude(alert)).find((s) => s.state === 'firing');
  if (!unguardedFirst) return out;
  // Started half a grace before the unguarded alert went pending, so the grace ends inside its `for` and the
  // alert fires half a grace late; a grace cut short ends before it went pending, and the alert fires on time.
  // Half an evaluation more keeps the grace's end off an evaluation, where `<` against `<=` would decide. The
  // series end before the grace-delayed firing.
  const startedAt = (unguardedFirst.t - t.hold - t.every / 2) / 1000 - alert.warmup / 2;
  const samples = Math.min(count(firing.series), Math.floor(unguardedFirst.t / t.sample) + 2);
  const truncate = (s: InputSeries): InputSeries => ({ ...s, runs: truncateRuns(s.runs, samples) });
  const young = [...firing.series.map(truncate), startSeries(startedAt, samples)];
  const steps = simulate(exprOf(alert), young, t, magnitude(alert));
  if (steps.some((s) => s.state === 'firing' || s.close)) return out;
  out.push({ purpose: 'warmup', title: `stays silent on the same leak in a process whose ${formatDuration(alert.warmup)} warm-up grace ends while it is pending`, series: young, checks: [{ at: unguardedFirst.t, firing: false }] });
  return out;
}

/** The first `samples` values of a run list. */
function truncateRuns(runs: Runs, samples: number): Runs {
  const out: Runs = [];
  let left = samples;
  for (const r of runs) {
    if (left <= 0) break;
    const n = Math.min(r.times + 1, left);
    out.push({ start: r.start, step: r.step, times: n - 1 });
    left -= n;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------

/** The leak scenario, or undefined when no strength gives a clear-cut firing time (coverage reports it). */
function fires(alert: Alert, shapes: Shapes, t: Timing, opts: ScenarioOptions): Scenario | undefined {
  for (const strength of LEAK_STRENGTHS) {
    const series = shapes.leak(strength);
    const steps = simulateAlert(alert, series, t);
    if (tooClose(steps)) continue;
    const first = steps.findIndex((s) => s.state === 'firing');
    if (first < 1) continue;
    const step = steps[first] as Step;
    if (opts.fragileValue?.(alert, step.value as number)) continue;
    let since = first;
    while (since > 0 && (steps[since - 1] as Step).state === 'pending') since--;
    const at = (i: number): string => formatDuration((steps[i] as Step).t / 1000);
    return {
      purpose: 'fires',
      title:
        t.hold > 0
          ? `fires at ${at(first)}, once the condition (true since ${at(since)}) has held for ${formatDuration(alert.for)}, not an evaluation earlier`
          : `fires at ${at(first)}, the first evaluation where the condition holds`,
      series,
      checks: [
        { at: (steps[first - 1] as Step).t, firing: false },
        { at: step.t, firing: true, value: step.value },
      ],
    };
  }
  return undefined;
}

/** A silent scenario, or undefined when the shape would fire (the scenario does not apply to this alert). */
function silent(alert: Alert, purpose: Purpose, title: string, series: InputSeries[] | undefined, t: Timing, settle: number, eventAt?: number): Scenario | undefined {
  if (!series) return undefined;
  const steps = simulateAlert(alert, series, t);
  if (tooClose(steps)) return undefined;
  if (steps.some((s) => s.t >= settle && s.state === 'firing')) return undefined;
  const last = (steps[steps.length - 1] as Step).t;
  const times = new Set<number>();
  // When a sustained change at eventAt would have fired, and at the end.
  if (eventAt !== undefined) times.add(Math.min(evaluationAtOrAfter(eventAt + t.hold, t), last));
  times.add(last);
  return { purpose, title, series, checks: [...times].sort((a, b) => a - b).map((at) => ({ at, firing: false })) };
}

const MAX_SAMPLES_PER_WINDOW = 1500;

export function scenariosFor(alert: Alert, service: Service, opts: ScenarioOptions): Scenario[] {
  const t: Timing = {
    sample: Math.round(service.scrapeInterval * 1000),
    every: Math.round(opts.evaluationInterval * 1000),
    hold: Math.round(alert.for * 1000),
    // How far back the expression reads: a floor comparison reaches a floor window past its offset.
    window: Math.round(lookbackOf(alert) * 1000),
  };
  // A window of days at a 30s scrape needs thousands of samples per series and evaluation; the simulation and
  // the promtool run would take minutes. Such alerts are left uncovered, and `memgen test` says so.
  if ((t.window + t.hold) / t.sample > MAX_SAMPLES_PER_WINDOW) return [];
  if (alert.kind === 'correlation') return correlationScenarios(alert, service, t, opts);
  if (alert.kind === 'forecast') return withWarmupScenarios(alert, service, t, forecastScenarios(alert, service, t, opts));
  const shapes = alert.kind === 'quantile' ? quantileShapes(alert, service, t) : gaugeShapes(alert, service, t);
  if (!shapes) return [];
  const n = shapes.lead + shapes.after;
  const eventAt = shapes.lead * t.sample;
  const scenarios = [
    fires(alert, shapes, t, opts),
    silent(alert, 'healthy', 'stays silent on a healthy baseline', shapes.healthy(n), t, shapes.settle),
    silent(alert, 'safe', 'stays silent just on the safe side of the threshold', shapes.safe(n), t, shapes.settle),
    silent(alert, 'spike', 'stays silent on a one-off spike', shapes.spike?.(), t, shapes.settle, eventAt),
    silent(alert, 'restart', 'stays silent across a restart', shapes.restart?.(), t, shapes.settle, eventAt),
  ];
  return withWarmupScenarios(alert, service, t, scenarios.filter((s): s is Scenario => s !== undefined));
}
