// The series check on the client libraries runtime presets build on: prometheus_client's default collectors in
// a plain Python process and prom-client's default metrics in a plain Node process, both live. A config reading
// each runtime's memory and GC series (as a runtime preset would) must find them all, and the recorded
// fixtures in test/fixtures/exposition must still describe what the installed libraries export.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConfig } from '../src/dsl/define.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { buildModel } from '../src/model/build.js';
import { httpText, skipWithoutFastapiPython, sleep, startDefaultsExporter } from './helpers/exporter.js';
import { parseExposition, type Family } from './helpers/exposition.js';
import { ROOT } from './helpers/memgen.js';
import { checkSeries } from './helpers/series-check.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/exposition');

/** Families with their type, label names and bucket bounds: what a preset depends on, without the values. */
function shape(families: Map<string, Family>): string[] {
  return [...families.values()]
    .map((f) => {
      const labels = [...new Set(f.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => l !== 'le'))].sort();
      const buckets = [...new Set(f.samples.map((s) => s.labels.le).filter((le) => le !== undefined))];
      return `${f.name} ${f.type} {${labels.join(',')}}${buckets.length > 0 ? ` le=${buckets.join(',')}` : ''}`;
    })
    .sort();
}

function runtimeConfig(service: string, metrics: MemgenConfig['metrics'], alerts: MemgenConfig['alerts'], panels: string[]): MemgenConfig {
  return defineConfig({
    metrics,
    services: [{ name: service, port: 9100, memoryLimit: '1GiB' }],
    alerts,
    dashboard: { panels: panels.map((expr, i) => ({ title: `Panel ${i}`, type: 'timeseries', unit: 'short', targets: [{ expr }] })) },
  });
}

const RUNTIMES = {
  python: {
    fixture: 'python-prometheus-client-0.16.0.txt',
    config: runtimeConfig(
      'python-app',
      {
        rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
        started: { name: 'process_start_time_seconds', type: 'gauge', unit: 'seconds' },
        gcCollections: { name: 'python_gc_collections_total', type: 'counter', unit: 'count', labels: ['generation'] },
      },
      [
        { kind: 'value', name: 'PythonMemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '2m' },
        { kind: 'slope', name: 'PythonMemoryGrowth', tier: 'high', metric: 'rss', window: '30m', above: '2MiB/min', for: '15m' },
      ],
      ['time() - process_start_time_seconds{job="python-app"}', 'sum by (instance, generation) (rate(python_gc_collections_total{job="python-app"}[5m]))'],
    ),
  },
  node: {
    fixture: 'node-prom-client-15.1.3.txt',
    config: runtimeConfig(
      'node-app',
      {
        rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
        heapUsed: { name: 'nodejs_heap_size_used_bytes', type: 'gauge', unit: 'bytes' },
        external: { name: 'nodejs_external_memory_bytes', type: 'gauge', unit: 'bytes' },
        gcDuration: { name: 'nodejs_gc_duration_seconds', type: 'histogram', unit: 'seconds', labels: ['kind'], buckets: [0.001, 0.01, 0.1, 1, 2, 5] },
      },
      [
        { kind: 'slope', name: 'NodeHeapGrowth', tier: 'high', metric: 'heapUsed', window: '30m', above: '2MiB/min', for: '15m' },
        { kind: 'quantile', name: 'NodeGCSlow', tier: 'medium', metric: 'gcDuration', quantile: 0.95, window: '5m', above: '1s', by: ['kind'], for: '5m' },
      ],
      ['nodejs_external_memory_bytes{job="node-app"}', 'process_resident_memory_bytes{job="node-app"}'],
    ),
  },
} as const;

describe.skipIf(skipWithoutFastapiPython())('client libraries\' default metrics, live', () => {
  const scrapes = new Map<keyof typeof RUNTIMES, Map<string, Family>>();
  const stops: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    for (const which of ['python', 'node'] as const) {
      const exporter = await startDefaultsExporter(which);
      stops.push(exporter.stop);
      await sleep(1000); // prom-client's GC histogram needs a collection or two to have series
      const { status, body } = await httpText(exporter.metricsUrl);
      expect(status).toBe(200);
      scrapes.set(which, parseExposition(body, exporter.metricsUrl));
    }
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  for (const which of ['python', 'node'] as const) {
    it(`${which}: a runtime config's alerts and panels find every series they read`, () => {
      const families = scrapes.get(which) as Map<string, Family>;
      const model = buildModel(RUNTIMES[which].config, `${which} runtime test config`);
      expect(checkSeries(model, families)).toEqual([]);
    });

    it(`${which}: the recorded fixture has the families, types, labels and buckets of a live scrape`, () => {
      const recorded = parseExposition(readFileSync(path.join(FIXTURES, RUNTIMES[which].fixture), 'utf8'), RUNTIMES[which].fixture);
      expect(shape(scrapes.get(which) as Map<string, Family>), `re-record with: node scripts/record-expositions.mjs`).toEqual(shape(recorded));
    });
  }

  it('node: a catalog that declares other buckets or another type is caught', () => {
    const families = scrapes.get('node') as Map<string, Family>;
    const config = structuredClone(RUNTIMES.node.config) as MemgenConfig;
    config.metrics.gcDuration = { ...config.metrics.gcDuration, buckets: [0.005, 0.05, 0.5] } as MemgenConfig['metrics'][string];
    config.metrics.external = { ...config.metrics.external, type: 'counter' } as MemgenConfig['metrics'][string];
    const messages = checkSeries(buildModel(config, 'node runtime test config'), families).map((p) => p.message);
    expect(messages).toContain('the catalog says counter, the exporter says gauge');
    expect(messages.some((m) => /^buckets 0.001, 0.01, 0.1, 1, 2, 5 for .* are not the catalog's 0.005, 0.05, 0.5$/.test(m))).toBe(true);
  });
});
