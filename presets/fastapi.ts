// The `fastapi` preset: memory-leak monitoring for a FastAPI service instrumented as in the memory
// observability guide (../shared/reference). It follows the guide's signals, thresholds and tiers, with the
// guide's PromQL mistakes corrected: slopes of the RSS gauge use deriv(), not rate(); per-minute thresholds
// are compared with per-minute values; quantiles are taken over per-second rates of _bucket series; sizes
// are MiB throughout; severity is a label, where Alertmanager can route on it.
import { ConfigError } from '../src/config/errors.js';
import { defineConfig } from '../src/dsl/define.js';
import { closest, formatQuantity, parseBytes, parseQuantity, UnitError } from '../src/dsl/units.js';
import { promNumber } from '../src/promql/print.js';
import type { AlertConfig, AlertmanagerConfig, MemgenConfig, PanelConfig, TierName } from '../src/dsl/types.js';
import type { ByteSize, Duration } from '../src/dsl/units.js';

export type FastapiMetric = 'rss' | 'startTime' | 'endpointMemoryDelta' | 'gcDuration' | 'gcCollections' | 'pythonObjects';
export type FastapiAlert =
  | 'CriticalMemoryUsage'
  | 'MemoryLeakDetected'
  | 'RapidMemoryGrowth'
  | 'MonotonicMemoryGrowth'
  | 'AnomalousMemoryPattern'
  | 'GCSlowdown'
  | 'HighMemoryEndpoint'
  | 'MemoryExhaustionForecast';

export interface AlertOverride {
  /** New threshold in the alert's unit, e.g. '8MiB/min' for RapidMemoryGrowth or '95%' for CriticalMemoryUsage. */
  above?: AlertConfig['above'];
  for?: Duration;
  tier?: TierName;
  window?: Duration;
}

export interface FastapiOptions {
  /** Service name (default 'fastapi-app'). */
  service?: string;
  /** Prometheus job name (default: the service name). */
  job?: string;
  /** Port of the metrics endpoint (default 8001). */
  port?: number;
  path?: string;
  scrapeInterval?: Duration;
  evaluationInterval?: Duration;
  /** Memory limit of one process (default '1000MiB'); CriticalMemoryUsage fires at 90% of it. */
  memoryLimit?: ByteSize;
  /** Kubernetes namespace of the generated manifests (default 'monitoring'). */
  namespace?: string;
  /** Labels the Prometheus CR selects rules and monitors on, e.g. { release: 'kube-prometheus-stack' }. */
  kubernetesLabels?: Record<string, string>;
  /** Alert routing; the default restarts on critical (webhook) and pages, pages on high, posts medium to Slack. */
  alertmanager?: AlertmanagerConfig;
  targets?: string[];
  runbookBaseUrl?: string;
  /** Rename the metrics the service exposes. */
  metrics?: Partial<Record<FastapiMetric, string>>;
  /** Change any alert's threshold, `for`, tier or window. */
  alerts?: Partial<Record<FastapiAlert, AlertOverride>>;
  /** The memory -> errors -> OOM kill correlation alerts (default on; false leaves them out; see correlationAlerts). */
  correlation?: boolean;
}

/**
 * The guide's "memory spike -> timeout -> OOM kill" chain: memory near the limit while requests fail (the
 * request counter of prometheus-fastapi-instrumentator), an OOM kill, and a forecast of reaching the limit
 * (kube-state-metrics and cAdvisor, for services on Kubernetes).
 */
export function correlationAlerts(): AlertConfig[] {
  return [
    { kind: 'correlation', pattern: 'memoryErrors', name: 'MemoryPressureErrors', tier: 'high', metric: 'rss', above: '80%', errorRatio: '5%', window: '5m', for: '5m' },
    { kind: 'correlation', pattern: 'oomKilled', name: 'ContainerOOMKilled', tier: 'high', window: '15m' },
    { kind: 'correlation', pattern: 'limitForecast', name: 'MemoryLimitForecast', tier: 'high', window: '3h', horizon: '12h', for: '15m' },
  ];
}

