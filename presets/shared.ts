// What every preset shares: the options common to all, the memory alerts of docs/alert-truth.md (floor growth,
// sustained slope, forecast, warm-up grace) on the gauges a runtime exports, the correlation alerts, per-alert
// overrides (`enabled: false` included), and the memory panels. Each preset picks its gauges and adds its own
// GC alerts and panels.
import { ConfigError } from '../src/config/errors.js';
import { closest, formatQuantity, parseBytes, parseQuantity, UnitError } from '../src/dsl/units.js';
import { promNumber } from '../src/promql/print.js';
import type { AlertConfig, AlertmanagerConfig, CorrelationAlert, MemgenConfig, PanelConfig, RequestMetricsConfig, TierName } from '../src/dsl/types.js';
import type { ByteSize, Duration, Percent } from '../src/dsl/units.js';

/** Changes one alert of a preset; `enabled: false` leaves it out. */
export interface AlertOverride {
  /** New threshold in the alert's unit, e.g. '8MiB/min' for RapidMemoryGrowth or '95%' for CriticalMemoryUsage. */
  above?: AlertConfig['above'];
  for?: Duration;
  tier?: TierName;
  window?: Duration;
  /** false: the preset does not build this alert. */
  enabled?: boolean;
}

export type CorrelationAlertName = 'MemoryPressureErrors' | 'ContainerOOMKilled' | 'MemoryLimitForecast';

/** Changes one correlation alert; which fields apply depends on the alert (the options schema says). */
export interface CorrelationOverride {
  /** MemoryPressureErrors: memory threshold, e.g. '80%'. */
  above?: ByteSize | Percent;
  /** MemoryPressureErrors: share of failed requests, e.g. '5%'. */
  errorRatio?: Percent;
  window?: Duration;
  /** MemoryLimitForecast: how far ahead to extrapolate. */
  horizon?: Duration;
  for?: Duration;
  tier?: TierName;
  enabled?: boolean;
}

export type AlertOverrides<Name extends string> = { [K in Name]?: AlertOverride } & { [K in CorrelationAlertName]?: CorrelationOverride };

/** Options every preset takes. */
export interface CommonOptions<Metric extends string, Alert extends string> {
  /** Service name. */
  service?: string;
  /** Prometheus job name (default: the service name). */
  job?: string;
  /** Port of the metrics endpoint. */
  port?: number;
  path?: string;
  scrapeInterval?: Duration;
  evaluationInterval?: Duration;
  /** Memory limit of one process; CriticalMemoryUsage fires at 90% of it. */
  memoryLimit?: ByteSize;
  /** Kubernetes namespace of the generated manifests (default 'monitoring'). */
  namespace?: string;
  /** Labels the Prometheus CR selects rules and monitors on, e.g. { release: 'kube-prometheus-stack' }. */
  kubernetesLabels?: Record<string, string>;
  /** Alert routing; the default pages on critical and high, and posts medium to Slack. */
  alertmanager?: AlertmanagerConfig;
  targets?: string[];
  runbookBaseUrl?: string;
  /** Rename the metrics the service exposes. */
  metrics?: Partial<Record<Metric, string>>;
  /** Change any alert's threshold, `for`, tier or window, or turn it off with `enabled: false`. */
  alerts?: AlertOverrides<Alert>;
  /** The correlation alerts (default on; false leaves them out). */
  correlation?: boolean;
}

/** A process's first hour: warm-ups and lazily filled caches grow like leaks then. */
export const WARMUP = '1h';

/** Which catalog gauges the memory alerts read, and how their texts name it. */
export interface MemorySignals {
  /** The gauge the memory limit applies to (RSS): CriticalMemoryUsage and the forecast compare it with the limit. */
  level: string;
  /** The gauge whose floor growth says "leak": RSS, or the heap where the runtime exports it. */
  growth: string;
  /** 'Memory' or 'The heap': the subject of the growth alerts' summaries. */
  noun?: string;
  /** 'The memory floor' or 'The heap floor': the subject of the floor alerts' summaries. */
  floor?: string;
}

/**
 * The six memory alerts the shape catalog judges (docs/alert-truth.md): level on `level`, floor growth and
 * sustained slope on `growth`, the forecast on `level`. With both on RSS these are the fastapi preset's.
 */
