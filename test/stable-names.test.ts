// Names other systems key on (the PrometheusRule and ServiceMonitors `kubectl apply` updates, the dashboard uid
// and panel ids bookmarks and links hold, rule group names, the ruler namespace, receivers, file paths) must not
// change when a service joins or leaves the config: a renamed object is applied beside the old one, which
// keeps firing (duplicate alerts) or leaves bookmarks dangling.
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../src/source/config-file.js';
import type { MemgenConfig, ServiceConfig } from '../src/dsl/types.js';
import { compile } from '../src/pipeline.js';

const payments: ServiceConfig = { name: 'payments', port: 8000, memoryLimit: '1GiB' };
const ledger: ServiceConfig = { name: 'ledger', port: 9000, memoryLimit: '2GiB' };

const config = (services: ServiceConfig[]): MemgenConfig => ({
  metrics: { rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' } },
  services,
  alerts: [
    { kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
    { kind: 'slope', name: 'MemoryGrowth', tier: 'high', metric: 'rss', window: '30m', above: '50MiB/h', for: '30m' },
  ],
  ruler: { targets: ['mimir'] },
  runbooks: { baseUrl: 'https://runbooks.example.com' },
});

interface Named {
  metadata: { name: string };
}

/** Every identifier of the output, keyed by what it identifies. */
function identities(services: ServiceConfig[]): Map<string, string> {
  const loaded: LoadedConfig = { config: config(services), problems: [], source: 'test', locate: () => ({ file: 'test' }) };
  const files = new Map(compile(loaded).files.map((f) => [f.path, f.content]));
  const text = (p: string) => files.get(p) as string;
  const ids = new Map<string, string>([...files.keys()].map((p) => [`file ${p}`, p]));
  ids.set('PrometheusRule', (parse(text('kubernetes/prometheusrule.yaml')) as Named).metadata.name);
  for (const doc of parseAllDocuments(text('kubernetes/servicemonitor.yaml'))) {
    const name = (doc.toJS() as Named).metadata.name;
    ids.set(`ServiceMonitor ${name}`, name);
  }
  for (const g of (parse(text('prometheus/alerts.yaml')) as { groups: Array<{ name: string }> }).groups) ids.set(`rule group ${g.name}`, g.name);
  ids.set('mimir namespace', (parse(text('mimir/rules.yaml')) as { namespace: string }).namespace);
  const dashboard = JSON.parse(text('grafana/dashboards/memory.json')) as { uid: string; panels: Array<{ id: number; title: string }> };
  ids.set('dashboard uid', dashboard.uid);
  for (const p of dashboard.panels) ids.set(`panel ${p.title}`, String(p.id));
  for (const r of (parse(text('alertmanager/alertmanager.yml')) as { receivers: Array<{ name: string }> }).receivers) ids.set(`receiver ${r.name}`, r.name);
  return ids;
}

describe('names and uids when a service is added', () => {
  const before = identities([payments]);

  it.each([
    ['after it', [payments, ledger]],
    ['before it', [ledger, payments]],
  ])('a service added %s changes no existing name or uid', (_where, services) => {
    const after = identities(services);
    for (const [what, id] of before) expect(after.get(what), what).toBe(id);
    // The new service gets objects of its own, beside the old ones.
    expect(after.get('ServiceMonitor ledger')).toBe('ledger');
    expect(after.get('rule group ledger.memory')).toBe('ledger.memory');
  });

  it('covers the identifiers that matter', () => {
    expect([...before.keys()]).toEqual(expect.arrayContaining(['PrometheusRule', 'dashboard uid', 'mimir namespace', 'ServiceMonitor payments', 'rule group payments.memory']));
    expect(before.get('PrometheusRule')).toBe('memgen-memory');
    expect([...before.keys()].filter((k) => k.startsWith('panel ')).length).toBeGreaterThan(0);
  });

  it("takes the PrometheusRule's name from kubernetes.ruleName, for two configs in one namespace", () => {
    const loaded: LoadedConfig = { config: { ...config([payments]), kubernetes: { ruleName: 'payments-memory' } }, problems: [], source: 'test', locate: () => ({ file: 'test' }) };
    const rule = compile(loaded).files.find((f) => f.path === 'kubernetes/prometheusrule.yaml')?.content as string;
    expect((parse(rule) as Named).metadata.name).toBe('payments-memory');
  });
});
