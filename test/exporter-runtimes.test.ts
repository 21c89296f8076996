// The series proof of the runtime presets: every series each alert and panel of the python and node presets reads
// exists, with the catalog's type, labels and buckets, in the scrape of a live process (prometheus_client's
// default collectors in a plain Python process, prom-client's default metrics in a plain Node process). For go
// and jvm, and for prometheus-fastapi-instrumentator's request metrics, whose exporters cannot run here, the
// same check runs on exposition samples from the libraries' documentation (test/fixtures/exposition/README.md).
// The recorded fixtures must still describe what the installed libraries export.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemgenConfig } from '../src/dsl/types.js';
import { buildModel } from '../src/model/build.js';
import { go } from '../presets/go.js';
import { jvm } from '../presets/jvm.js';
import { node } from '../presets/node.js';
import { python } from '../presets/python.js';
import { httpText, skipWithoutFastapiPython, sleep, startDefaultsExporter } from './helpers/exporter.js';
import { parseExposition, type Family } from './helpers/exposition.js';
import { ROOT } from './helpers/memgen.js';
import { checkSeries, KUBERNETES_SERIES, unreadCatalogMetrics } from './helpers/series-check.js';

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

function fixture(file: string): Map<string, Family> {
  return parseExposition(readFileSync(path.join(FIXTURES, file), 'utf8'), file);
}

/** The preset's series problems against one scrape; the correlation alerts' cluster series come from elsewhere. */
function presetProblems(config: MemgenConfig, families: Map<string, Family>, name: string) {
  const model = buildModel(config, `preset ${name}`);
  // A catalog metric no alert or panel reads would be checked by nothing.
  expect(unreadCatalogMetrics(model), name).toEqual([]);
  return checkSeries(model, families, { elsewhere: KUBERNETES_SERIES });
}

const RUNTIMES = {
  python: { fixture: 'python-prometheus-client-0.16.0.txt', preset: python },
  node: { fixture: 'node-prom-client-15.1.3.txt', preset: node },
} as const;

describe('the go and jvm presets against their libraries\' documented exposition', () => {
  it('go: client_golang 1.24.1 exports every series the preset reads', () => {
    expect(presetProblems(go(), fixture('go-client_golang-1.24.1.txt'), 'go')).toEqual([]);
  });

  it('jvm: client_java 1.0 exports every series the preset reads', () => {
    expect(presetProblems(jvm(), fixture('jvm-client_java-1.0.txt'), 'jvm')).toEqual([]);
  });

  it('a catalog that says histogram for the Go GC summary, or reads a pool label the JVM heap gauge lacks, is caught', () => {
    const config = go();
    config.metrics.gcDuration = { ...config.metrics.gcDuration, type: 'histogram' } as MemgenConfig['metrics'][string];
    config.dashboard?.panels?.push({ title: 'p99', type: 'timeseries', unit: 's', targets: [{ expr: 'histogram_quantile(0.99, rate(go_gc_duration_seconds_bucket[5m]))' }] });
    const goMessages = checkSeries(buildModel(config, 'go'), fixture('go-client_golang-1.24.1.txt'), { elsewhere: KUBERNETES_SERIES }).map((p) => p.message);
    expect(goMessages).toContain('the catalog says histogram, the exporter says summary');
    expect(goMessages).toContain('the exporter has the summary go_gc_duration_seconds but no sample named go_gc_duration_seconds_bucket');
    const j = jvm();
    j.dashboard?.panels?.push({ title: 'by pool', type: 'timeseries', unit: 'bytes', targets: [{ expr: 'sum by (pool) (jvm_memory_used_bytes)' }] });
    expect(checkSeries(buildModel(j, 'jvm'), fixture('jvm-client_java-1.0.txt'), { elsewhere: KUBERNETES_SERIES }).map((p) => p.message)).toContain(
      'it groups by pool, which none of the series it reads has',
    );
  });
});

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
    it(`${which}: every series the ${which} preset's alerts and panels read is in the live scrape`, () => {
      expect(presetProblems(RUNTIMES[which].preset(), scrapes.get(which) as Map<string, Family>, which)).toEqual([]);
    });

    it(`${which}: the recorded fixture has the families, types, labels and buckets of a live scrape`, () => {
      const recorded = parseExposition(readFileSync(path.join(FIXTURES, RUNTIMES[which].fixture), 'utf8'), RUNTIMES[which].fixture);
      expect(shape(scrapes.get(which) as Map<string, Family>), `re-record with: node scripts/record-expositions.mjs`).toEqual(shape(recorded));
    });
  }

  it('python with instrumentator: the live default collectors plus prometheus-fastapi-instrumentator\'s documented request metrics', () => {
    const families = new Map([...(scrapes.get('python') as Map<string, Family>), ...fixture('python-fastapi-instrumentator-8.0.2.txt')]);
    expect(presetProblems(python({ instrumentator: true }), families, 'python')).toEqual([]);
    // Without the instrumentator's series the request alert and panels would read nothing: the check says so.
    const missing = checkSeries(buildModel(python({ instrumentator: true }), 'python'), scrapes.get('python') as Map<string, Family>, { elsewhere: KUBERNETES_SERIES });
    expect(missing.map((p) => `${p.who}: ${p.metric}`)).toEqual(
      expect.arrayContaining(['alert MemoryPressureErrors: http_requests_total', 'panel "Request duration p95 by handler": http_request_duration_seconds_bucket']),
    );
  });

  it('node: a catalog that declares other buckets or another type is caught', () => {
    const families = scrapes.get('node') as Map<string, Family>;
    const config = node();
    config.metrics.gcDuration = { ...config.metrics.gcDuration, buckets: [0.005, 0.05, 0.5] } as MemgenConfig['metrics'][string];
    config.metrics.external = { ...config.metrics.external, type: 'counter' } as MemgenConfig['metrics'][string];
    const messages = checkSeries(buildModel(config, 'node'), families, { elsewhere: KUBERNETES_SERIES }).map((p) => p.message);
    expect(messages).toContain('the catalog says counter, the exporter says gauge');
    expect(messages.some((m) => /^buckets 0.001, 0.01, 0.1, 1, 2, 5 for .* are not the catalog's 0.005, 0.05, 0.5$/.test(m))).toBe(true);
  });
});
