// The dashboard of a config that declares no panels: derived from its catalog and alerts, accepted by
// Grafana's schemas and by the dashboard lint, each alert's panel drawing the line where the rule fires.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../src/source/config-file.js';
import type { AlertConfig, MemgenConfig } from '../src/dsl/types.js';
import { dashboardJson } from '../src/emit/grafana.js';
import { compile } from '../src/pipeline.js';
import { grafanaSchemaErrors } from './helpers/grafana-schema.js';
import { FIXTURES } from './helpers/memgen.js';

interface GPanel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
  fieldConfig?: { defaults: { unit: string; thresholds: { steps: Array<{ color: string; value: number | null }> } } };
}

const loaded = (config: MemgenConfig): LoadedConfig => ({ config, problems: [], source: 'test', locate: () => ({ file: 'test' }) });

const ALL_KINDS: AlertConfig[] = [
  { kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
  { kind: 'growth', name: 'MemoryGrew', tier: 'medium', metric: 'rss', window: '1h', above: '200MiB', for: '1h' },
  { kind: 'slope', name: 'MemoryRising', tier: 'high', metric: 'rss', window: '10m', above: '5MiB/min', for: '15m' },
  { kind: 'floorGrowth', name: 'FloorRising', tier: 'high', metric: 'heap', window: '1h', above: '50MiB/h', for: '2h' },
  { kind: 'forecast', name: 'LimitSoon', tier: 'high', metric: 'rss', for: '30m' },
  { kind: 'quantile', name: 'GcSlow', tier: 'medium', metric: 'gc', quantile: 0.99, window: '5m', above: '200ms', for: '10m', by: ['kind'] },
  { kind: 'correlation', pattern: 'oomKilled', name: 'OOMKilled', tier: 'high' },
];

/** A Node.js service: RSS, heap, GC pauses (histogram), a counter and a summary, and every alert kind. */
const NODE_SERVICE: MemgenConfig = {
  metrics: {
    rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
    heap: { name: 'nodejs_heap_size_used_bytes', type: 'gauge', unit: 'bytes' },
    gc: { name: 'nodejs_gc_duration_seconds', type: 'histogram', unit: 'seconds', labels: ['kind'] },
    startTime: { name: 'process_start_time_seconds', type: 'gauge', unit: 'seconds' },
    cpu: { name: 'process_cpu_seconds_total', type: 'counter', unit: 'seconds' },
    lag: { name: 'nodejs_eventloop_lag_seconds', type: 'summary', unit: 'seconds' },
  },
  services: [{ name: 'orders', port: 9464, memoryLimit: '1GiB' }],
  runbooks: { baseUrl: 'https://runbooks.example.com' },
  alerts: ALL_KINDS,
};

const yamlFixture = (file: string) => parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as MemgenConfig;
const withoutPanels = (c: MemgenConfig): MemgenConfig => ({ ...c, dashboard: { ...c.dashboard, panels: undefined } });

describe.each([
  ['a Node.js service with every alert kind', NODE_SERVICE],
  ['the minimal YAML config', yamlFixture('configs/minimal.yaml')],
  ['the fleet fixture, its panels removed', withoutPanels(yamlFixture('fleet/memgen.config.yaml'))],
])('the default dashboard of %s', (_name, config) => {
  const { model, problems } = compile(loaded(config));
  const dashboard = dashboardJson(model) as unknown as { panels: GPanel[] };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('has panels, which Grafana\'s schemas and the dashboard lint accept', () => {
    expect(panels.length).toBeGreaterThan(1);
    expect(grafanaSchemaErrors(dashboard)).toEqual([]);
    expect(problems.filter((p) => p.file?.startsWith('grafana/')).map((p) => `${p.rule}: ${p.panel}: ${p.message}`)).toEqual([]);
  });

  it("has a panel per metric alert with the rule's threshold as its line", () => {
    for (const alert of model.groups[0]?.alerts ?? []) {
      if (alert.kind === 'correlation') continue;
      const p = panels.find((q) => q.title.startsWith(`${alert.name}: `));
      expect(p, alert.name).toBeDefined();
      expect(p?.fieldConfig?.defaults.thresholds.steps.map((s) => s.value)).toContain(alert.threshold.promValue);
    }
  });
});

describe('default panels', () => {
  const titles = (config: MemgenConfig) => (dashboardJson(compile(loaded(config)).model).panels ?? []).map((p) => (p as GPanel).title);

  it('show growth, heap, GC and the catalog\'s other metrics, each in its row', () => {
    const all = titles(NODE_SERVICE);
    expect(all).toEqual(expect.arrayContaining(['Memory', 'Heap', 'GC', 'Runtime', 'process_resident_memory_bytes growth per hour', 'nodejs_heap_size_used_bytes growth per hour', 'process_cpu_seconds_total per second', 'Mean nodejs_eventloop_lag_seconds']));
    // The start time only feeds the warm-up grace; a graph of it says nothing.
    expect(all.some((t) => t.includes('process_start_time_seconds'))).toBe(false);
    // A correlation alert has no single quantity to draw.
    expect(all.some((t) => t.startsWith('OOMKilled'))).toBe(false);
  });

  it('are left out when the config declares panels, even none', () => {
    expect(titles({ ...NODE_SERVICE, dashboard: { panels: [] } })).toEqual([]);
  });
});
