// prometheus-operator manifests: one ServiceMonitor per service and one PrometheusRule holding the same rule
// groups as alerts.yaml. Objects are built through the CRD models, which validate them against the CRDs.
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { formatDuration } from '../dsl/units.js';
import type { Model } from '../model/types.js';
import { ruleGroups } from './rules.js';
import type { OutputDocument } from './types.js';

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'memgen' };

/** A validation failure of a generated manifest is memgen's bug, never the user's: say which object failed. */
export class ManifestError extends Error {
  constructor(kind: string, name: string, cause: unknown) {
    super(`generated ${kind} '${name}' is rejected by the prometheus-operator CRD model: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ManifestError';
  }
}

function validated<T extends { validate(): void; toJSON(): unknown }>(kind: string, name: string, object: T): unknown {
  try {
    object.validate();
  } catch (err) {
    throw new ManifestError(kind, name, err);
  }
  return object.toJSON();
}

export function emitServiceMonitors(model: Model): OutputDocument {
  const docs = model.services.map((s) =>
    validated(
      'ServiceMonitor',
      s.name,
      new ServiceMonitor({
        metadata: { name: s.name, namespace: s.kubernetes.namespace, labels: { ...MANAGED_BY, ...model.kubernetes.labels } },
        spec: {
          selector: { matchLabels: s.kubernetes.selector },
          endpoints: [
            {
              port: s.kubernetes.portName,
              path: s.path,
              interval: formatDuration(s.scrapeInterval),
              // The operator names the job after the Service; the rules select on the configured job.
              relabelings: [{ action: 'replace', targetLabel: 'job', replacement: s.job }],
            },
          ],
        },
      }),
    ),
  );
  return { path: 'kubernetes/servicemonitor.yaml', format: 'yaml', data: docs, multiDocument: true };
}

export function prometheusRuleName(model: Model): string {
  return model.services.length === 1 ? `${(model.services[0] as { name: string }).name}-memory` : 'memgen-memory';
}

export function emitPrometheusRule(model: Model): OutputDocument {
  const name = prometheusRuleName(model);
  const doc = validated(
    'PrometheusRule',
    name,
    new PrometheusRule({
      metadata: { name, namespace: model.kubernetes.namespace, labels: { ...MANAGED_BY, ...model.kubernetes.labels } },
      spec: { groups: ruleGroups(model) },
    }),
  );
  return { path: 'kubernetes/prometheusrule.yaml', format: 'yaml', data: doc };
}
