// The `fastapi` preset: memory-leak monitoring for a FastAPI service instrumented as in the memory
// observability guide (../shared/reference). It follows the guide's signals, thresholds and tiers, with the
// guide's PromQL mistakes corrected: slopes of the RSS gauge use deriv(), not rate(); per-minute thresholds
// are compared with per-minute values; quantiles are taken over per-second rates of _bucket series; sizes
// are MiB throughout; severity is a label, where Alertmanager can route on it.
import { defineConfig } from '../src/dsl/define.js';
import type { AlertConfig, MemgenConfig, PanelConfig } from '../src/dsl/types.js';
import type { ByteSize } from '../src/dsl/units.js';
import { checkPresetOptions, commonOptionProperties, optionsSchema } from './options.js';
import {
  applyOverrides,
  correlationAlerts as sharedCorrelationAlerts,
  memoryAlerts,
  memoryPanels,
  PANEL_SELECTOR,
  withoutLinesOfMissingAlerts,
  type CommonOptions,
} from './shared.js';

export type { AlertOverride, CorrelationOverride } from './shared.js';

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

/** Options of the fastapi preset: service 'fastapi-app', port 8001, memoryLimit '1000MiB' by default. */
export type FastapiOptions = CommonOptions<FastapiMetric, FastapiAlert>;

/**
 * The guide's "memory spike -> timeout -> OOM kill" chain: memory near the limit while requests fail (the
 * request counter of prometheus-fastapi-instrumentator), an OOM kill, and a forecast of reaching the limit
 * (kube-state-metrics and cAdvisor, for services on Kubernetes).
 */
export function correlationAlerts(): AlertConfig[] {
  return sharedCorrelationAlerts({ memoryMetric: 'rss', requests: {} });
}

const METRIC_KEYS: readonly FastapiMetric[] = ['rss', 'startTime', 'endpointMemoryDelta', 'gcDuration', 'gcCollections', 'pythonObjects'];
const DEFAULT_MEMORY_LIMIT: ByteSize = '1000MiB';

/** The guide's alerts, before options: the shared memory set on RSS, the GC and endpoint quantiles, the chain. */
function guideAlerts(correlation: boolean): AlertConfig[] {
  return [
    ...memoryAlerts({ level: 'rss', growth: 'rss' }),
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
    ...(correlation ? correlationAlerts() : []),
  ];
}

/** JSON Schema of FastapiOptions. */
export function fastapiOptionsSchema() {
  return optionsSchema('fastapi', commonOptionProperties(METRIC_KEYS, guideAlerts(true)));
}

export function fastapi(options: FastapiOptions = {}): MemgenConfig {
  checkPresetOptions('fastapi', fastapiOptionsSchema, options);
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

  const alerts = applyOverrides('fastapi', guideAlerts(options.correlation !== false), options.alerts, guideAlerts(true).map((a) => a.name));

  const sel = PANEL_SELECTOR;
  const memory = memoryPanels({ rss: m.rss, growth: m.rss, growthTitle: 'RSS growth rate', growthWhat: 'RSS', memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, alerts });
  const panels: PanelConfig[] = [
    ...memory,
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
    kubernetes: { namespace: options.namespace, labels: options.kubernetesLabels },
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
    dashboard: { title: 'FastAPI memory leak detection', panels: withoutLinesOfMissingAlerts(panels, alerts) },
  });
}
