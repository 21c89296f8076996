// Turns one alert of the config into a model alert for one service: threshold converted into the unit of the
// expression's value, PromQL written, labels and annotations filled in. Problems are thrown as ConfigError
// with the alert's config path so the user sees which field is wrong.
import type { AlertConfig, MetricAlertConfig, MetricUnit } from '../dsl/types.js';
import {
  describeDimension,
  formatBytes,
  formatDuration,
  formatDurationProse,
  formatNumber,
  formatQuantity,
  parseBytes,
  parseDuration,
  parseQuantity,
  UnitError,
  type Quantity,
} from '../dsl/units.js';
import { ConfigError, joinPath, type ConfigProblem } from '../config/errors.js';
import { matrixSelector, promNumber, vectorSelector } from '../promql/print.js';
import { goTemplateLiteral } from './templates.js';
import type { Alert, AlertKindFields, Metric, Service, Threshold, Tier } from './types.js';

export interface AlertContext {
  service: Service;
  metric: Metric;
  tier: Tier;
  runbookBaseUrl: string;
  /** Config path segments of the alert, e.g. ['alerts', 3]. */
  path: Array<string | number>;
  /** The service's override of this alert, e.g. ['services', 1, 'alerts', 'RapidMemoryGrowth'], and the fields it sets. */
  override?: { path: Array<string | number>; fields: string[] };
  /** The config has several services. */
  fleet?: boolean;
  /** The catalog, for the start-time metric a warm-up grace reads. */
  metrics?: Record<string, Metric>;
}

export function problem(ctx: Pick<AlertContext, 'path' | 'override'>, field: string | undefined, message: string, hint?: string): ConfigError {
  // A field the service overrides is reported where the override wrote it.
  const base = field && ctx.override?.fields.includes(field) ? ctx.override.path : ctx.path;
  const segments = field ? [...base, field] : ctx.path;
  const p: ConfigProblem = { path: joinPath(segments), segments, message, hint };
  return new ConfigError([p]);
}

export function parseField<T>(ctx: Pick<AlertContext, 'path' | 'override'>, field: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof UnitError) throw problem(ctx, field, err.message, err.suggestion ? `did you mean '${err.suggestion}'?` : undefined);
    throw err;
  }
}

// How the expression's value is printed in a Go template, by the unit it is in.
function valueTemplate(unit: MetricUnit | 'bytesPerWindow', family: 'iec' | 'si', perLabel?: string): string {
  const bytes = family === 'iec' ? '{{ $value | humanize1024 }}B' : '{{ $value | humanize }}B';
  switch (unit) {
    case 'bytes':
    case 'bytesPerWindow':
      return perLabel ? `${bytes}/${perLabel}` : bytes;
    case 'milliseconds':
      return '{{ printf "%.0f" $value }} ms';
    case 'seconds':
      return '{{ $value | humanizeDuration }}';
    case 'count':
      return '{{ $value | humanize }}';
  }
}

/** Converts a threshold into the metric's own unit, checking that the dimensions agree. */
export function toMetricUnit(ctx: AlertContext, field: string, q: Quantity): { value: number; display: string } {
  const { metric, service } = ctx;
  const unit = metric.unit;
  if (unit === 'bytes' && q.dimension === 'bytes') return { value: q.value, display: formatQuantity(q) };
  if (unit === 'bytes' && q.dimension === 'ratio') {
    if (service.memoryLimit === undefined) {
      throw problem(ctx, field, `a percentage needs the service's memoryLimit, and service '${service.name}' has none`, "set services[].memoryLimit, e.g. '1000MiB', or give the threshold in bytes");
    }
    const value = Math.round(q.value * service.memoryLimit);
    return {
      value,
      display: `${formatBytes(value)} (${formatQuantity(q)} of the ${formatBytes(service.memoryLimit)} memory limit)`,
    };
  }
  if ((unit === 'seconds' || unit === 'milliseconds') && q.dimension === 'duration') {
    return { value: unit === 'seconds' ? q.value : q.value * 1000, display: formatDurationProse(q.value) };
  }
  if (unit === 'count' && q.dimension === 'number') return { value: q.value, display: formatNumber(q.value) };
  const expected = unit === 'bytes' ? "bytes ('900MiB') or a percentage of the memory limit ('90%')" : unit === 'count' ? 'a plain number' : "a duration ('500ms')";
  throw problem(ctx, field, `${metric.name} is measured in ${unit}, but the threshold is ${describeDimension(q.dimension)}`, `give ${expected}`);
}

