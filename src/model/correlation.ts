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

const DEFAULT_WINDOW: Record<CorrelationPattern, string> = { memoryErrors: '5m', oomKilled: '15m', limitForecast: '1h' };
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

function limitForecast(config: CorrelationAlert, ctx: CorrelationContext, window: number): Compiled {
  const matchers = containerMatchers(config, ctx.service);
  const horizon = config.horizon === undefined ? 4 * 3600 : parseField(ctx, 'horizon', () => parseDuration(config.horizon as string));
  const range = formatDuration(window);
  const forecast = `${BY_CONTAINER} (predict_linear(${matrixSelector(CADVISOR_WORKING_SET, matchers, range)}, ${promNumber(horizon)}))`;
  const limit = `${BY_CONTAINER} (${vectorSelector(KSM_LIMITS, { ...matchers, resource: 'memory' })})`;
  const restarted = `increase(${matrixSelector(KSM_RESTARTS, matchers, range)}) > 0`;
  const ahead = formatDurationProse(horizon);
  return {
    expr: `(${forecast} > ${limit}) unless ${ON_CONTAINER} (${restarted})`,
    metric: kubeMetric(CADVISOR_WORKING_SET, 'bytes'),
    threshold: { op: '>', quantity: { dimension: 'duration', value: horizon }, promValue: horizon, display: `the container's memory limit, forecast ${ahead} ahead` },
    keepLabels: CONTAINER_LABELS,
    window,
    condition: `the working set of container ${matchers.container}, extrapolated from the last ${formatDurationProse(window)}, reaches its memory limit within ${ahead} (no restart in that window)`,
    summary: `Memory will reach the container's limit within ${ahead} at the current rate.`,
    parts: { pattern: 'limitForecast', container: matchers, horizon },
    description: `At the rate of the last ${formatDurationProse(window)}, ${POD_TEXT} reaches its memory limit within ${ahead} (forecast {{ $value | humanize1024 }}B).`,
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

