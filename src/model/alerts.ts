// Turns one alert of the config into a model alert for one service: threshold converted into the unit of the
// expression's value, PromQL written, labels and annotations filled in. Problems are thrown as ConfigError
// with the alert's config path so the user sees which field is wrong.
import type { AlertConfig, MetricUnit } from '../dsl/types.js';
import {
  describeDimension,
  formatBytes,
  formatDuration,
  formatDurationProse,
  formatNumber,
  formatQuantity,
  parseDuration,
  parseQuantity,
  UnitError,
  type Quantity,
} from '../dsl/units.js';
import { ConfigError, joinPath, type ConfigProblem } from '../config/errors.js';
import { matrixSelector, promNumber, vectorSelector } from '../promql/print.js';
import type { Alert, Metric, Service, Threshold, Tier } from './types.js';

export interface AlertContext {
  service: Service;
  metric: Metric;
  tier: Tier;
  runbookBaseUrl: string;
  /** Config path segments of the alert, e.g. ['alerts', 3]. */
  path: Array<string | number>;
}

function problem(ctx: AlertContext, field: string | undefined, message: string, hint?: string): ConfigError {
  const segments = field ? [...ctx.path, field] : ctx.path;
  const p: ConfigProblem = { path: joinPath(segments), segments, message, hint };
  return new ConfigError([p]);
}

function parseField<T>(ctx: AlertContext, field: string, parse: () => T): T {
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
function toMetricUnit(ctx: AlertContext, field: string, q: Quantity): { value: number; display: string } {
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

function thresholdOf(ctx: AlertContext, config: AlertConfig): { op: '>' | '<'; field: 'above' | 'below'; quantity: Quantity } {
  if ((config.above === undefined) === (config.below === undefined)) {
    throw problem(ctx, undefined, "give exactly one of 'above' and 'below'");
  }
  const field = config.above !== undefined ? 'above' : 'below';
  const raw = (config.above ?? config.below) as string | number;
  return { op: field === 'above' ? '>' : '<', field, quantity: parseField(ctx, field, () => parseQuantity(raw)) };
}

function requireType(ctx: AlertContext, config: AlertConfig, allowed: Metric['type'][], why: string): void {
  if (!allowed.includes(ctx.metric.type)) {
    throw problem(ctx, 'metric', `a '${config.kind}' alert needs a ${allowed.join(' or ')} metric, and ${ctx.metric.name} is a ${ctx.metric.type}`, why);
  }
}

interface Compiled {
  expr: string;
  threshold: Threshold;
  keepLabels: string[];
  window?: number;
  quantile?: number;
  /** Sentence fragments for the default description. */
  valueText: string;
  whatText: string;
}

function compileExpression(ctx: AlertContext, config: AlertConfig): Compiled {
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
        window,
        valueText: valueTemplate(metric.unit, family),
        whatText: `${metric.name} changed by`,
      };
    }
    case 'slope': {
      requireType(ctx, config, ['gauge'], 'the slope of a counter is its rate(); use a growth alert for counters');
      const window = parseField(ctx, 'window', () => parseDuration(config.window));
      const q = t.quantity;
      if (metric.unit !== 'bytes' || q.dimension !== 'byteRate') {
        throw problem(ctx, t.field, `a slope alert needs a byte metric and a byte rate such as '5MiB/min'; got ${describeDimension(q.dimension)} for ${metric.name} (${metric.unit})`);
      }
      // deriv() is per second; scale it to the threshold's own time unit so the alert's value reads in it.
      const scale = q.perSeconds === 1 ? '' : ` * ${promNumber(q.perSeconds)}`;
      const promValue = q.value * q.perSeconds;
      const perLabel = formatQuantity(q).split('/')[1] as string;
      return {
        expr: `deriv(${matrixSelector(metric.name, job, formatDuration(window))})${scale} ${t.op} ${promNumber(promValue)}`,
        threshold: { op: t.op, quantity: q, promValue, display: formatQuantity(q) },
        keepLabels: seriesLabels,
        window,
        valueText: valueTemplate('bytesPerWindow', family, perLabel),
        whatText: `${metric.name} is growing at`,
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
        window,
        quantile: config.quantile,
        valueText: valueTemplate(metric.unit, family),
        whatText: `${pct} of ${metric.name} over ${formatDurationProse(window)} is`,
      };
    }
  }
}

function defaultDescription(alert: AlertConfig, c: Compiled): string {
  const where = ['{{ $labels.instance }} (job {{ $labels.job }}', ...(alert.kind === 'quantile' ? (alert.by ?? []).map((l) => `${l} {{ $labels.${l} }}`) : [])].join(', ');
  const side = c.threshold.op === '>' ? 'above' : 'below';
  const over = alert.kind === 'growth' && c.window ? ` over the last ${formatDurationProse(c.window)}` : '';
  return `On ${where}), ${c.whatText} ${c.valueText}${over}, ${side} the threshold of ${c.threshold.display}.`;
}

function defaultSummary(alert: AlertConfig, c: Compiled, metric: Metric): string {
  const side = c.threshold.op === '>' ? 'above' : 'below';
  switch (alert.kind) {
    case 'value':
      return `${metric.name} ${side} ${c.threshold.display}`;
    case 'growth':
      return `${metric.name} grew ${side === 'above' ? 'by more' : 'by less'} than ${c.threshold.display} in ${formatDurationProse(c.window as number)}`;
    case 'slope':
      return `${metric.name} growing faster than ${c.threshold.display}`;
    case 'quantile':
      return `p${formatNumber((alert.quantile ?? 0) * 100)} of ${metric.name} ${side} ${c.threshold.display}`;
  }
}

export function compileAlert(config: AlertConfig, ctx: AlertContext): Alert {
  const compiled = compileExpression(ctx, config);
  const forSeconds = config.for === undefined ? 0 : parseField(ctx, 'for', () => parseDuration(config.for as string));
  const base = ctx.runbookBaseUrl.replace(/\/+$/, '');
  const annotations: Record<string, string> = {
    summary: config.summary ?? defaultSummary(config, compiled, ctx.metric),
    description: config.description ?? defaultDescription(config, compiled),
    action: ctx.tier.actionText,
    runbook_url: `${base}/${config.name}.md`,
  };
  for (const key of Object.keys(config.annotations ?? {}).sort()) annotations[key] = (config.annotations as Record<string, string>)[key] as string;
  const labels: Record<string, string> = { severity: ctx.tier.severity };
  for (const key of Object.keys(config.labels ?? {}).sort()) labels[key] = (config.labels as Record<string, string>)[key] as string;
  return {
    name: config.name,
    kind: config.kind,
    service: ctx.service.name,
    tier: ctx.tier,
    metric: ctx.metric,
    for: forSeconds,
    window: compiled.window,
    quantile: compiled.quantile,
    keepLabels: compiled.keepLabels,
    threshold: compiled.threshold,
    expr: compiled.expr,
    labels,
    annotations,
    configPath: joinPath(ctx.path),
    ...(config.lint?.disable?.length ? { lintDisable: [...config.lint.disable] } : {}),
  };
}
