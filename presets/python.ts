// The `python` preset: a Python service instrumented with prometheus_client's default collectors (the process
// collector's process_resident_memory_bytes and process_start_time_seconds, the gc collector's python_gc_*
// counters) and, with `instrumentator: true`, the request metrics of prometheus-fastapi-instrumentator's
// default instrumentation (http_requests_total{handler, method, status}, http_request_duration_seconds).
// prometheus_client exports no heap or GC pause series, so the memory alerts read RSS; the GC collector's
// uncollectable-object counter catches what the cycle collector found but could not free.
import type { AlertConfig, MemgenConfig, PanelConfig, RequestMetricsConfig } from '../src/dsl/types.js';
import { runtimePreset } from './runtime.js';
import { correlationAlerts, memoryAlerts, memoryPanels, PANEL_SELECTOR, type CommonOptions } from './shared.js';

export type PythonMetric = 'rss' | 'startTime' | 'gcCollections' | 'gcCollected' | 'gcUncollectable' | 'requests' | 'requestDuration';
export type PythonAlert =
  | 'CriticalMemoryUsage'
  | 'MemoryLeakDetected'
  | 'RapidMemoryGrowth'
  | 'MonotonicMemoryGrowth'
  | 'AnomalousMemoryPattern'
  | 'MemoryExhaustionForecast'
  | 'UncollectableObjects';

export interface PythonOptions extends CommonOptions<PythonMetric, PythonAlert> {
  /**
   * The service also runs prometheus-fastapi-instrumentator's default instrumentation (`Instrumentator()
   * .instrument(app).expose(app)`): adds MemoryPressureErrors (memory high while http_requests_total shows 5xx)
   * and the request panels. Default false: without it, those series do not exist.
   */
  instrumentator?: boolean;
}

const METRIC_KEYS: readonly PythonMetric[] = ['rss', 'startTime', 'gcCollections', 'gcCollected', 'gcUncollectable', 'requests', 'requestDuration'];

/** The instrumentator's request counter, under the name the options give it: MemoryPressureErrors reads it. */
function requestsOf(options: PythonOptions, m: Record<PythonMetric, string>): RequestMetricsConfig | undefined {
  if (!options.instrumentator) return undefined;
  return m.requests !== 'http_requests_total' ? { metric: m.requests } : {};
}

function pythonAlerts(options: PythonOptions, m: Record<PythonMetric, string>): AlertConfig[] {
  return [
    ...memoryAlerts({ level: 'rss', growth: 'rss' }),
    {
      // Objects the cycle collector found unreachable but could not free stay in gc.garbage for good.
      kind: 'growth',
      name: 'UncollectableObjects',
      tier: 'medium',
      metric: 'gcUncollectable',
      window: '1h',
      above: 0,
      summary: 'The garbage collector found objects it cannot free: they stay in memory for good.',
    },
    ...(options.correlation === false ? [] : correlationAlerts({ memoryMetric: 'rss', requests: requestsOf(options, m) })),
  ];
}

export const python = runtimePreset<PythonMetric, PythonOptions>({
  name: 'python',
  title: 'Python memory leak detection',
  defaults: { service: 'python-app', port: 8000 },
  metricNames: {
    rss: 'process_resident_memory_bytes',
    startTime: 'process_start_time_seconds',
    gcCollections: 'python_gc_collections_total',
    gcCollected: 'python_gc_objects_collected_total',
    gcUncollectable: 'python_gc_objects_uncollectable_total',
    requests: 'http_requests_total',
    requestDuration: 'http_request_duration_seconds',
  },
  alerts: pythonAlerts,
  everyAlert: { instrumentator: true },
  extraOptions: { instrumentator: { type: 'boolean', description: 'the service runs prometheus-fastapi-instrumentator' } },
  catalog(m, options) {
    return {
      gcCollections: { name: m.gcCollections, type: 'counter', unit: 'count', help: 'Number of times this generation was collected.', labels: ['generation'] },
      gcCollected: { name: m.gcCollected, type: 'counter', unit: 'count', help: 'Objects collected during gc.', labels: ['generation'] },
      gcUncollectable: { name: m.gcUncollectable, type: 'counter', unit: 'count', help: 'Uncollectable objects found during GC.', labels: ['generation'] },
      ...(options.instrumentator
        ? {
            requests: { name: m.requests, type: 'counter', unit: 'count', help: 'Total number of requests by method, status and handler.', labels: ['handler', 'method', 'status'] },
            requestDuration: {
              name: m.requestDuration,
              type: 'histogram',
              unit: 'seconds',
              help: 'Latency with only few buckets by handler.',
              labels: ['handler', 'method'],
              buckets: [0.1, 0.5, 1],
            },
          }
        : {}),
    } as MemgenConfig['metrics'];
  },
  panels(m, { alerts, memoryLimit, options }) {
    const sel = PANEL_SELECTOR;
    return [
      ...memoryPanels({ rss: m.rss, growth: m.rss, growthTitle: 'RSS growth rate', growthWhat: 'RSS', memoryLimit, alerts }),
      {
        title: 'GC collections per second by generation',
        description: 'Collections of each generation per second; a rising generation 2 rate means many long-lived objects.',
        type: 'timeseries',
        unit: 'ops',
        row: 'GC',
        targets: [{ expr: `sum by (instance, generation) (rate(${m.gcCollections}${sel}[$__rate_interval]))`, legend: '{{instance}} gen {{generation}}' }],
      },
      {
        title: 'Objects collected per second by generation',
        description: 'Objects the collector freed per second; work the cycle collector does for reference cycles.',
        type: 'timeseries',
        unit: 'ops',
        row: 'GC',
        targets: [{ expr: `sum by (instance, generation) (rate(${m.gcCollected}${sel}[$__rate_interval]))`, legend: '{{instance}} gen {{generation}}' }],
      },
      {
        title: 'Uncollectable objects found per hour',
        description: 'Objects found unreachable but not freed, over the last hour; the line is the UncollectableObjects threshold.',
        type: 'timeseries',
        unit: 'short',
        row: 'GC',
        alert: 'UncollectableObjects',
        // The alert's own window, so the line compares like with like.
        lint: { disable: ['dashboard/rate-interval'] },
        targets: [{ expr: `sum by (instance) (increase(${m.gcUncollectable}${sel}[1h]))`, legend: '{{instance}}' }],
      },
      ...(options.instrumentator
        ? [
            {
              title: 'Requests per second by status',
              description: 'Requests handled per second by handler and status class (prometheus-fastapi-instrumentator).',
              type: 'timeseries',
              unit: 'ops',
              row: 'Requests',
              targets: [{ expr: `sum by (handler, status) (rate(${m.requests}${sel}[$__rate_interval]))`, legend: '{{handler}} {{status}}' }],
            } satisfies PanelConfig,
            {
              title: 'Request duration p95 by handler',
              description: '95th percentile of request durations per handler: a process short of memory slows down before it fails.',
              type: 'timeseries',
              unit: 's',
              row: 'Requests',
              targets: [
                { expr: `histogram_quantile(0.95, sum by (instance, handler, le) (rate(${m.requestDuration}_bucket${sel}[$__rate_interval])))`, legend: '{{instance}} {{handler}}' },
              ],
            } satisfies PanelConfig,
          ]
        : []),
    ];
  },
});
