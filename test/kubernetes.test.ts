// prometheus-operator manifests as a cluster would get them: every object accepted by the CRD models, the
// PrometheusRule carrying exactly alerts.yaml's groups, and a kustomization that lists every manifest.
import { readdirSync } from 'node:fs';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { describe, expect, it } from 'vitest';
import { build, FLEET_CONFIG, type Built } from './helpers/outputs.js';
import { hasBinary, run } from './helpers/tools.js';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: Record<string, any>;
}

const preset = build(['--preset', 'fastapi']);
const fleet = build(['-c', FLEET_CONFIG]);
const BUILDS: Array<[string, Built]> = [
  ['the fastapi preset', preset],
  ['the fleet fixture', fleet],
];

function manifests(out: Built): Manifest[] {
  const files = readdirSync(out.file('kubernetes')).filter((f) => f !== 'kustomization.yaml');
  return files.flatMap((f) => out.yamlDocuments<Manifest>(`kubernetes/${f}`));
}

function validate(m: Manifest): void {
  if (m.kind === 'ServiceMonitor') new ServiceMonitor(m as never).validate();
  else if (m.kind === 'PrometheusRule') new PrometheusRule(m as never).validate();
  else throw new Error(`no CRD model for kind ${m.kind}`);
}

describe.each(BUILDS)('manifests of %s', (_name, out) => {
  it('are all accepted by the prometheus-operator CRD models', () => {
    const all = manifests(out);
    expect(all.length).toBeGreaterThan(1);
    for (const m of all) expect(() => validate(m), `${m.kind} ${m.metadata.name}`).not.toThrow();
  });

  it("carry in the PrometheusRule exactly the groups of alerts.yaml", () => {
    const [rule] = out.yamlDocuments<Manifest>('kubernetes/prometheusrule.yaml');
    expect(rule?.spec.groups).toEqual(out.yaml<{ groups: unknown[] }>('prometheus/alerts.yaml').groups);
  });

  it('are all listed in kustomization.yaml, and nothing else is', () => {
    const k = out.yaml<{ kind: string; resources: string[] }>('kubernetes/kustomization.yaml');
    expect(k.kind).toBe('Kustomization');
    expect(k.resources).toEqual(readdirSync(out.file('kubernetes')).filter((f) => f !== 'kustomization.yaml').sort());
  });

  // kubectl is an extra witness where installed; CI's Debian tools do not include it, so no skipWithout here.
  it.skipIf(!hasBinary('kubectl'))('build with kubectl kustomize into the same objects', () => {
    const r = run('kubectl', ['kustomize', out.file('kubernetes')]);
    expect(r.status, r.stderr).toBe(0);
    const kinds = r.stdout.split('\n').filter((l) => l.startsWith('kind: ')).map((l) => l.slice(6)).sort();
    expect(kinds).toEqual(manifests(out).map((m) => m.kind).sort());
  });
});

describe('the CRD models as judges', () => {
  it('reject a ServiceMonitor without a selector, so acceptance above means something', () => {
    const [sm] = preset.yamlDocuments<Manifest>('kubernetes/servicemonitor.yaml');
    const broken = { ...sm, spec: { ...sm?.spec, selector: undefined, endpoints: [{ port: 8001 }] } } as Manifest;
    expect(() => validate(broken)).toThrow();
  });
});

describe('cluster settings from the config', () => {
  const monitors = fleet.yamlDocuments<Manifest>('kubernetes/servicemonitor.yaml');
  const [rule] = fleet.yamlDocuments<Manifest>('kubernetes/prometheusrule.yaml');

  it('put one ServiceMonitor per service in the service\'s namespace, selecting its Service and port', () => {
    expect(monitors.map((m) => [m.metadata.name, m.metadata.namespace, m.spec.selector.matchLabels, m.spec.endpoints[0].port])).toEqual([
      ['api', 'shop', { 'app.kubernetes.io/name': 'shop-api' }, 'http-metrics'],
      ['worker', 'shop', { 'app.kubernetes.io/name': 'shop-worker' }, 'metrics'],
    ]);
  });

  it('set the job label the rules select on', () => {
    expect(monitors.map((m) => m.spec.endpoints[0].relabelings)).toEqual([
      [{ action: 'replace', targetLabel: 'job', replacement: 'shop-api' }],
      [{ action: 'replace', targetLabel: 'job', replacement: 'shop-worker' }],
    ]);
  });

  it('label every manifest with what the Prometheus CR selects on', () => {
    for (const m of [...monitors, rule as Manifest]) expect(m.metadata.labels.release, m.metadata.name).toBe('kube-prometheus-stack');
    expect(rule?.metadata.namespace).toBe('monitoring');
  });

  it('default to the monitoring namespace, app=<service> and a port named metrics', () => {
    const [sm] = preset.yamlDocuments<Manifest>('kubernetes/servicemonitor.yaml');
    expect([sm?.metadata.namespace, sm?.spec.selector.matchLabels, sm?.spec.endpoints[0].port]).toEqual(['monitoring', { app: 'fastapi-app' }, 'metrics']);
  });
});