const DEFAULT_FLOOR = '15m';

function thresholdOf(ctx: AlertContext, config: MetricAlertConfig): { op: '>' | '<'; field: 'above' | 'below'; quantity: Quantity } {
  // A forecast's threshold defaults to the whole memory limit.
  if (config.kind === 'forecast' && config.above === undefined && config.below === undefined) return { op: '>', field: 'above', quantity: parseQuantity('100%') };
  if (config.kind === 'forecast' && config.below !== undefined) throw problem(ctx, 'below', 'a forecast fires above a limit; give above');
  if ((config.above === undefined) === (config.below === undefined)) {
    throw problem(ctx, undefined, "give exactly one of 'above' and 'below'");
  }
  const field = config.above !== undefined ? 'above' : 'below';
  const raw = (config.above ?? config.below) as string | number;
  return { op: field === 'above' ? '>' : '<', field, quantity: parseField(ctx, field, () => parseQuantity(raw)) };
}

function requireType(ctx: AlertContext, config: MetricAlertConfig, allowed: Metric['type'][], why: string): void {
  if (!allowed.includes(ctx.metric.type)) {
    throw problem(ctx, 'metric', `a '${config.kind}' alert needs a ${allowed.join(' or ')} metric, and ${ctx.metric.name} is a ${ctx.metric.type}`, why);
  }
}

interface Compiled {
  fields: AlertKindFields;
  expr: string;
  threshold: Threshold;
  keepLabels: string[];
  /** Sentence fragments for the default description. */
  valueText: string;
  whatText: string;
}

/** `min_over_time(m{job}[floor])`, shifted back by `offset` seconds: the memory floor, below GC and bursts. */
function floorOf(metric: Metric, job: Record<string, string>, floor: number, offset = 0): string {
  const range = `${matrixSelector(metric.name, job, formatDuration(floor))}${offset > 0 ? ` offset ${formatDuration(offset)}` : ''}`;
  return `min_over_time(${range})`;
}

function requireBytesGauge(ctx: AlertContext, config: MetricAlertConfig): void {
  requireType(ctx, config, ['gauge'], 'a memory floor is read from a gauge');
  if (ctx.metric.unit !== 'bytes') throw problem(ctx, 'metric', `a '${config.kind}' alert needs a metric measured in bytes, and ${ctx.metric.name} is in ${ctx.metric.unit}`);
}

function byteRate(ctx: AlertContext, t: { field: 'above' | 'below'; quantity: Quantity }, raw: string): Extract<Quantity, { dimension: 'byteRate' }> {
  const q = t.quantity;
  if (q.dimension === 'byteRate') return q;
  const why = q.dimension === 'bytes' ? `'${raw}' has no time unit` : `'${raw}' is ${describeDimension(q.dimension)}`;
  throw problem(ctx, t.field, `${why}; a ${'growth'} rate is bytes per time`, `e.g. '${q.dimension === 'bytes' ? `${raw}/h` : '100MiB/h'}'`);
}

