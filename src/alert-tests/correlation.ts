// Test scenarios for correlation alerts, which join several exporters' series. Each pattern's expression is
// evaluated here part by part, as Prometheus evaluates the `and` / `unless` join memgen wrote (see
// src/model/correlation.ts), from the parts the model keeps (thresholds, window, horizon, metric names and
// matchers). A firing scenario has every link of the chain; the silent ones take one link away, move it to
// another instance or container, or let the event age out of the window.
import { formatDuration } from '../dsl/units.js';
import { CADVISOR_WORKING_SET, FORECAST_MIN_GROWTH, KSM_LAST_TERMINATED, KSM_LIMITS, KSM_RESTARTS } from '../model/correlation.js';
import { windowOf, type Alert, type CorrelationParts, type Service } from '../model/types.js';
import type { Step } from '../promql/alert-state.js';
import { evaluationAtOrAfter, instanceOf, LEAK_STRENGTHS, type Purpose, type Scenario, type ScenarioOptions, type Timing } from './scenario.js';
import { continueLine, line, roundStep, type Runs } from './series.js';
import type { InputSeries } from './signal.js';
import { exprOf, simulate as simulateExpr, unguarded } from './simulate.js';

interface Run {
  steps: Step[];
  tooClose: boolean;
}

/** The alert over `series`, through the PromQL engine; `guarded: false` drops the expression's `unless` guard. */
function simulate(alert: Alert, series: InputSeries[], t: Timing, guarded = true): Run {
  const expr = guarded ? exprOf(alert) : unguarded(exprOf(alert));
  const steps = simulateExpr(expr, series, t, 1);
  return { steps, tooClose: steps.some((s) => s.close) };
}

/** The first leak (by strength) that fires clearly, checked one evaluation before and at its first firing. */
function fires(alert: Alert, leak: (strength: number) => InputSeries[], t: Timing, opts: ScenarioOptions): Scenario | undefined {
  for (const strength of LEAK_STRENGTHS) {
    const series = leak(strength);
    const { steps, tooClose } = simulate(alert, series, t);
    if (tooClose) continue;
    const first = steps.findIndex((s) => s.state === 'firing');
    if (first < 1) continue;
    const step = steps[first] as Step;
    if (opts.fragileValue?.(alert, step.value as number)) continue;
    const at = formatDuration(step.t / 1000);
    return {
      purpose: 'fires',
      title: t.hold > 0 ? `fires at ${at}, once every link of the chain has held for ${formatDuration(alert.for)}, not an evaluation earlier` : `fires at ${at}, the first evaluation where every link of the chain holds`,
      series,
      checks: [
        { at: (steps[first - 1] as Step).t, firing: false },
        { at: step.t, firing: true, value: step.value },
      ],
    };
  }
  return undefined;
}

/**
 * A silent scenario, checked at `checkAt` (where the firing scenario fires, or where the unguarded alert
 * would) and at the end; undefined when it fires or comes too close to a threshold.
 */
function silent(alert: Alert, purpose: Purpose, title: string, series: InputSeries[] | undefined, t: Timing, checkAt: number): Scenario | undefined {
  if (!series) return undefined;
  const { steps, tooClose } = simulate(alert, series, t);
  if (tooClose || steps.some((s) => s.state === 'firing')) return undefined;
  const last = (steps[steps.length - 1] as Step).t;
  const times = [...new Set([Math.min(checkAt, last), last])];
  return { purpose, title, series, checks: times.map((at) => ({ at, firing: false })) };
}

function samplesIn(ms: number, t: Timing): number {
  return Math.ceil(ms / t.sample);
}

/** A value of the label that the (anchored) regex matches, or not, from common ones; undefined if none fits. */
function statusValue(regex: string, matching: boolean): string | undefined {
  const re = new RegExp(`^(?:${regex})$`);
  const candidates = matching ? ['500', '503', '504', '502', '5xx', '408', '429', '499', '4xx'] : ['200', '2xx', '204', '201', '302'];
  return candidates.find((c) => re.test(c) === matching);
}

