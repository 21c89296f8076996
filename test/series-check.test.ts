// The exposition parser and the series check the real-exporter tests rely on: each must notice what would make
// an alert read nothing.
import { describe, expect, it } from 'vitest';
import { fastapi } from '../presets/fastapi.js';
import { buildModel } from '../src/model/build.js';
import { ExpositionError, familyOf, parseExposition } from './helpers/exposition.js';
import { checkSeries, KUBERNETES_SERIES } from './helpers/series-check.js';

describe('parseExposition', () => {
  it('groups samples into the family their TYPE line declares, suffixes included', () => {
    const families = parseExposition(
      [
        '# HELP gc_duration_ms GC pauses.',
        '# TYPE gc_duration_ms histogram',
        'gc_duration_ms_bucket{generation="0",le="1.0"} 3.0',
        'gc_duration_ms_bucket{generation="0",le="+Inf"} 4.0',
        'gc_duration_ms_count{generation="0"} 4.0',
        'gc_duration_ms_sum{generation="0"} 2.5',
        '# TYPE requests_total counter',
        'requests_total{path="/a"} 7 1700000000000',
        '# TYPE requests_created gauge',
        'requests_created{path="/a"} 1.7e9',
        'untyped_thing NaN',
      ].join('\n'),
    );
    expect([...families.keys()]).toEqual(['gc_duration_ms', 'requests_total', 'requests_created', 'untyped_thing']);
    const gc = families.get('gc_duration_ms');
    expect(gc?.type).toBe('histogram');
    expect(gc?.help).toBe('GC pauses.');
    expect(gc?.samples.map((s) => [s.name, s.labels.le, s.value])).toEqual([
      ['gc_duration_ms_bucket', '1.0', 3],
      ['gc_duration_ms_bucket', '+Inf', 4],
      ['gc_duration_ms_count', undefined, 4],
      ['gc_duration_ms_sum', undefined, 2.5],
    ]);
    expect(families.get('requests_total')?.samples[0]?.value).toBe(7);
    expect(Number.isNaN(families.get('untyped_thing')?.samples[0]?.value)).toBe(true);
    expect(familyOf(families, 'gc_duration_ms_bucket')?.name).toBe('gc_duration_ms');
    // The guide's `histogram_quantile(0.95, gc_duration_ms)` finds the family but none of its samples.
    expect(familyOf(families, 'gc_duration_ms')?.samples.some((s) => s.name === 'gc_duration_ms')).toBe(false);
  });

  it('unescapes label values', () => {
    const [sample] = parseExposition('x{a="q\\"uote",b="back\\\\slash",c="new\\nline", d="{,}"} 1\n').get('x')?.samples ?? [];
    expect(sample?.labels).toEqual({ a: 'q"uote', b: 'back\\slash', c: 'new\nline', d: '{,}' });
  });

  it.each([
    ['x{a="1"', 'x.txt:1: ...', /x\.txt:1: .*not closed|x\.txt:1: .*expected/],
    ['x{a="1"} one', '', /'one' is not a sample value/],
    ['# TYPE x histgram', '', /unknown metric type 'histgram' for x/],
    ['x 1\ny 2\nx 3', '', /:3: the samples of x are not contiguous/],
    ['x{a="1",a="2"} 1', '', /label a appears twice/],
    ['x 1 12.5', '', /'12.5' is not a timestamp/],
  ])('rejects %j with a message naming the line', (text, _, message) => {
    expect(() => parseExposition(text, 'x.txt')).toThrow(ExpositionError);
    expect(() => parseExposition(text, 'x.txt')).toThrow(message);
  });
});

