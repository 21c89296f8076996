// Correlation alerts: the guide's "memory spike -> timeout -> OOM kill" chain in PromQL. Each joins memory with
// a consequence on the same instance or container, so it fires on what users feel rather than on memory alone:
//   memoryErrors   high memory `and on (job, instance)` a high share of failed requests
//   oomKilled      the last termination was OOMKilled `and` the container restarted within the window
//   limitForecast  predict_linear(working set) above the container limit, `unless` it restarted in the window
import type { CorrelationAlert, CorrelationPattern } from '../dsl/types.js';
import { formatDuration, formatDurationProse, formatNumber, parseDuration, parsePercent, parseQuantity } from '../dsl/units.js';
import { joinPath } from '../config/errors.js';
import { matrixSelector, promNumber, promString, vectorSelector } from '../promql/print.js';
import { forOf, labelsAndAnnotations, parseField, problem, toMetricUnit, type AlertContext } from './alerts.js';
import type { Alert, CorrelationParts, Metric, Service, Threshold, Tier } from './types.js';

export interface CorrelationContext {
  service: Service;
  metrics: Record<string, Metric>;
  tier: Tier;
  runbookBaseUrl: string;
  path: Array<string | number>;
  /** The config has several services. */
  fleet?: boolean;
}

// kube-state-metrics and cAdvisor names, as those exporters publish them.
export const KSM_LAST_TERMINATED = 'kube_pod_container_status_last_terminated_reason';
export const KSM_RESTARTS = 'kube_pod_container_status_restarts_total';
export const KSM_LIMITS = 'kube_pod_container_resource_limits';
export const CADVISOR_WORKING_SET = 'container_memory_working_set_bytes';
const CONTAINER_LABELS = ['namespace', 'pod', 'container'];
const ON_CONTAINER = `on (${CONTAINER_LABELS.join(', ')})`;
const BY_CONTAINER = `max by (${CONTAINER_LABELS.join(', ')})`;

const DEFAULT_WINDOW: Record<CorrelationPattern, string> = { memoryErrors: '5m', oomKilled: '15m', limitForecast: '3h' };
// Fields each pattern reads; any other pattern-specific field is a mistake worth telling.
const FIELDS: Record<CorrelationPattern, Array<keyof CorrelationAlert>> = {
  memoryErrors: ['metric', 'above', 'errorRatio', 'requests'],
  oomKilled: ['kubernetes'],
  limitForecast: ['kubernetes', 'horizon'],
};
const PATTERN_FIELDS: Array<keyof CorrelationAlert> = ['metric', 'above', 'errorRatio', 'requests', 'kubernetes', 'horizon'];

interface Compiled {
  expr: string;
  metric: Metric;
  threshold: Threshold;
  keepLabels: string[];
  window: number;
  condition: string;
  summary: string;
  description: string;
  parts: CorrelationParts;
}

function kubeMetric(name: string, unit: Metric['unit']): Metric {
  return { id: name, name, type: 'gauge', unit, labels: CONTAINER_LABELS };
}

function containerMatchers(config: CorrelationAlert, service: Service): Record<string, string> {
  const k = config.kubernetes ?? {};
  return { ...(k.namespace ? { namespace: k.namespace } : {}), container: k.container ?? service.name };
}

const POD_TEXT = 'container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }}';