export function memoryAlerts(signals: MemorySignals): AlertConfig[] {
  const noun = signals.noun ?? 'Memory';
  const floor = signals.floor ?? 'The memory floor';
  return [
    {
      kind: 'value',
      name: 'CriticalMemoryUsage',
      tier: 'critical',
      metric: signals.level,
      above: '90%',
      for: '2m',
      summary: 'Memory usage is close to the limit; an out-of-memory kill is imminent.',
    },
    {
      // The floor (lowest value of each 15 minutes) an hour apart: GC and bursts do not move it, and a `for`
      // longer than the hour rules out a one-off step, which raises the difference for at most an hour.
      kind: 'floorGrowth',
      name: 'MemoryLeakDetected',
      tier: 'critical',
      metric: signals.growth,
      window: '1h',
      floor: '15m',
      above: '100MiB/h',
      for: '1h30m',
      warmup: WARMUP,
      summary: `${floor} keeps growing fast: a confirmed leak.`,
    },
    {
      // The 5-minute slope must stay fast for 15 minutes: growth that lasts, which a burst, a batch job's
      // allocation or a cache step (a few minutes each) never does.
      kind: 'slope',
      name: 'RapidMemoryGrowth',
      tier: 'high',
      metric: signals.growth,
      window: '5m',
      above: '5MiB/min',
      for: '15m',
      warmup: WARMUP,
      summary: `${noun} is growing fast, and has been for a while.`,
    },
    {
      // The floor of each 10 minutes above the one before, for 45 minutes: growth that never paused.
      kind: 'floorGrowth',
      name: 'MonotonicMemoryGrowth',
      tier: 'high',
      metric: signals.growth,
      window: '10m',
      floor: '10m',
      above: '12MiB/h',
      for: '45m',
      warmup: WARMUP,
      summary: `${floor} rises without pause: the shape of a leak.`,
    },
    {
      kind: 'floorGrowth',
      name: 'AnomalousMemoryPattern',
      tier: 'medium',
      metric: signals.growth,
      window: '1h',
      floor: '15m',
      above: '60MiB/h',
      for: '1h30m',
      warmup: WARMUP,
      summary: `${floor} has grown more than usual and does not come back.`,
    },
    {
      // Level and trend together, as the node-exporter mixin's filesystem forecasts: the floor now plus its
      // growth of the last 3 hours, 12 hours ahead, past the limit; both halves of the window must have grown.
      kind: 'forecast',
      name: 'MemoryExhaustionForecast',
      tier: 'high',
      metric: signals.level,
      window: '3h',
      horizon: '12h',
      floor: '15m',
      minGrowth: '5MiB',
      for: '15m',
      warmup: WARMUP,
      summary: 'At its recent steady growth, memory reaches the limit within hours.',
    },
  ];
}

/**
 * The "memory spike -> timeout -> OOM kill" chain: memory near the limit while requests fail (only with a
 * request counter: `requests`), an OOM kill, and a forecast of reaching the container limit (kube-state-metrics
 * and cAdvisor, for services on Kubernetes).
 */
export function correlationAlerts(options: { memoryMetric?: string; requests?: RequestMetricsConfig } = {}): AlertConfig[] {
  const memoryErrors: CorrelationAlert[] =
    options.requests === undefined
      ? []
      : [
          {
            kind: 'correlation',
            pattern: 'memoryErrors',
            name: 'MemoryPressureErrors',
            tier: 'high',
            metric: options.memoryMetric ?? 'rss',
            above: '80%',
            errorRatio: '5%',
            window: '5m',
            for: '5m',
            ...(Object.keys(options.requests).length > 0 ? { requests: options.requests } : {}),
          },
        ];
  return [
    ...memoryErrors,
    { kind: 'correlation', pattern: 'oomKilled', name: 'ContainerOOMKilled', tier: 'high', window: '15m' },
    { kind: 'correlation', pattern: 'limitForecast', name: 'MemoryLimitForecast', tier: 'high', window: '3h', horizon: '12h', for: '15m' },
  ];
}

/** The override fields each alert takes: a value alert has no window, each correlation pattern its own fields. */
export function overrideFields(alert: AlertConfig): string[] {
  const common = ['for', 'tier', 'enabled'];
  if (alert.kind === 'value') return ['above', ...common];
  if (alert.kind !== 'correlation') return ['above', 'window', ...common];
  switch (alert.pattern) {
    case 'memoryErrors':
      return ['above', 'errorRatio', 'window', ...common];
    case 'oomKilled':
      return ['window', ...common];
    case 'limitForecast':
      return ['window', 'horizon', ...common];
  }
}