function memoryErrorScenarios(alert: Alert, parts: Extract<CorrelationParts, { pattern: 'memoryErrors' }>, service: Service, t: Timing, opts: ScenarioOptions): Array<Scenario | undefined> {
  const { statusLabel, errorStatus, metric: counter } = parts.requests;
  const errorCode = statusValue(errorStatus, true);
  const okCode = statusValue(errorStatus, false);
  const limit = parts.memoryAbove;
  if (!errorCode || !okCode || limit <= 0 || parts.errorRatio >= 1) return [];
  const lead = samplesIn(t.window, t) + 2;
  const n = lead + samplesIn(t.window + t.hold + 2 * t.every, t) + 4;
  const here = instanceOf(service);
  const elsewhere = `other-${here}`;
  const high = roundStep(limit * 1.1);
  const low = roundStep(limit * 0.5);
  // Requests per sample; a failing share under ten times the threshold, so a threshold ×10 stops firing.
  const perSample = 1000;
  const failing = parts.errorRatio * 2 < 1 ? parts.errorRatio * 2 : (1 + parts.errorRatio) / 2;
  const memory = (instance: string, runs: Runs): InputSeries => {
    const labels: Record<string, string> = { job: service.job, instance };
    for (const l of alert.metric.labels) labels[l] = `${l}-1`;
    return { name: alert.metric.name, labels, runs };
  };
  const requests = (instance: string, share: number): InputSeries[] => {
    const errors = Math.round(perSample * share);
    const series = (status: string, step: number): InputSeries => ({
      name: counter,
      labels: { job: service.job, instance, handler: '/items', method: 'GET', [statusLabel]: status },
      runs: [line(0, step, n)],
    });
    return [series(okCode, perSample - errors), series(errorCode, errors)];
  };
  const flat = (v: number): Runs => [line(v, 0, n)];
  const checkAt = evaluationAtOrAfter(lead * t.sample + t.hold, t);
  const pct = (r: number) => `${roundStep(r * 100)}%`;
  return [
    fires(alert, (s) => [memory(here, [line(low, 0, lead), line(roundStep(limit * (1 + s / 5)), 0, n - lead)]), ...requests(here, failing)], t, opts),
    silent(alert, 'healthy', 'stays silent on a healthy baseline', [memory(here, flat(low)), ...requests(here, 0)], t, checkAt),
    silent(alert, 'safe', `stays silent just on the safe side of the threshold: high memory, ${pct(parts.errorRatio / 2)} of requests failing`, [memory(here, flat(high)), ...requests(here, parts.errorRatio / 2)], t, checkAt),
    silent(alert, 'link', 'stays silent on high memory while no request fails', [memory(here, flat(high)), ...requests(here, 0)], t, checkAt),
    silent(alert, 'link', `stays silent on failing requests while memory is below the threshold`, [memory(here, flat(roundStep(limit * 0.9))), ...requests(here, failing)], t, checkAt),
    silent(alert, 'elsewhere', 'stays silent on high memory on one instance and failing requests on another', [memory(here, flat(high)), ...requests(here, 0), memory(elsewhere, flat(low)), ...requests(elsewhere, failing)], t, checkAt),
  ];
}

function containerLabels(container: Record<string, string>, other = false): Record<string, string> {
  const name = other ? `other-${container.container}` : (container.container as string);
  return { namespace: container.namespace ?? 'default', pod: `${name}-0`, container: name };
}

function oomKilledScenarios(alert: Alert, parts: Extract<CorrelationParts, { pattern: 'oomKilled' }>, t: Timing, opts: ScenarioOptions): Array<Scenario | undefined> {
  const lead = Math.max(4, samplesIn(2 * t.every, t) + 1);
  const n = lead + samplesIn(t.window + t.hold + 2 * t.every, t) + 4;
  const pod = (other = false) => containerLabels(parts.container, other);
  // 0 before `since`, 1 from it. kube-state-metrics sets the last-terminated reason to 1 when the container
  // terminates and has no series before; the expression compares with 1, so 0 reads the same to it.
  const steps = (since: number): Runs => (since <= 0 ? [line(1, 0, n)] : since >= n ? [line(0, 0, n)] : [line(0, 0, since), line(1, 0, n - since)]);
  const reason = (labels: Record<string, string>, why: string, since: number): InputSeries => ({ name: KSM_LAST_TERMINATED, labels: { ...labels, reason: why }, runs: steps(since) });
  const restarts = (labels: Record<string, string>, since: number): InputSeries => ({ name: KSM_RESTARTS, labels, runs: steps(since) });
  const checkAt = evaluationAtOrAfter(lead * t.sample + t.hold, t);
  const killed = (other = false, why = 'OOMKilled', at = lead) => [reason(pod(other), why, at), restarts(pod(other), at)];
  return [
    fires(alert, () => killed(), t, opts),
    silent(alert, 'healthy', 'stays silent on a healthy baseline: no restart', [restarts(pod(), n)], t, checkAt),
    silent(alert, 'link', 'stays silent on a restart after a termination for another reason', killed(false, 'Error'), t, checkAt),
    silent(alert, 'window', `stays silent on an OOM kill longer ago than ${formatDuration(windowOf(alert))}`, killed(false, 'OOMKilled', 0), t, checkAt),
    silent(alert, 'elsewhere', 'stays silent on an OOM kill of another container', killed(true), t, checkAt),
  ];
}

