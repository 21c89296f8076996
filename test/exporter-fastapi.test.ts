// The fastapi preset against the exporter it is written for: integrations/fastapi (the guide's
// setup_memory_monitoring(app)) in a real uvicorn process. After some real traffic, one scrape must hold every
// series the preset's alerts and panels read, with the catalog's types, labels and buckets; and the exporter
// must measure what it says it measures.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastapi } from '../presets/fastapi.js';
import { buildModel } from '../src/model/build.js';
import { FASTAPI_INTEGRATION, httpText, PYTHON, skipWithoutFastapiPython, startFastapiDemo, type FastapiDemo } from './helpers/exporter.js';
import { parseExposition, type Family } from './helpers/exposition.js';
import { checkSeries, KUBERNETES_SERIES, unreadCatalogMetrics } from './helpers/series-check.js';

const MIB = 1024 * 1024;

const value = (family: Family | undefined, name: string, labels: Record<string, string> = {}): number | undefined =>
  family?.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe.skipIf(skipWithoutFastapiPython())('the fastapi preset on the real integrations/fastapi exporter', () => {
  let demo: FastapiDemo;
  const scrape = async (): Promise<Map<string, Family>> => {
    const { status, body } = await httpText(demo.metricsUrl);
    expect(status).toBe(200);
    return parseExposition(body, demo.metricsUrl);
  };

  beforeAll(async () => {
    demo = await startFastapiDemo();
    // Traffic on every kind of route: transient, cached (ids in the path, a query string), leaking, unmatched.
    for (let i = 0; i < 5; i++) await httpText(`${demo.appUrl}/work?kib=512`);
    for (const id of [1, 2, 3]) await httpText(`${demo.appUrl}/items/${id}?verbose=${id}`);
    await httpText(`${demo.appUrl}/items/999999`);
    await httpText(`${demo.appUrl}/no/such/route/${Date.now()}`);
    // The growth endpoint runs a full collection, so every generation has a timed pause.
    await httpText(`${demo.appUrl}/api/debug/memory/growth?limit=5`);
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('exports every series the alerts and panels read, with the catalog type, labels and buckets', async () => {
    const model = buildModel(fastapi(), 'preset fastapi');
    const problems = checkSeries(model, await scrape(), { elsewhere: KUBERNETES_SERIES });
    expect(problems).toEqual([]);
    expect(unreadCatalogMetrics(model)).toEqual([]);
  });

  it('labels requests by route template and method, never by raw path or query string', async () => {
    const families = await scrape();
    const endpoints = new Set(families.get('endpoint_memory_delta_bytes')?.samples.map((s) => `${s.labels.method} ${s.labels.endpoint}`));
    expect(endpoints).toContain('GET /items/{item_id}');
    expect(endpoints).toContain('GET /work');
    expect(endpoints).toContain('GET unmatched');
    expect([...endpoints].filter((e) => /\?|\/items\/\d|no\/such/.test(e))).toEqual([]);
    // The request counter MemoryPressureErrors divides: status classes as the instrumentator writes them.
    const requests = families.get('http_requests_total');
    expect(value(requests, 'http_requests_total', { handler: '/items/{item_id}', method: 'GET', status: '2xx' })).toBe(3);
    expect(value(requests, 'http_requests_total', { handler: '/items/{item_id}', method: 'GET', status: '4xx' })).toBe(1);
    expect(value(families.get('endpoint_memory_delta_bytes'), 'endpoint_memory_delta_bytes_count', { endpoint: '/work', method: 'GET' })).toBe(5);
  });

  it('times every collection of every generation through gc.callbacks, in milliseconds', async () => {
    const families = await scrape();
    const pauses = families.get('gc_duration_ms');
    for (const generation of ['0', '1', '2']) {
      const count = value(pauses, 'gc_duration_ms_count', { generation });
      expect(count, `generation ${generation}`).toBe(value(families.get('gc_collections_total'), 'gc_collections_total', { generation }));
      // prometheus_client's own collector counts the same collections (it reads gc.get_stats()).
      const theirs = value(families.get('python_gc_collections_total'), 'python_gc_collections_total', { generation }) ?? 0;
      expect(count).toBeLessThanOrEqual(theirs);
    }
    // The full collection of the growth endpoint took time, in ms: more than 0, less than a minute.
    const fullSum = value(pauses, 'gc_duration_ms_sum', { generation: '2' }) ?? 0;
    expect(fullSum).toBeGreaterThan(0);
    expect(fullSum).toBeLessThan(60_000);
  });

  it('reports RSS as psutil sees it, the start time of the process, and a bounded set of object types', async () => {
    const families = await scrape();
    const rss = value(families.get('process_rss_bytes'), 'process_rss_bytes') ?? 0;
    const resident = value(families.get('process_resident_memory_bytes'), 'process_resident_memory_bytes') ?? 0;
    expect(rss).toBeGreaterThan(10 * MIB);
    expect(Math.abs(rss - resident) / resident).toBeLessThan(0.1);
    const start = value(families.get('process_start_time_seconds'), 'process_start_time_seconds') ?? 0;
    expect(Date.now() / 1000 - start).toBeGreaterThan(0);
    expect(Date.now() / 1000 - start).toBeLessThan(600);
    const objects = families.get('python_objects_total')?.samples ?? [];
    expect(objects.length).toBe(20);
    expect(objects.map((s) => s.labels.type)).toContain('dict');
  });

  it('shows a leak: RSS, the leaking endpoint\'s delta, and the debug endpoints all point at it', async () => {
    const before = await scrape();
    await httpText(`${demo.appUrl}/api/debug/memory/growth`);
    const first = await httpText(`${demo.appUrl}/api/debug/memory/snapshot`);
    expect(first.status).toBe(202);
    for (let i = 0; i < 40; i++) await httpText(`${demo.appUrl}/audit?kib=1024`, { method: 'POST' });
    const after = await scrape();
    const grown = (value(after.get('process_rss_bytes'), 'process_rss_bytes') ?? 0) - (value(before.get('process_rss_bytes'), 'process_rss_bytes') ?? 0);
    expect(grown).toBeGreaterThan(30 * MIB);
    const leaked = value(after.get('endpoint_memory_delta_bytes'), 'endpoint_memory_delta_bytes_sum', { endpoint: '/audit', method: 'POST' }) ?? 0;
    expect(leaked).toBeGreaterThan(30 * MIB);

    const growth = JSON.parse((await httpText(`${demo.appUrl}/api/debug/memory/growth`)).body) as { growth_since_last_call: Array<{ type: string; increase: number }> };
    expect(growth.growth_since_last_call.find((g) => g.type === 'AuditRecord')?.increase).toBe(40);
    const snapshot = JSON.parse((await httpText(`${demo.appUrl}/api/debug/memory/snapshot?limit=3`)).body) as {
      growth_since_last_call: Array<{ file: string; size_diff_bytes: number }>;
    };
    const top = snapshot.growth_since_last_call[0];
    expect(top?.file).toMatch(/demo_app\.py$/);
    expect(top?.size_diff_bytes).toBeGreaterThan(30 * MIB);
    expect((await httpText(`${demo.appUrl}/api/debug/memory/snapshot`, { method: 'DELETE' })).body).toContain('"was_tracing":true');
  });
});

describe.skipIf(skipWithoutFastapiPython())('integrations/fastapi unit tests (Python unittest)', () => {
  it('pass', () => {
    const r = spawnSync(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests'], {
      cwd: FASTAPI_INTEGRATION,
      env: { ...process.env, PYTHONPATH: '.', PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(Number(/Ran (\d+) tests?/.exec(r.stderr)?.[1])).toBeGreaterThanOrEqual(9);
  });
});