/** The fastapi preset's series as a well-behaved exporter writes them; each case below breaks one thing. */
function exposition(overrides: Partial<Record<'rss' | 'gc' | 'endpoint' | 'collections' | 'objects' | 'requests', string>> = {}): string {
  const histogram = (name: string, labels: string, bounds: number[]): string =>
    [
      `# TYPE ${name} histogram`,
      ...bounds.map((le) => `${name}_bucket{${labels},le="${le}"} 1`),
      `${name}_bucket{${labels},le="+Inf"} 1`,
      `${name}_count{${labels}} 1`,
      `${name}_sum{${labels}} 1`,
    ].join('\n');
  return [
    overrides.rss ?? '# TYPE process_rss_bytes gauge\nprocess_rss_bytes 1e8',
    // prometheus_client's process collector: the growth alerts' warm-up grace reads it.
    '# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1.7e9',
    overrides.gc ?? histogram('gc_duration_ms', 'generation="0"', [1, 10, 100, 500, 1000]),
    overrides.endpoint ?? histogram('endpoint_memory_delta_bytes', 'endpoint="/a",method="GET"', [1024, 10485760, 67108864]),
    overrides.collections ?? '# TYPE gc_collections_total counter\ngc_collections_total{generation="0"} 3',
    overrides.objects ?? '# TYPE python_objects_total gauge\npython_objects_total{type="dict"} 10',
    overrides.requests ?? '# TYPE http_requests_total counter\nhttp_requests_total{handler="/a",method="GET",status="2xx"} 5',
    '',
  ].join('\n');
}

describe('checkSeries on the fastapi preset', () => {
  const model = buildModel(fastapi(), 'preset fastapi');
  const check = (text: string) => checkSeries(model, parseExposition(text), { elsewhere: KUBERNETES_SERIES });
  const messages = (text: string) => check(text).map((p) => `${p.who}: ${p.metric}: ${p.message}`);

  it('passes an exporter that has everything', () => {
    expect(check(exposition())).toEqual([]);
  });

  it('names each alert and panel that reads a missing series', () => {
    const found = messages(exposition({ gc: '' }));
    expect(found).toContain('alert GCSlowdown: gc_duration_ms_bucket: the exporter does not export it');
    expect(found.some((m) => m.startsWith('panel ') && m.includes('gc_duration_ms_bucket'))).toBe(true);
  });

  it('finds a missing grouping label and a missing catalog label', () => {
    const found = messages(exposition({ gc: '# TYPE gc_duration_ms histogram\ngc_duration_ms_bucket{le="+Inf"} 1\ngc_duration_ms_count 1\ngc_duration_ms_sum 1' }));
    expect(found).toContain('alert GCSlowdown: gc_duration_ms: it groups by generation, which none of the series it reads has');
    expect(found).toContain("catalog gcDuration: gc_duration_ms: no series carries the catalog's label generation");
  });

  it('finds a type that differs from the catalog, and a histogram read by its family name', () => {
    expect(messages(exposition({ rss: '# TYPE process_rss_bytes counter\nprocess_rss_bytes 1e8' }))).toContain(
      'catalog rss: process_rss_bytes: the catalog says gauge, the exporter says counter',
    );
    // A summary has no _bucket series: histogram_quantile over it reads nothing.
    const summary = '# TYPE gc_duration_ms summary\ngc_duration_ms{generation="0",quantile="0.5"} 1\ngc_duration_ms_sum{generation="0"} 1\ngc_duration_ms_count{generation="0"} 1';
    expect(messages(exposition({ gc: summary }))).toContain('alert GCSlowdown: gc_duration_ms_bucket: the exporter has the summary gc_duration_ms but no sample named gc_duration_ms_bucket');
  });

  it('finds buckets an alert cannot reach and histograms without +Inf', () => {
    const low = exposition({ endpoint: exposition().split('\n').filter((l) => l.startsWith('endpoint') || l.includes('TYPE endpoint')).filter((l) => !/le="(10485760|67108864)"/.test(l)).join('\n') });
    expect(messages(low)).toContain(
      'catalog endpointMemoryDelta: endpoint_memory_delta_bytes: the threshold 10485760 is not below the highest finite bucket bound 1024 for [["endpoint","/a"],["method","GET"]], so the quantile can never exceed it',
    );
    const noInf = exposition().replace('gc_duration_ms_bucket{generation="0",le="+Inf"} 1\n', '');
    expect(messages(noInf)).toContain('catalog gcDuration: gc_duration_ms: no le="+Inf" bucket for [["generation","0"]]');
  });

  it('does not let the list of other exporters hide a series this one should have', () => {
    const found = checkSeries(model, parseExposition(exposition()), { elsewhere: { ...KUBERNETES_SERIES, process_rss_bytes: 'node_exporter' } });
    expect(found.map((p) => p.message)).toContain('listed as coming from node_exporter, but this exporter exports it');
    expect(messages(exposition()).length).toBe(0);
    expect(checkSeries(model, parseExposition(exposition())).some((p) => p.metric === 'kube_pod_container_resource_limits')).toBe(true);
  });
});