/**
 * Applies `alerts: { Name: {...} }` to the preset's alerts: fields replace the alert's, `enabled: false` drops
 * it. `known` names alerts the preset has but other options left out. Options are schema-checked first; the
 * checks here repeat what a caller skipping the schema could get wrong.
 */
export function applyOverrides(preset: string, alerts: AlertConfig[], overrides: object = {}, known: readonly string[] = []): AlertConfig[] {
  const names = alerts.map((a) => a.name);
  const dropped = new Set<string>();
  for (const [alertName, override] of Object.entries(overrides as Record<string, Record<string, unknown> | undefined>)) {
    const alert = alerts.find((a) => a.name === alertName);
    // An alert another option left out (correlation: false) may still carry its tuning.
    if (!alert && known.includes(alertName)) continue;
    if (!alert) {
      const guess = closest(alertName, names);
      throw new ConfigError([
        { path: `alerts.${alertName}`, message: `the ${preset} preset has no alert '${alertName}'`, hint: guess ? `did you mean '${guess}'?` : `alerts: ${names.join(', ')}` },
      ]);
    }
    if (!override) continue;
    const allowed = overrideFields(alert);
    for (const [field, value] of Object.entries(override)) {
      if (value === undefined) continue;
      if (!allowed.includes(field)) {
        throw new ConfigError([{ path: `alerts.${alertName}.${field}`, message: `${alertName} has no '${field}' to change`, hint: `it takes: ${allowed.join(', ')}` }]);
      }
      if (field === 'enabled') {
        if (value === false) dropped.add(alertName);
        continue;
      }
      (alert as unknown as Record<string, unknown>)[field] = value;
    }
  }
  return alerts.filter((a) => !dropped.has(a.name));
}

/** The limit in bytes for panel queries; an invalid one is reported by config validation, so panels just skip it. */
export function memoryLimitBytes(limit: ByteSize): number | undefined {
  try {
    return parseBytes(limit).value;
  } catch (err) {
    if (err instanceof UnitError) return undefined;
    throw err;
  }
}

/**
 * The growth panel shows bytes per the time unit of RapidMemoryGrowth's threshold ('5MiB/min' -> per minute),
 * scaled as the rule scales deriv(), so the threshold line (the rule's own number) sits on the same axis.
 */
export function growthScale(threshold: AlertConfig['above']): { scale: string; label: string } {
  const perMinute = { scale: ' * 60', label: 'min' };
  if (threshold === undefined) return perMinute;
  try {
    const q = parseQuantity(threshold);
    if (q.dimension !== 'byteRate') return perMinute;
    return { scale: q.perSeconds === 1 ? '' : ` * ${promNumber(q.perSeconds)}`, label: formatQuantity(q).split('/')[1] as string };
  } catch (err) {
    if (err instanceof UnitError) return perMinute;
    throw err;
  }
}

/** Dashboard queries select through the $job and $instance variables. */
export const PANEL_SELECTOR = '{job=~"$job", instance=~"$instance"}';

/** Panels that divide by the memory limit: the same limit the CriticalMemoryUsage percentage is taken of. */
export function limitPanels(rss: string, sel: string, limitBytes: number): { percent: PanelConfig; timeToLimit: PanelConfig } {
  const limit = promNumber(limitBytes);
  // predict_linear(v, 0) is the fitted value now and predict_linear(v, 3600) the value in an hour; their
  // difference is the hourly growth, so (limit - now) / growth hours remain. Shrinking series are dropped.
  const now = `predict_linear(${rss}${sel}[1h], 0)`;
  const inAnHour = `predict_linear(${rss}${sel}[1h], 3600)`;
  return {
    percent: {
      title: 'Memory used (% of limit)',
      description: 'RSS as a fraction of the memory limit; the line is the CriticalMemoryUsage threshold.',
      type: 'timeseries',
      unit: 'percentunit',
      row: 'Memory',
      alert: 'CriticalMemoryUsage',
      targets: [{ expr: `${rss}${sel} / ${limit}`, legend: '{{instance}}' }],
    },
    timeToLimit: {
      title: 'Predicted time to memory limit',
      description: 'Time until RSS reaches the memory limit at the growth of the last hour (linear regression); empty when memory is not growing.',
      type: 'stat',
      unit: 's',
      row: 'Memory',
      targets: [{ expr: `(${limit} - ${now}) / (${inAnHour} - ${now}) * 3600 > 0`, legend: '{{instance}}' }],
    },
  };
}