function memoryErrors(config: CorrelationAlert, ctx: CorrelationContext, window: number): Compiled {
  const metricId = config.metric;
  const metric = metricId === undefined ? undefined : ctx.metrics[metricId];
  if (!metric) throw problem(ctx, 'metric', metricId === undefined ? 'memoryErrors needs the catalog key of the memory gauge' : `no metric '${metricId}' in the catalog`);
  if (config.above === undefined) throw problem(ctx, 'above', "memoryErrors needs a memory threshold, e.g. '80%' or '800MiB'");
  if (config.errorRatio === undefined) throw problem(ctx, 'errorRatio', "memoryErrors needs the share of failed requests that counts, e.g. '5%'");
  const alertCtx: AlertContext = { ...ctx, metric };
  const memory = toMetricUnit(alertCtx, 'above', parseField(ctx, 'above', () => parseQuantity(config.above as string)));
  const ratio = parseField(ctx, 'errorRatio', () => parsePercent(config.errorRatio as string));
  const requests = config.requests ?? {};
  const counter = requests.metric ?? 'http_requests_total';
  const statusLabel = requests.statusLabel ?? 'status';
  const errorStatus = requests.errorStatus ?? '5..|5xx';
  const job = { job: ctx.service.job };
  const range = formatDurationProse(window);
  const rate = (selector: string) => `sum by (job, instance) (rate(${selector}[${formatDuration(window)}]))`;
  const errors = rate(`${counter}{job=${promString(ctx.service.job)}, ${statusLabel}=~${promString(errorStatus)}}`);
  const all = rate(vectorSelector(counter, job));
  const pct = `${formatNumber(ratio * 100)}%`;
  return {
    expr: `(${vectorSelector(metric.name, job)} > ${promNumber(memory.value)}) and on (job, instance) (${errors} / ${all} > ${promNumber(ratio)})`,
    metric,
    threshold: { op: '>', quantity: parseQuantity(config.above), promValue: memory.value, display: memory.display },
    keepLabels: ['job', 'instance', ...metric.labels],
    window,
    condition: `${metric.name} is above ${memory.display} while more than ${pct} of requests (${counter}, ${statusLabel}=~"${errorStatus}", over ${range}) fail on the same instance`,
    summary: 'Memory is high and requests are failing on the same instance: memory pressure is turning into errors.',
    parts: { pattern: 'memoryErrors', job: ctx.service.job, memoryAbove: memory.value, errorRatio: ratio, requests: { metric: counter, statusLabel, errorStatus } },
    description: `On {{ $labels.instance }} (job {{ $labels.job }}), ${metric.name} is {{ $value | humanize1024 }}B, above ${memory.display}, while more than ${pct} of requests failed over the last ${range}.`,
  };
}

function oomKilled(config: CorrelationAlert, ctx: CorrelationContext, window: number): Compiled {
  const matchers = containerMatchers(config, ctx.service);
  const range = formatDurationProse(window);
  const killed = `${BY_CONTAINER} (${vectorSelector(KSM_LAST_TERMINATED, { ...matchers, reason: 'OOMKilled' })}) == 1`;
  // The reason stays until the next termination; a restart inside the window makes the kill recent.
  const restarted = `increase(${matrixSelector(KSM_RESTARTS, matchers, formatDuration(window))}) > 0`;
  return {
    expr: `(${killed}) and ${ON_CONTAINER} (${restarted})`,
    metric: kubeMetric(KSM_LAST_TERMINATED, 'count'),
    threshold: { op: '>', quantity: { dimension: 'number', value: 0 }, promValue: 0, display: `0 restarts after an OOM kill in the last ${range}` },
    keepLabels: CONTAINER_LABELS,
    window,
    condition: `container ${matchers.container} restarted in the last ${range} and its last termination was OOMKilled`,
    summary: 'A container was killed for running out of memory and restarted.',
    parts: { pattern: 'oomKilled', container: matchers },
    description: `In the last ${range}, ${POD_TEXT} was killed for running out of memory and restarted.`,
  };
}

/** The memory floor of the container's working set (lowest of each 15 minutes), shifted back by `offset`. */
function workingSetFloor(matchers: Record<string, string>, offset: number): string {
  const range = `${matrixSelector(CADVISOR_WORKING_SET, matchers, '15m')}${offset > 0 ? ` offset ${formatDuration(offset)}` : ''}`;
  return `min_over_time(${range})`;
}

/** Growth of the floor in each half of the window that rules out a one-off step. */
export const FORECAST_MIN_GROWTH = 5 * 1024 * 1024;

