// The `node` preset: a Node.js service exporting prom-client's collectDefaultMetrics(). The V8 heap in use
// (nodejs_heap_size_used_bytes) is where a JavaScript leak lives, and its floor (the heap after collections)
// moves with nothing else, so the growth alerts read it; RSS (process_resident_memory_bytes) is what the
// memory limit applies to, so CriticalMemoryUsage and the forecast read RSS. Buffers and native memory outside
// the heap (nodejs_external_memory_bytes) are on the dashboard and caught by the RSS alerts.
import type { AlertConfig, RequestMetricsConfig } from '../src/dsl/types.js';
import { requestsSchema } from './requests.js';
import { runtimePreset } from './runtime.js';
import { correlationAlerts, memoryAlerts, memoryPanels, PANEL_SELECTOR, type CommonOptions } from './shared.js';

export type NodeMetric = 'rss' | 'startTime' | 'heapUsed' | 'heapTotal' | 'external' | 'gcDuration';
export type NodeAlert =
  | 'CriticalMemoryUsage'
  | 'MemoryLeakDetected'
  | 'RapidMemoryGrowth'
  | 'MonotonicMemoryGrowth'
  | 'AnomalousMemoryPattern'
  | 'MemoryExhaustionForecast'
  | 'GCSlowdown';

export interface NodeOptions extends CommonOptions<NodeMetric, NodeAlert> {
  /** A request counter with a status label (e.g. from an HTTP middleware): adds MemoryPressureErrors. */
  requests?: RequestMetricsConfig;
}

const METRIC_KEYS: readonly NodeMetric[] = ['rss', 'startTime', 'heapUsed', 'heapTotal', 'external', 'gcDuration'];
/** prom-client's buckets for nodejs_gc_duration_seconds. */
const GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5];

function nodeAlerts(options: NodeOptions): AlertConfig[] {
  return [
    ...memoryAlerts({ level: 'rss', growth: 'heapUsed', noun: 'The heap', floor: 'The heap floor' }),
    {
      kind: 'quantile',
      name: 'GCSlowdown',
      tier: 'medium',
      metric: 'gcDuration',
      quantile: 0.95,
      window: '5m',
      by: ['kind'],
      above: '500ms',
      for: '5m',
      summary: 'Garbage collection pauses are long: a large live heap, a possible leak.',
    },
    ...(options.correlation === false ? [] : correlationAlerts({ memoryMetric: 'rss', requests: options.requests })),
  ];
}

export const node = runtimePreset<NodeMetric, NodeOptions>({
  name: 'node',
  title: 'Node.js memory leak detection',
  defaults: { service: 'node-app', port: 9100 },
  metricNames: {
    rss: 'process_resident_memory_bytes',
    startTime: 'process_start_time_seconds',
    heapUsed: 'nodejs_heap_size_used_bytes',
    heapTotal: 'nodejs_heap_size_total_bytes',
    external: 'nodejs_external_memory_bytes',
    gcDuration: 'nodejs_gc_duration_seconds',
  },
  alerts: nodeAlerts,
  everyAlert: { requests: {} },
  extraOptions: { requests: requestsSchema },
  catalog(m) {
    return {
      heapUsed: { name: m.heapUsed, type: 'gauge', unit: 'bytes', help: 'Process heap size used from Node.js in bytes.' },
      heapTotal: { name: m.heapTotal, type: 'gauge', unit: 'bytes', help: 'Process heap size from Node.js in bytes.' },
      external: { name: m.external, type: 'gauge', unit: 'bytes', help: 'Node.js external memory size in bytes.' },
      gcDuration: { name: m.gcDuration, type: 'histogram', unit: 'seconds', help: 'Garbage collection duration by kind.', labels: ['kind'], buckets: GC_BUCKETS },
    };
  },
  panels(m, { alerts, memoryLimit }) {
    const sel = PANEL_SELECTOR;
    return [
      ...memoryPanels({ rss: m.rss, growth: m.heapUsed, growthTitle: 'Heap growth rate', growthWhat: 'the V8 heap in use', memoryLimit, alerts }),
      {
        title: 'Heap used, heap total and external memory',
        description: 'The V8 heap in use and allocated, and memory outside it (Buffers, native addons); RSS growth outside the heap shows in external.',
        type: 'timeseries',
        unit: 'bytes',
        row: 'Heap',
        targets: [
          { expr: `${m.heapUsed}${sel}`, legend: 'heap used {{instance}}' },
          { expr: `${m.heapTotal}${sel}`, legend: 'heap total {{instance}}' },
          { expr: `${m.external}${sel}`, legend: 'external {{instance}}' },
        ],
      },
      {
        title: 'GC pause p95 by kind',
        description: '95th percentile of garbage-collection pauses per kind (major, minor, incremental); the line is the GCSlowdown threshold.',
        type: 'timeseries',
        unit: 's',
        row: 'GC',
        alert: 'GCSlowdown',
        targets: [{ expr: `histogram_quantile(0.95, sum by (instance, kind, le) (rate(${m.gcDuration}_bucket${sel}[$__rate_interval])))`, legend: '{{instance}} {{kind}}' }],
      },
    ];
  },
});