function compileExpression(ctx: AlertContext, config: MetricAlertConfig): Compiled {
  const { metric, service } = ctx;
  const job = { job: service.job };
  const t = thresholdOf(ctx, config);
  const family = 'family' in t.quantity ? t.quantity.family : 'iec';
  const seriesLabels = ['job', 'instance', ...metric.labels];

  switch (config.kind) {
    case 'value': {
      requireType(ctx, config, ['gauge'], 'compare a counter through a growth or slope alert instead');
      const { value, display } = toMetricUnit(ctx, t.field, t.quantity);
      return {
        fields: { kind: 'value' },
        expr: `${vectorSelector(metric.name, job)} ${t.op} ${promNumber(value)}`,
        threshold: { op: t.op, quantity: t.quantity, promValue: value, display },
        keepLabels: seriesLabels,
        valueText: valueTemplate(metric.unit, family),
        whatText: `${metric.name} is`,
      };
    }
    case 'growth': {
      requireType(ctx, config, ['gauge', 'counter'], 'growth is measured on a gauge (delta) or a counter (increase)');
      const window = parseField(ctx, 'window', () => parseDuration(config.window));
      const { value, display } = toMetricUnit(ctx, t.field, t.quantity);
      // delta() is the gauge function; increase() handles counter resets.
      const fn = metric.type === 'counter' ? 'increase' : 'delta';
      return {
        expr: `${fn}(${matrixSelector(metric.name, job, formatDuration(window))}) ${t.op} ${promNumber(value)}`,
        threshold: { op: t.op, quantity: t.quantity, promValue: value, display },
        keepLabels: seriesLabels,
        fields: { kind: 'growth', window },
        valueText: valueTemplate(metric.unit, family),
        whatText: `${metric.name} changed by`,
      };
    }
    case 'slope': {
      requireType(ctx, config, ['gauge'], 'the slope of a counter is its rate(); use a growth alert for counters');
      const window = parseField(ctx, 'window', () => parseDuration(config.window));
      const q = t.quantity;
      if (metric.unit !== 'bytes') {
        throw problem(ctx, 'metric', `a slope alert needs a metric measured in bytes, and ${metric.name} is in ${metric.unit}`);
      }
      if (q.dimension !== 'byteRate') {
        const raw = String(config.above ?? config.below);
        const why = q.dimension === 'bytes' ? `'${raw}' has no time unit` : `'${raw}' is ${describeDimension(q.dimension)}`;
        throw problem(ctx, t.field, `${why}; a slope threshold is a rate of bytes per time`, `e.g. '${q.dimension === 'bytes' ? `${raw}/min` : '5MiB/min'}'`);
      }
      // deriv() is per second; scale it to the threshold's own time unit so the alert's value reads in it.
      const scale = q.perSeconds === 1 ? '' : ` * ${promNumber(q.perSeconds)}`;
      const promValue = q.value * q.perSeconds;
      const perLabel = formatQuantity(q).split('/')[1] as string;
      return {
        expr: `deriv(${matrixSelector(metric.name, job, formatDuration(window))})${scale} ${t.op} ${promNumber(promValue)}`,
        threshold: { op: t.op, quantity: q, promValue, display: formatQuantity(q) },
        keepLabels: seriesLabels,
        fields: { kind: 'slope', window },
        valueText: valueTemplate('bytesPerWindow', family, perLabel),
        whatText: `${metric.name} is growing at`,
      };
    }
    case 'floorGrowth': {
      requireBytesGauge(ctx, config);
      const window = parseField(ctx, 'window', () => parseDuration(config.window));
      const floor = parseField(ctx, 'floor', () => parseDuration(config.floor ?? DEFAULT_FLOOR));
      const q = byteRate(ctx, t, String(config.above ?? config.below));
      const promValue = q.value * window;
      return {
        expr: `${floorOf(metric, job, floor)} - ${floorOf(metric, job, floor, window)} ${t.op} ${promNumber(promValue)}`,
        threshold: { op: t.op, quantity: q, promValue, display: `${formatQuantity(q)} (${formatBytes(promValue)} in ${formatDurationProse(window)})` },
        keepLabels: seriesLabels,
        fields: { kind: 'floorGrowth', window, floor },
        valueText: valueTemplate('bytes', family),
        whatText: `the floor of ${metric.name} (its lowest value over ${formatDurationProse(floor)}) rose by`,
      };
    }
    case 'forecast': {
      requireBytesGauge(ctx, config);
      const window = parseField(ctx, 'window', () => parseDuration(config.window ?? '3h'));
      const horizon = parseField(ctx, 'horizon', () => parseDuration(config.horizon ?? '12h'));
      const floor = parseField(ctx, 'floor', () => parseDuration(config.floor ?? DEFAULT_FLOOR));
      const minGrowth = parseField(ctx, 'minGrowth', () => parseBytes(config.minGrowth ?? '5MiB'));
      const limit = toMetricUnit(ctx, t.field, t.quantity);
      if (window % 2 !== 0) throw problem(ctx, 'window', 'the window is compared in two halves; give a whole number of seconds divisible by 2');
      const now = floorOf(metric, job, floor);
      const half = floorOf(metric, job, floor, window / 2);
      const start = floorOf(metric, job, floor, window);
      const growth = promNumber(minGrowth.value);
      // The floor plus its growth over the window, scaled to the horizon; the halves rule out a single step.
      return {
        expr:
          `(${now} + (${now} - ${start}) * ${promNumber(horizon / window)} > ${promNumber(limit.value)})` +
          ` and (${now} - ${half} > ${growth}) and (${half} - ${start} > ${growth})`,
        threshold: { op: '>', quantity: t.quantity, promValue: limit.value, display: limit.display },
        keepLabels: seriesLabels,
        fields: { kind: 'forecast', window, floor, horizon, minGrowth: minGrowth.value },
        valueText: valueTemplate('bytes', family),
        whatText: `extrapolated ${formatDurationProse(horizon)} ahead at the growth of the last ${formatDurationProse(window)}, the floor of ${metric.name} reaches`,
      };
    }
    case 'quantile': {
      requireType(ctx, config, ['histogram'], 'histogram_quantile() needs the _bucket series of a histogram');
      const window = parseField(ctx, 'window', () => parseDuration(config.window));
      const { value, display } = toMetricUnit(ctx, t.field, t.quantity);
      const by = ['job', 'instance', ...(config.by ?? [])];
      const unknown = (config.by ?? []).filter((l) => !metric.labels.includes(l));
      if (unknown.length > 0) {
        throw problem(ctx, 'by', `${metric.name} has no label ${unknown.map((l) => `'${l}'`).join(', ')}`, `its labels: ${metric.labels.join(', ') || 'none'}`);
      }
      const buckets = matrixSelector(`${metric.name}_bucket`, job, formatDuration(window));
      const pct = `p${formatNumber(config.quantile * 100)}`;
      return {
        expr: `histogram_quantile(${promNumber(config.quantile)}, sum by (${[...by, 'le'].join(', ')}) (rate(${buckets}))) ${t.op} ${promNumber(value)}`,
        threshold: { op: t.op, quantity: t.quantity, promValue: value, display },
        keepLabels: by,
        fields: { kind: 'quantile', window, quantile: config.quantile },
        valueText: valueTemplate(metric.unit, family),
        whatText: `${pct} of ${metric.name} over ${formatDurationProse(window)} is`,
      };
    }
  }
}