function limitForecastScenarios(alert: Alert, parts: Extract<CorrelationParts, { pattern: 'limitForecast' }>, service: Service, t: Timing, opts: ScenarioOptions): Array<Scenario | undefined> {
  const limit = service.memoryLimit ?? 2 ** 30;
  const base = roundStep(limit / 2);
  const lead = samplesIn(t.window, t) + 2;
  const n = lead + samplesIn(2 * t.window + t.hold + 2 * t.every, t) + 4;
  // Growth per sample that, read `horizon` ahead, adds `f` times the headroom to the base.
  const growth = (f: number) => roundStep((((limit - base) * f) / parts.horizon) * (t.sample / 1000));
  const pod = (other = false) => containerLabels(parts.container, other);
  const workingSet = (runs: Runs, other = false): InputSeries => ({ name: CADVISOR_WORKING_SET, labels: { ...pod(other), image: 'app' }, runs });
  const limits = (count: number, other = false): InputSeries => ({ name: KSM_LIMITS, labels: { ...pod(other), resource: 'memory', unit: 'byte' }, runs: [line(limit, 0, count)] });
  const restarts = (runs: Runs, other = false): InputSeries => ({ name: KSM_RESTARTS, labels: pod(other), runs });
  const none = (count: number) => restarts([line(0, 0, count)]);
  const leak = (f: number): Runs => continueLine([line(base, 0, lead)], growth(f), n - lead);
  // Growth that adds 3.1 times the minimum to each half of the window (not a whole multiple, so no floor difference
  // lands on the minimum exactly), from a start where the forecast
  // passes the limit part-way: the limit is what it crosses last, and a minimum ten times higher never holds.
  const rate = (6.2 * FORECAST_MIN_GROWTH) / t.window;
  const halfLeak = (strength: number): Runs => {
    const start = roundStep(limit - rate * parts.horizon * 1000 * (1 - strength / 2));
    return continueLine([line(start, 0, lead)], roundStep(rate * t.sample), n - lead);
  };
  // One half of the window grows by a step that alone forecasts the limit, the other by half the minimum.
  const halfSamples = samplesIn(t.window / 2, t);
  const high = roundStep(limit * 0.7);
  const step = roundStep(limit * 0.2);
  const drift = roundStep(FORECAST_MIN_GROWTH / 2 / halfSamples);
  const olderStep: Runs = [line(high, 0, lead), line(high + step, drift, halfSamples), line(high + step + drift * halfSamples, 0, n - lead - halfSamples)];
  const recentStep: Runs = [line(high, drift, lead + halfSamples), line(high + drift * (lead + halfSamples) + step, 0, n - lead - halfSamples)];
  const checkAt = evaluationAtOrAfter(lead * t.sample + t.hold, t);

  // A restart, after which the process warms up fast from a third of its memory: without the guard the slope
  // across the restart forecasts the limit. Runs until the restart leaves the window, and is kept only when
  // the unguarded expression would fire in that time.
  const restartScenario = (): Scenario | undefined => {
    const count = lead + samplesIn(t.window, t) - 1;
    // A window of one or two scrapes leaves no room for a restart and a warm-up inside it.
    if (count - lead - 1 < 1) return undefined;
    const series = [
      workingSet(continueLine([line(base, 0, lead), line(roundStep(base / 3), 0, 1)], growth(8), count - lead - 1)),
      limits(count),
      restarts([line(0, 0, lead), line(1, 0, count - lead)]),
    ];
    const unguarded = simulate(alert, series, t, false).steps.find((s) => s.state === 'firing');
    if (!unguarded) return undefined;
    return silent(alert, 'restart', 'stays silent across a restart that warms up fast, while the restart is inside the window', series, t, unguarded.t);
  };
  return [
    fires(alert, (s) => [workingSet(halfLeak(s)), limits(n), none(n)], t, opts),
    silent(alert, 'link', 'stays silent on a step that forecasts the limit while the other half of the window grew half the minimum', [workingSet(olderStep), limits(n), none(n)], t, checkAt),
    silent(alert, 'link', 'stays silent on a slow drift followed by a step: the older half grew less than the minimum', [workingSet(recentStep), limits(n), none(n)], t, checkAt),
    silent(alert, 'healthy', 'stays silent on a healthy baseline: a flat working set', [workingSet([line(base, 0, n)]), limits(n), none(n)], t, checkAt),
    silent(alert, 'safe', 'stays silent just on the safe side: growth that reaches half the headroom within the horizon', [workingSet(leak(0.5)), limits(n), none(n)], t, checkAt),
    restartScenario(),
    silent(alert, 'elsewhere', "stays silent when another container's working set heads for its limit", [workingSet(leak(1.5), true), limits(n, true), restarts([line(0, 0, n)], true), limits(n), none(n)], t, checkAt),
  ];
}

export function correlationScenarios(alert: Alert, service: Service, t: Timing, opts: ScenarioOptions): Scenario[] {
  if (alert.kind !== 'correlation') return [];
  const parts = alert.correlation;
  const scenarios =
    parts.pattern === 'memoryErrors'
      ? memoryErrorScenarios(alert, parts, service, t, opts)
      : parts.pattern === 'oomKilled'
        ? oomKilledScenarios(alert, parts, t, opts)
        : limitForecastScenarios(alert, parts, service, t, opts);
  return scenarios.filter((s): s is Scenario => s !== undefined);
}
