// The `go` preset: a Go service exporting client_golang's default collectors (Go and process). The heap in use
// (go_memstats_heap_inuse_bytes) is what live objects occupy; its floor after collections grows with a leak and
// not with the runtime returning memory to the OS late, which RSS shows, so the growth alerts read it. RSS
// (process_resident_memory_bytes) is what the memory limit applies to: CriticalMemoryUsage and the forecast
// read it. A goroutine leak (go_goroutines only ever rising) gets its own alert; each goroutine holds its stack
// and whatever it references. go_gc_duration_seconds is a summary of stop-the-world pauses (sub-millisecond in
// a healthy Go program), shown on the dashboard rather than alerted on.
import type { AlertConfig, RequestMetricsConfig } from '../src/dsl/types.js';
import { requestsSchema } from './requests.js';
import { runtimePreset } from './runtime.js';
import { correlationAlerts, memoryAlerts, memoryPanels, PANEL_SELECTOR, type CommonOptions } from './shared.js';

export type GoMetric = 'rss' | 'startTime' | 'heapInuse' | 'goroutines' | 'gcDuration';
export type GoAlert =
  | 'CriticalMemoryUsage'
  | 'MemoryLeakDetected'
  | 'RapidMemoryGrowth'
  | 'MonotonicMemoryGrowth'
  | 'AnomalousMemoryPattern'
  | 'MemoryExhaustionForecast'
  | 'GoroutineGrowth';

export interface GoOptions extends CommonOptions<GoMetric, GoAlert> {
  /** A request counter with a status label (e.g. promhttp's InstrumentHandlerCounter, label `code`): adds MemoryPressureErrors. */
  requests?: RequestMetricsConfig;
}

const METRIC_KEYS: readonly GoMetric[] = ['rss', 'startTime', 'heapInuse', 'goroutines', 'gcDuration'];

function goAlerts(options: GoOptions): AlertConfig[] {
  return [
    ...memoryAlerts({ level: 'rss', growth: 'heapInuse', noun: 'The heap', floor: 'The heap floor' }),
    {
      // 500 more goroutines than an hour before, for longer than the hour: a one-off rise (more traffic, a new
      // worker pool) lifts the difference for at most the hour; goroutines that never return keep it up.
      kind: 'growth',
      name: 'GoroutineGrowth',
      tier: 'medium',
      metric: 'goroutines',
      window: '1h',
      above: 500,
      for: '1h30m',
      summary: 'Goroutines keep piling up: a goroutine leak holds their stacks and everything they reference.',
    },
    ...(options.correlation === false ? [] : correlationAlerts({ memoryMetric: 'rss', requests: options.requests })),
  ];
}

export const go = runtimePreset<GoMetric, GoOptions>({
  name: 'go',
  title: 'Go memory leak detection',
  defaults: { service: 'go-app', port: 2112 },
  metricNames: {
    rss: 'process_resident_memory_bytes',
    startTime: 'process_start_time_seconds',
    heapInuse: 'go_memstats_heap_inuse_bytes',
    goroutines: 'go_goroutines',
    gcDuration: 'go_gc_duration_seconds',
  },
  alerts: goAlerts,
  everyAlert: { requests: {} },
  extraOptions: { requests: requestsSchema },
  catalog(m) {
    return {
      heapInuse: { name: m.heapInuse, type: 'gauge', unit: 'bytes', help: 'Number of heap bytes that are in use.' },
      goroutines: { name: m.goroutines, type: 'gauge', unit: 'count', help: 'Number of goroutines that currently exist.' },
      gcDuration: { name: m.gcDuration, type: 'summary', unit: 'seconds', help: 'A summary of the wall-time pause (stop-the-world) duration in garbage collection cycles.' },
    };
  },
  panels(m, { alerts, memoryLimit }) {
    const sel = PANEL_SELECTOR;
    return [
      ...memoryPanels({ rss: m.rss, growth: m.heapInuse, growthTitle: 'Heap growth rate', growthWhat: 'the heap in use', memoryLimit, alerts }),
      {
        title: 'Heap in use and RSS',
        description: 'Bytes in in-use heap spans against the resident set; RSS above the heap is memory the runtime has not yet returned to the OS, or stacks and cgo.',
        type: 'timeseries',
        unit: 'bytes',
        row: 'Heap',
        targets: [
          { expr: `${m.heapInuse}${sel}`, legend: 'heap in use {{instance}}' },
          { expr: `${m.rss}${sel}`, legend: 'RSS {{instance}}' },
        ],
      },
      {
        title: 'Goroutines added per hour',
        description: 'Goroutines now against an hour before; the line is the GoroutineGrowth threshold.',
        type: 'timeseries',
        unit: 'short',
        row: 'Goroutines',
        alert: 'GoroutineGrowth',
        targets: [{ expr: `delta(${m.goroutines}${sel}[1h])`, legend: '{{instance}}' }],
      },
      {
        title: 'GC pause, mean',
        description: 'Mean stop-the-world pause per collection (sum over count of the go_gc_duration_seconds summary).',
        type: 'timeseries',
        unit: 's',
        row: 'GC',
        targets: [{ expr: `rate(${m.gcDuration}_sum${sel}[$__rate_interval]) / rate(${m.gcDuration}_count${sel}[$__rate_interval])`, legend: '{{instance}}' }],
      },
    ];
  },
});
