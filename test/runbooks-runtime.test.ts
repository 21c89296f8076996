// Runbooks fit the service they are for: queries only on the metrics it exports, debug endpoints only when
// configured, and the cause table of its runtime (read from its metric names: nodejs_*, go_*, python_*, jvm_*).
import { describe, expect, it } from 'vitest';
import { fastapi } from '../presets/fastapi.js';
import { ConfigError } from '../src/config/errors.js';
import type { LoadedConfig } from '../src/source/config-file.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { compile } from '../src/pipeline.js';

const loaded = (config: MemgenConfig): LoadedConfig => ({ config, problems: [], source: 'test', locate: () => ({ file: 'test' }) });
const page = (config: MemgenConfig, alert: string) => compile(loaded(config)).files.find((f) => f.path === `runbooks/${alert}.md`)?.content as string;

/** A Node.js API and a Go worker sharing one RSS alert; each exports its own runtime's heap gauge. */
const FLEET: MemgenConfig = {
  metrics: {
    rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
    nodeHeap: { name: 'nodejs_heap_size_used_bytes', type: 'gauge', unit: 'bytes' },
    goHeap: { name: 'go_memstats_heap_inuse_bytes', type: 'gauge', unit: 'bytes' },
  },
  services: [
    { name: 'orders', port: 9464, memoryLimit: '1GiB', metrics: ['rss', 'nodeHeap'] },
    { name: 'ledger', port: 2112, memoryLimit: '2GiB', metrics: ['rss', 'goHeap'] },
  ],
  runbooks: { baseUrl: 'https://runbooks.example.com' },
  alerts: [
    { kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
    { kind: 'slope', name: 'NodeHeapGrowth', tier: 'high', metric: 'nodeHeap', window: '30m', above: '50MiB/h', for: '30m', services: ['orders'] },
  ],
};

const section = (text: string, service: string) => text.split('## Service ')[text.split('## Service ').findIndex((s) => s.startsWith(service))] ?? '';
const queriesOf = (text: string) => [...text.matchAll(/```promql\n(.*)\n```/g)].map((m) => m[1] as string);

describe('runbooks of a fleet of runtimes', () => {
  const shared = page(FLEET, 'MemoryHigh');

  it('suggest queries only on the metrics each service exports', () => {
    const next = shared.slice(shared.indexOf('## PromQL to run next'), shared.indexOf('## Growth shape'));
    const orders = queriesOf(next).filter((q) => q.includes('job="orders"'));
    const ledger = queriesOf(next).filter((q) => q.includes('job="ledger"'));
    expect(orders.some((q) => q.includes('nodejs_heap_size_used_bytes'))).toBe(true);
    expect(orders.some((q) => q.includes('go_memstats'))).toBe(false);
    expect(ledger.some((q) => q.includes('go_memstats_heap_inuse_bytes'))).toBe(true);
    expect(ledger.some((q) => q.includes('nodejs_'))).toBe(false);
    expect(section(shared, 'orders')).toContain('job `orders`');
  });

  it("give each runtime's cause table, naming its services", () => {
    expect(shared).toContain('## Growth shape and likely cause (Node.js: orders)');
    expect(shared).toContain('## Growth shape and likely cause (Go: ledger)');
    expect(shared).toContain('Event listeners added per request');
    expect(shared).toContain('Goroutines blocked forever');
    expect(shared).not.toMatch(/\bdict\b/);
  });

  it('send nobody to debug endpoints the services do not have', () => {
    expect(shared).not.toContain('## Ask the service');
    expect(shared).not.toContain('/api/debug');
  });

  it('one runtime, one table without a heading suffix; the endpoints a service configures', () => {
    const orders = page({ ...FLEET, services: [{ ...(FLEET.services[0] as MemgenConfig['services'][number]), debugEndpoints: ['/debug/heapsnapshot'] }] }, 'NodeHeapGrowth');
    expect(orders).toMatch(/^## Growth shape and likely cause$/m);
    expect(orders).toContain('`GET /debug/heapsnapshot`');
  });

  it('fall back to a table for any runtime when the names show none', () => {
    const plain = page({ ...FLEET, services: [{ name: 'api', port: 8000, memoryLimit: '1GiB', metrics: ['rss'] }], alerts: [FLEET.alerts[0] as MemgenConfig['alerts'][number]] }, 'MemoryHigh');
    expect(plain).toContain("with the runtime's own tool");
    expect(plain).not.toContain('Goroutines');
  });

  it('keep the Python table and the guide endpoints for the fastapi preset', () => {
    const gc = page(fastapi(), 'GCSlowdown');
    expect(gc).toContain('module-level list or dict');
    expect(gc).toContain('`GET /api/debug/memory/snapshot`');
  });
});

describe("a service's metrics list", () => {
  it.each([
    [{ services: [{ name: 'orders', port: 1, metrics: ['rss', 'nodeHeep'] }], alerts: [] }, "services[0].metrics[1]: no metric 'nodeHeep' in the catalog (did you mean 'nodeHeap'?)"],
    [{ services: [{ name: 'ledger', port: 1, metrics: ['rss'] }], alerts: [FLEET.alerts[1]] }, "alerts[0].metric: service 'ledger' does not export 'nodeHeap' (services[0].metrics)"],
  ])('is checked against the catalog and the alerts: %j', (change, message) => {
    const config = { ...FLEET, ...change, alerts: (change.alerts as MemgenConfig['alerts']).map((a) => ({ ...a, services: undefined })) } as MemgenConfig;
    let err: unknown;
    try {
      compile(loaded(config));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(message);
  });
});