function windowOfFields(f: AlertKindFields): number {
  return f.kind === 'value' ? 0 : f.window;
}

function defaultDescription(alert: MetricAlertConfig, c: Compiled): string {
  const where = ['{{ $labels.instance }} (job {{ $labels.job }}', ...(alert.kind === 'quantile' ? (alert.by ?? []).map((l) => `${l} {{ $labels.${l} }}`) : [])].join(', ');
  const side = c.threshold.op === '>' ? 'above' : 'below';
  const over = c.fields.kind === 'growth' ? ` over the last ${formatDurationProse(c.fields.window)}` : '';
  return `On ${where}), ${c.whatText} ${c.valueText}${over}, ${side} the threshold of ${c.threshold.display}.`;
}

function defaultSummary(alert: MetricAlertConfig, c: Compiled, metric: Metric): string {
  const side = c.threshold.op === '>' ? 'above' : 'below';
  switch (alert.kind) {
    case 'value':
      return `${metric.name} ${side} ${c.threshold.display}`;
    case 'growth':
      return `${metric.name} grew ${side === 'above' ? 'by more' : 'by less'} than ${c.threshold.display} in ${formatDurationProse(windowOfFields(c.fields))}`;
    case 'slope':
      return `${metric.name} growing faster than ${c.threshold.display}`;
    case 'floorGrowth':
      return `the floor of ${metric.name} rising faster than ${c.threshold.display}`;
    case 'forecast':
      return `${metric.name} heading for ${c.threshold.display} within ${formatDurationProse(c.fields.kind === 'forecast' ? c.fields.horizon : 0)}`;
    case 'quantile':
      return `p${formatNumber((alert.quantile ?? 0) * 100)} of ${metric.name} ${side} ${c.threshold.display}`;
  }
}