function limitForecast(config: CorrelationAlert, ctx: CorrelationContext, window: number): Compiled {
  const matchers = containerMatchers(config, ctx.service);
  const horizon = config.horizon === undefined ? 12 * 3600 : parseField(ctx, 'horizon', () => parseDuration(config.horizon as string));
  if (window % 2 !== 0) throw problem(ctx, 'window', 'the window is compared in two halves; give a whole number of seconds divisible by 2');
  const [now, half, start] = [0, window / 2, window].map((o) => workingSetFloor(matchers, o)) as [string, string, string];
  // Level and trend together (the node-exporter mixin's filesystem forecasts): the floor now plus its growth
  // over the window, scaled to the horizon, against the limit; both halves must have grown, so one step (a
  // cache reaching its size) is not a trend. A new pod is a new series, whose offsets are empty until it has
  // a window of history; a container restart inside the window silences it.
  // The horizon over the window, written out so the horizon (the alert's threshold) reads in the rule.
  const forecast = `${BY_CONTAINER} (${now} + (${now} - ${start}) * ${promNumber(horizon)} / ${promNumber(window)})`;
  const limit = `${BY_CONTAINER} (${vectorSelector(KSM_LIMITS, { ...matchers, resource: 'memory' })})`;
  const grew = (a: string, b: string) => `${BY_CONTAINER} (${a} - ${b}) > ${promNumber(FORECAST_MIN_GROWTH)}`;
  const restarted = `increase(${matrixSelector(KSM_RESTARTS, matchers, formatDuration(window))}) > 0`;
  const ahead = formatDurationProse(horizon);
  const over = formatDurationProse(window);
  return {
    expr: `(${forecast} > ${limit}) and ${ON_CONTAINER} (${grew(now, half)}) and ${ON_CONTAINER} (${grew(half, start)}) unless ${ON_CONTAINER} (${restarted})`,
    metric: kubeMetric(CADVISOR_WORKING_SET, 'bytes'),
    threshold: { op: '>', quantity: { dimension: 'duration', value: horizon }, promValue: horizon, display: `the container's memory limit, forecast ${ahead} ahead` },
    keepLabels: CONTAINER_LABELS,
    window,
    condition: `the floor of container ${matchers.container}'s working set, extrapolated ${ahead} ahead at its growth over the last ${over} (in both halves of it), passes its memory limit (no restart in that window)`,
    summary: `Memory will reach the container's limit within ${ahead} at the growth of the last ${over}.`,
    parts: { pattern: 'limitForecast', container: matchers, horizon },
    description: `The memory floor of ${POD_TEXT} has grown in both halves of the last ${over}; extrapolated ${ahead} ahead it reaches {{ $value | humanize1024 }}B, past its memory limit. Not a warm-up or a new pod (that has no ${over} of history), not a restart (none in the window), not a one-off step (one half would be flat).`,
  };
}

export function compileCorrelation(config: CorrelationAlert, ctx: CorrelationContext): Alert {
  for (const field of PATTERN_FIELDS) {
    if (config[field] !== undefined && !FIELDS[config.pattern].includes(field)) {
      throw problem(ctx, field, `a '${config.pattern}' correlation alert has no '${field}'`, `its fields: ${FIELDS[config.pattern].join(', ')}`);
    }
  }
  const window = parseField(ctx, 'window', () => parseDuration(config.window ?? DEFAULT_WINDOW[config.pattern]));
  const build = { memoryErrors, oomKilled, limitForecast }[config.pattern];
  const c = build(config, ctx, window);
  const { labels, annotations } = labelsAndAnnotations(config, ctx, { summary: c.summary, description: c.description });
  return {
    name: config.name,
    kind: 'correlation',
    service: ctx.service.name,
    tier: ctx.tier,
    metric: c.metric,
    for: forOf(config, ctx),
    window: c.window,
    keepLabels: c.keepLabels,
    threshold: c.threshold,
    expr: c.expr,
    condition: c.condition,
    labels,
    annotations,
    configPath: joinPath(ctx.path),
    correlation: c.parts,
  };
}

