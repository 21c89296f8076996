// The `jvm` preset: a JVM service exporting client_java's JVM and process metrics (JvmMetrics of
// prometheus-metrics-instrumentation-jvm 1.x, which the JMX exporter's Java agent exports too). Chosen over
// Micrometer because it exports process_resident_memory_bytes and process_start_time_seconds under the names
// every official client uses (Micrometer has neither RSS nor the same process series), so the memory limit,
// the warm-up grace and the correlation alerts work as for the other runtimes; and its heap is one series per
// area (jvm_memory_used_bytes{area="heap"|"nonheap"}), not one per pool to be summed.
// The growth alerts read jvm_memory_used_bytes: its floor (lowest value of 15 minutes) is the memory left after
// collections, per area, so an object leak shows in the heap's and a class-loader leak in the non-heap's, while
// the young-generation sawtooth does not. RSS is what the container limit applies to: CriticalMemoryUsage and
// the forecast read it. GCOverhead fires when collections take more than a tenth of the time: the JVM's way
// of running out of heap before it throws OutOfMemoryError.
import type { AlertConfig, RequestMetricsConfig } from '../src/dsl/types.js';
import { requestsSchema } from './requests.js';
import { runtimePreset } from './runtime.js';
import { correlationAlerts, memoryAlerts, memoryPanels, PANEL_SELECTOR, type CommonOptions } from './shared.js';

export type JvmMetric = 'rss' | 'startTime' | 'memoryUsed' | 'memoryMax' | 'poolAfterGc' | 'gcTime';
export type JvmAlert =
  | 'CriticalMemoryUsage'
  | 'MemoryLeakDetected'
  | 'RapidMemoryGrowth'
  | 'MonotonicMemoryGrowth'
  | 'AnomalousMemoryPattern'
  | 'MemoryExhaustionForecast'
  | 'GCOverhead';

export interface JvmOptions extends CommonOptions<JvmMetric, JvmAlert> {
  /** A request counter with a status label (e.g. a servlet filter's): adds MemoryPressureErrors. */
  requests?: RequestMetricsConfig;
}

const METRIC_KEYS: readonly JvmMetric[] = ['rss', 'startTime', 'memoryUsed', 'memoryMax', 'poolAfterGc', 'gcTime'];

function jvmAlerts(options: JvmOptions): AlertConfig[] {
  return [
    ...memoryAlerts({ level: 'rss', growth: 'memoryUsed', noun: 'JVM memory', floor: 'The floor of JVM memory (heap or non-heap)' }),
    {
      // Seconds spent collecting per 5 minutes, per collector: above 30 s the JVM spends a tenth of its time in GC.
      kind: 'growth',
      name: 'GCOverhead',
      tier: 'medium',
      metric: 'gcTime',
      window: '5m',
      above: '30s',
      for: '10m',
      summary: 'Garbage collection takes a tenth of the time: the heap is nearly full of live objects.',
    },
    ...(options.correlation === false ? [] : correlationAlerts({ memoryMetric: 'rss', requests: options.requests })),
  ];
}

export const jvm = runtimePreset<JvmMetric, JvmOptions>({
  name: 'jvm',
  title: 'JVM memory leak detection',
  defaults: { service: 'jvm-app', port: 9400 },
  metricNames: {
    rss: 'process_resident_memory_bytes',
    startTime: 'process_start_time_seconds',
    memoryUsed: 'jvm_memory_used_bytes',
    memoryMax: 'jvm_memory_max_bytes',
    poolAfterGc: 'jvm_memory_pool_collection_used_bytes',
    // The _sum of the jvm_gc_collection_seconds summary: a counter of seconds spent collecting.
    gcTime: 'jvm_gc_collection_seconds_sum',
  },
  alerts: jvmAlerts,
  everyAlert: { requests: {} },
  extraOptions: { requests: requestsSchema },
  catalog(m) {
    return {
      memoryUsed: { name: m.memoryUsed, type: 'gauge', unit: 'bytes', help: 'Used bytes of a given JVM memory area.', labels: ['area'] },
      memoryMax: { name: m.memoryMax, type: 'gauge', unit: 'bytes', help: 'Max (bytes) of a given JVM memory area.', labels: ['area'] },
      poolAfterGc: { name: m.poolAfterGc, type: 'gauge', unit: 'bytes', help: 'Used bytes after last collection of a given JVM memory pool.', labels: ['pool'] },
      // A summary's _sum is a counter without the _total suffix: the library fixes the name.
      gcTime: { name: m.gcTime, type: 'counter', unit: 'seconds', help: 'Time spent in a given JVM garbage collector in seconds.', labels: ['gc'], lint: { disable: ['metrics/naming'] } },
    };
  },
  panels(m, { alerts, memoryLimit }) {
    const sel = PANEL_SELECTOR;
    const heap = `{job=~"$job", instance=~"$instance", area="heap"}`;
    return [
      ...memoryPanels({ rss: m.rss, growth: m.memoryUsed, growthTitle: 'JVM memory growth rate', growthWhat: 'heap and non-heap memory used', memoryLimit, alerts }),
      {
        title: 'Heap used and maximum',
        description: 'Heap in use against its maximum (-Xmx); a floor that climbs towards the maximum ends in OutOfMemoryError.',
        type: 'timeseries',
        unit: 'bytes',
        row: 'Heap',
        targets: [
          { expr: `${m.memoryUsed}${heap}`, legend: 'used {{instance}}' },
          { expr: `${m.memoryMax}${heap}`, legend: 'max {{instance}}' },
        ],
      },
      {
        title: 'Pool used after the last collection',
        description: 'What each memory pool held right after its last collection: the old generation growing here is retained memory.',
        type: 'timeseries',
        unit: 'bytes',
        row: 'Heap',
        targets: [{ expr: `${m.poolAfterGc}${sel}`, legend: '{{instance}} {{pool}}' }],
      },
      {
        title: 'Time in GC per 5 minutes by collector',
        description: 'Seconds spent collecting over 5 minutes, per collector; the line is the GCOverhead threshold.',
        type: 'timeseries',
        unit: 's',
        row: 'GC',
        alert: 'GCOverhead',
        // The alert's own window, so the line compares like with like.
        lint: { disable: ['dashboard/rate-interval'] },
        targets: [{ expr: `increase(${m.gcTime}${sel}[5m])`, legend: '{{instance}} {{gc}}' }],
      },
    ];
  },
});