const ALERT_NAMES: readonly FastapiAlert[] = [
  'CriticalMemoryUsage',
  'MemoryLeakDetected',
  'RapidMemoryGrowth',
  'MonotonicMemoryGrowth',
  'AnomalousMemoryPattern',
  'GCSlowdown',
  'HighMemoryEndpoint',
  'MemoryExhaustionForecast',
];

const DEFAULT_MEMORY_LIMIT: ByteSize = '1000MiB';
/** A process's first hour: warm-ups and lazily filled caches grow like leaks then. */
const WARMUP = '1h';

/** The limit in bytes for panel queries; an invalid one is reported by config validation, so panels just skip it. */
function memoryLimitBytes(limit: ByteSize): number | undefined {
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
function growthScale(threshold: AlertConfig['above']): { scale: string; label: string } {
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

/** Panels that divide by the memory limit: the same limit the CriticalMemoryUsage percentage is taken of. */
function limitPanels(rss: string, sel: string, limitBytes: number): { percent: PanelConfig; timeToLimit: PanelConfig } {
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

export function fastapi(options: FastapiOptions = {}): MemgenConfig {
  const name = options.service ?? 'fastapi-app';
  const m: Record<FastapiMetric, string> = {
    rss: 'process_rss_bytes',
    startTime: 'process_start_time_seconds',
    endpointMemoryDelta: 'endpoint_memory_delta_bytes',
    gcDuration: 'gc_duration_ms',
    gcCollections: 'gc_collections_total',
    pythonObjects: 'python_objects_total',
    ...options.metrics,
  };

  const alerts: AlertConfig[] = [
    {
      kind: 'value',
      name: 'CriticalMemoryUsage',
      tier: 'critical',
      metric: 'rss',
      above: '90%',
      for: '2m',
      summary: 'Memory usage is close to the limit; an out-of-memory kill is imminent.',
    },
    {
      // The floor (lowest RSS of each 15 minutes) an hour apart: GC and bursts do not move it, and a `for`
      // longer than the hour rules out a one-off step, which raises the difference for at most an hour.
      kind: 'floorGrowth',
      name: 'MemoryLeakDetected',
      tier: 'critical',
      metric: 'rss',
      window: '1h',
      floor: '15m',
      above: '100MiB/h',
      for: '1h30m',
      warmup: WARMUP,
      summary: 'The memory floor keeps growing fast: a confirmed leak.',
    },
    {
      // The 5-minute slope must stay fast for 15 minutes: growth that lasts, which a burst, a batch job's
      // allocation or a cache step (a few minutes each) never does.
      kind: 'slope',
      name: 'RapidMemoryGrowth',
      tier: 'high',
      metric: 'rss',
      window: '5m',
      above: '5MiB/min',
      for: '15m',
      warmup: WARMUP,
      summary: 'Memory is growing fast, and has been for a while.',
    },
    {
      // The floor of each 10 minutes above the one before, for 45 minutes: growth that never paused.
      kind: 'floorGrowth',
      name: 'MonotonicMemoryGrowth',
      tier: 'high',
      metric: 'rss',
      window: '10m',
      floor: '10m',
      above: '12MiB/h',
      for: '45m',
      warmup: WARMUP,
      summary: 'The memory floor rises without pause: the shape of a leak.',
    },
    {
      kind: 'floorGrowth',
      name: 'AnomalousMemoryPattern',
      tier: 'medium',
      metric: 'rss',
      window: '1h',
      floor: '15m',
      above: '60MiB/h',
      for: '1h30m',
      warmup: WARMUP,
      summary: 'The memory floor has grown more than usual and does not come back.',
    },
    {
      // Level and trend together, as the node-exporter mixin's filesystem forecasts: the floor now plus its
      // growth of the last 3 hours, 12 hours ahead, past the limit; both halves of the window must have grown.
      kind: 'forecast',
      name: 'MemoryExhaustionForecast',
      tier: 'high',
      metric: 'rss',
      window: '3h',
      horizon: '12h',
      floor: '15m',
      minGrowth: '5MiB',
      for: '15m',
      warmup: WARMUP,
      summary: 'At its recent steady growth, memory reaches the limit within hours.',
    },
    {
      kind: 'quantile',
      name: 'GCSlowdown',
      tier: 'medium',
      metric: 'gcDuration',
      quantile: 0.95,
      window: '5m',
      by: ['generation'],
      above: '500ms',
      for: '5m',
      summary: 'Garbage collection pauses are long: many live objects, a possible leak.',
    },
    {
      kind: 'quantile',
      name: 'HighMemoryEndpoint',
      tier: 'medium',
      metric: 'endpointMemoryDelta',
      quantile: 0.95,
      window: '5m',
      by: ['endpoint', 'method'],
      above: '10MiB',
      for: '5m',
      summary: 'An endpoint retains a lot of memory per request.',
    },
  ];

  if (options.correlation !== false) alerts.push(...correlationAlerts());

  for (const [alertName, override] of Object.entries(options.alerts ?? {})) {
    const alert = alerts.find((a) => a.name === alertName);
    if (!alert) {
      const guess = closest(alertName, ALERT_NAMES);
      throw new ConfigError([
        { path: `alerts.${alertName}`, message: `the fastapi preset has no alert '${alertName}'`, hint: guess ? `did you mean '${guess}'?` : `alerts: ${ALERT_NAMES.join(', ')}` },
      ]);
    }
    if (override?.above !== undefined) alert.above = override.above;
    if (override?.for !== undefined) alert.for = override.for;
    if (override?.tier !== undefined) alert.tier = override.tier;
    if (override?.window !== undefined) {
      if (alert.kind === 'value') throw new ConfigError([{ path: `alerts.${alertName}.window`, message: `${alertName} compares the current value and has no window` }]);
      alert.window = override.window;
    }
  }

  // Dashboard queries select through the $job and $instance variables.
  const sel = '{job=~"$job", instance=~"$instance"}';
  const memoryLimit = memoryLimitBytes(options.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
  const growth = growthScale(alerts.find((a) => a.name === 'RapidMemoryGrowth')?.above);
  const limited = memoryLimit === undefined ? undefined : limitPanels(m.rss, sel, memoryLimit);
  const memoryPanels: PanelConfig[] = [
    {
      title: 'RSS timeline',
      description: 'Resident set size of each instance; the line is the CriticalMemoryUsage threshold.',
      type: 'timeseries',
      unit: 'bytes',
      row: 'Memory',
      alert: 'CriticalMemoryUsage',
      targets: [{ expr: `${m.rss}${sel}`, legend: '{{instance}}' }],
    },
    ...(limited ? [limited.percent] : []),
    {
      // The title stays the same whatever the time unit, so the panel keeps its id.
      title: 'RSS growth rate',
      description: `Slope of RSS by linear regression over 5 minutes (the window RapidMemoryGrowth reads), in bytes per ${growth.label}; the line is its threshold.`,
      type: 'timeseries',
      unit: 'bytes',
      row: 'Memory',
      alert: 'RapidMemoryGrowth',
      targets: [{ expr: `deriv(${m.rss}${sel}[5m])${growth.scale}`, legend: `Growth per ${growth.label} {{instance}}` }],
    },
    ...(limited ? [limited.timeToLimit] : []),
  ];
  const panels: PanelConfig[] = [
    ...memoryPanels,
    {
      title: 'GC pause p95 by generation',
      description: '95th percentile of garbage-collection pauses per generation; the line is the GCSlowdown threshold.',
      type: 'timeseries',
      unit: 'ms',
      row: 'GC',
      alert: 'GCSlowdown',
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (instance, generation, le) (rate(${m.gcDuration}_bucket${sel}[$__rate_interval])))`,
          legend: '{{instance}} gen {{generation}}',
        },
      ],
    },
    {
      title: 'GC collections per second by generation',
      description: 'Garbage collections per second in each generation; a rising generation 2 rate means many long-lived objects.',
      type: 'timeseries',
      unit: 'ops',
      row: 'GC',
      targets: [{ expr: `sum by (instance, generation) (rate(${m.gcCollections}${sel}[$__rate_interval]))`, legend: '{{instance}} gen {{generation}}' }],
    },
    {
      title: 'Object count trend',
      description: 'Live Python objects by type, the ten most numerous; a type that only grows points at the leak.',
      type: 'timeseries',
      unit: 'short',
      row: 'GC',
      targets: [{ expr: `topk(10, sum by (type) (${m.pythonObjects}${sel}))`, legend: '{{type}}' }],
    },
    {
      title: 'Top memory endpoints (p95 delta per request)',
      description: 'The five endpoints whose requests retain the most memory (95th percentile per request).',
      type: 'table',
      unit: 'bytes',
      row: 'Endpoints',
      alert: 'HighMemoryEndpoint',
      targets: [
        {
          expr: `topk(5, histogram_quantile(0.95, sum by (endpoint, method, le) (rate(${m.endpointMemoryDelta}_bucket${sel}[$__rate_interval]))))`,
          legend: '{{endpoint}} {{method}}',
          instant: true,
        },
      ],
    },
  ];

  return defineConfig({
    runbookBaseUrl: options.runbookBaseUrl,
    prometheus: {
      scrapeInterval: options.scrapeInterval ?? '30s',
      evaluationInterval: options.evaluationInterval ?? '15s',
    },
    kubernetes: { namespace: options.namespace ?? 'monitoring', labels: options.kubernetesLabels },
    alertmanager: options.alertmanager,
    metrics: {
      rss: { name: m.rss, type: 'gauge', unit: 'bytes', help: 'Resident set size of the process.' },
      // Every official client's process collector exports it; the growth alerts wait out the warm-up with it.
      startTime: { name: m.startTime, type: 'gauge', unit: 'seconds', help: 'Start time of the process since the Unix epoch.' },
      endpointMemoryDelta: {
        name: m.endpointMemoryDelta,
        type: 'histogram',
        unit: 'bytes',
        help: 'Change in RSS across one request.',
        labels: ['endpoint', 'method'],
      },
      // The guide's integration module fixes these two names, off Prometheus's conventions (milliseconds, and
      // _total on a gauge); the catalog says so, and the alerts convert units accordingly.
      gcDuration: {
        name: m.gcDuration,
        type: 'histogram',
        unit: 'milliseconds',
        help: 'Garbage-collection pause duration.',
        labels: ['generation'],
        lint: { disable: ['metrics/naming'] },
      },
      gcCollections: { name: m.gcCollections, type: 'counter', unit: 'count', help: 'Garbage collections.', labels: ['generation'] },
      pythonObjects: {
        name: m.pythonObjects,
        type: 'gauge',
        unit: 'count',
        help: 'Live Python objects.',
        labels: ['type'],
        lint: { disable: ['metrics/naming'] },
      },
    },
    services: [
      {
        name,
        job: options.job,
        port: options.port ?? 8001,
        path: options.path ?? '/metrics',
        scrapeInterval: options.scrapeInterval ?? '30s',
        memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
        targets: options.targets,
        kubernetes: { selector: { app: name }, portName: 'metrics' },
        // Served by the guide's FastAPI integration module.
        debugEndpoints: ['/api/debug/memory/growth', '/api/debug/memory/snapshot'],
      },
    ],
    alerts,
    dashboard: { title: 'FastAPI memory leak detection', panels },
  });
}