/**
 * The Memory row: RSS with the critical line, % of the limit, the slope RapidMemoryGrowth reads (of `growth`,
 * the gauge it alerts on, titled `growthTitle`) and the time to the limit.
 */
export function memoryPanels(opts: { rss: string; growth: string; growthTitle: string; growthWhat: string; memoryLimit: ByteSize; alerts: AlertConfig[] }): PanelConfig[] {
  const sel = PANEL_SELECTOR;
  const limitBytes = memoryLimitBytes(opts.memoryLimit);
  const growth = growthScale(opts.alerts.find((a) => a.name === 'RapidMemoryGrowth')?.above);
  const limited = limitBytes === undefined ? undefined : limitPanels(opts.rss, sel, limitBytes);
  return [
    {
      title: 'RSS timeline',
      description: 'Resident set size of each instance; the line is the CriticalMemoryUsage threshold.',
      type: 'timeseries',
      unit: 'bytes',
      row: 'Memory',
      alert: 'CriticalMemoryUsage',
      targets: [{ expr: `${opts.rss}${sel}`, legend: '{{instance}}' }],
    },
    ...(limited ? [limited.percent] : []),
    {
      // The title stays the same whatever the time unit, so the panel keeps its id.
      title: opts.growthTitle,
      description: `Slope of ${opts.growthWhat} by linear regression over 5 minutes (the window RapidMemoryGrowth reads), in bytes per ${growth.label}; the line is its threshold.`,
      type: 'timeseries',
      unit: 'bytes',
      row: 'Memory',
      alert: 'RapidMemoryGrowth',
      targets: [{ expr: `deriv(${opts.growth}${sel}[5m])${growth.scale}`, legend: `Growth per ${growth.label} {{instance}}` }],
    },
    ...(limited ? [limited.timeToLimit] : []),
  ];
}

/** A panel draws the threshold line of its alert; with the alert turned off, the panel stays without the line. */
export function withoutLinesOfMissingAlerts(panels: PanelConfig[], alerts: AlertConfig[]): PanelConfig[] {
  const names = new Set(alerts.map((a) => a.name));
  return panels.map((panel) => {
    if (panel.alert === undefined || names.has(panel.alert)) return panel;
    const { alert: _gone, ...rest } = panel;
    return { ...rest, ...(panel.description ? { description: panel.description.replace(/;? the line is (the \w+|its) threshold\./, '.') } : {}) };
  });
}

/** The parts of a runtime preset's config that do not depend on the runtime. */
export function runtimeConfig(opts: {
  options: CommonOptions<string, string>;
  defaults: { service: string; port: number; memoryLimit: ByteSize };
  metrics: MemgenConfig['metrics'];
  alerts: AlertConfig[];
  panels: PanelConfig[];
  title: string;
}): MemgenConfig {
  const o = opts.options;
  const name = o.service ?? opts.defaults.service;
  return {
    runbookBaseUrl: o.runbookBaseUrl,
    prometheus: { scrapeInterval: o.scrapeInterval ?? '30s', evaluationInterval: o.evaluationInterval ?? '15s' },
    kubernetes: { namespace: o.namespace, labels: o.kubernetesLabels },
    alertmanager: o.alertmanager,
    metrics: opts.metrics,
    services: [
      {
        name,
        job: o.job,
        port: o.port ?? opts.defaults.port,
        path: o.path ?? '/metrics',
        scrapeInterval: o.scrapeInterval ?? '30s',
        memoryLimit: o.memoryLimit ?? opts.defaults.memoryLimit,
        targets: o.targets,
        kubernetes: { selector: { app: name }, portName: 'metrics' },
        // The guide's debug endpoints are the fastapi integration's; a runtime's exporter has none.
        debugEndpoints: [],
      },
    ],
    alerts: opts.alerts,
    dashboard: { title: opts.title, panels: withoutLinesOfMissingAlerts(opts.panels, opts.alerts) },
  };
}

/** The catalog entries every official client's process collector exports. */
export function processMetrics(m: { rss: string; startTime: string }): MemgenConfig['metrics'] {
  return {
    rss: { name: m.rss, type: 'gauge', unit: 'bytes', help: 'Resident memory size in bytes.' },
    // The growth alerts wait out the warm-up with it.
    startTime: { name: m.startTime, type: 'gauge', unit: 'seconds', help: 'Start time of the process since unix epoch in seconds.' },
  };
}