function sortedEntries(record: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Annotations (summary, description, action, runbook_url, then the user's) and labels (severity, then the user's). */
export function labelsAndAnnotations(
  config: Pick<AlertConfig, 'name' | 'summary' | 'description' | 'labels' | 'annotations'>,
  ctx: Pick<AlertContext, 'tier' | 'runbookBaseUrl' | 'service' | 'fleet'>,
  defaults: { summary: string; description: string },
): Pick<Alert, 'labels' | 'annotations'> {
  const base = ctx.runbookBaseUrl.replace(/\/+$/, '');
  // Only the description is a template; every other text is prose and is escaped to print as written.
  const annotations: Record<string, string> = {
    summary: goTemplateLiteral(config.summary ?? defaults.summary),
    description: config.description ?? defaults.description,
    action: goTemplateLiteral(ctx.tier.actionText),
    runbook_url: goTemplateLiteral(`${base}/${config.name}.md`),
  };
  for (const [key, value] of sortedEntries(config.annotations)) annotations[key] = goTemplateLiteral(value);
  const labels: Record<string, string> = { severity: goTemplateLiteral(ctx.tier.severity) };
  // In a fleet, `service` keeps the copies of one alert distinct (promtool rejects the same name and labels in
  // two groups) and lets Alertmanager route per service.
  if (ctx.fleet) labels.service = ctx.service.name;
  for (const [key, value] of sortedEntries(config.labels)) labels[key] = goTemplateLiteral(value);
  return { labels, annotations };
}

export function forOf(config: Pick<AlertConfig, 'for'>, ctx: Pick<AlertContext, 'path' | 'override'>): number {
  return config.for === undefined ? 0 : parseField(ctx, 'for', () => parseDuration(config.for as string));
}

/**
 * The warm-up guard: `unless` the process started less than `warmup` ago. A service without the start-time
 * series returns nothing on the right-hand side, so it keeps the alert (without the grace).
 */
function withWarmup(ctx: AlertContext, config: MetricAlertConfig, compiled: Compiled): { expr: string; warmup?: number; warmupMetric?: string } {
  if (config.warmup === undefined) return { expr: compiled.expr };
  const warmup = parseField(ctx, 'warmup', () => parseDuration(config.warmup as string));
  if (warmup === 0) return { expr: compiled.expr };
  const start = ctx.metrics?.startTime;
  if (!start) throw problem(ctx, 'warmup', "a warm-up grace reads the catalog metric 'startTime', and the catalog has none", "add startTime: { name: 'process_start_time_seconds', type: 'gauge', unit: 'seconds' }");
  const expr = compiled.expr.includes(' and ') || compiled.expr.includes(' unless ') ? compiled.expr : `(${compiled.expr})`;
  return { expr: `${expr} unless on (job, instance) (time() - ${vectorSelector(start.name, { job: ctx.service.job })} < ${promNumber(warmup)})`, warmup, warmupMetric: start.name };
}

/** What the expression rules out, for the default description: each alert says why it is not a healthy shape. */
function ruledOutText(fields: AlertKindFields, forSeconds: number, warmup: number | undefined): string {
  const prose = formatDurationProse;
  const parts: string[] = [];
  if (warmup) parts.push(`not a warm-up (the process has run for over ${prose(warmup)})`);
  switch (fields.kind) {
    case 'slope':
      if (forSeconds >= fields.window) parts.push(`not a burst, batch allocation or cache step (the slope over ${prose(fields.window)} has held for ${prose(forSeconds)})`);
      break;
    case 'floorGrowth':
      parts.push(`not GC or a burst (the floor, the lowest value of ${prose(fields.floor)}, ignores them)`);
      if (forSeconds > fields.window) parts.push(`not a one-off step (that lifts the difference for at most ${prose(fields.window)})`);
      break;
    case 'forecast':
      parts.push(`not a one-off step (both halves of the last ${prose(fields.window)} grew)`);
      break;
    default:
      break;
  }
  if (parts.length === 0) return '';
  const text = parts.join(', ');
  return ` ${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function compileAlert(config: MetricAlertConfig, ctx: AlertContext): Alert {
  const compiled = compileExpression(ctx, config);
  const guarded = withWarmup(ctx, config, compiled);
  const forSeconds = forOf(config, ctx);
  const { labels, annotations } = labelsAndAnnotations(config, ctx, {
    summary: defaultSummary(config, compiled, ctx.metric),
    description: `${defaultDescription(config, compiled)}${ruledOutText(compiled.fields, forSeconds, guarded.warmup)}`,
  });
  return {
    name: config.name,
    service: ctx.service.name,
    tier: ctx.tier,
    metric: ctx.metric,
    for: forSeconds,
    ...compiled.fields,
    ...(guarded.warmup !== undefined ? { warmup: guarded.warmup, warmupMetric: guarded.warmupMetric } : {}),
    ...(config.accept?.length ? { accept: config.accept.map((a) => ({ ...a })) } : {}),
    keepLabels: compiled.keepLabels,
    threshold: compiled.threshold,
    expr: guarded.expr,
    labels,
    annotations,
    configPath: joinPath(ctx.path),
    ...(config.lint?.disable?.length ? { lintDisable: [...config.lint.disable] } : {}),
  };
}
