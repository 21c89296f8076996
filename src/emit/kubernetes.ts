// prometheus-operator manifests: one ServiceMonitor per service and one PrometheusRule holding the same rule
// groups as alerts.yaml. They are plain objects typed by the CRD models' interfaces: constructing the models
// builds their RE2 validators at import, which cost more start-up than all the rest of a build, so the test
// suite validates every generated manifest against the CRD models instead (test/kubernetes.test.ts).
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { formatDuration } from '../dsl/units.js';
import type { Model } from '../model/types.js';
import { ruleGroups } from './rules.js';
import type { OutputDocument } from './types.js';

const API_VERSION = 'monitoring.coreos.com/v1';
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'memgen' };

export function emitServiceMonitors(model: Model): OutputDocument {
  const docs = model.services.map(
    (s): IServiceMonitor => ({
      apiVersion: API_VERSION,
      kind: 'ServiceMonitor',
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
  );
  return { path: 'kubernetes/servicemonitor.yaml', format: 'yaml', data: docs, multiDocument: true };
}

export function prometheusRuleName(model: Model): string {
  return model.kubernetes.ruleName;
}

export function emitPrometheusRule(model: Model): OutputDocument {
  const name = prometheusRuleName(model);
  const doc: IPrometheusRule = {
    apiVersion: API_VERSION,
    kind: 'PrometheusRule',
    metadata: { name, namespace: model.kubernetes.namespace, labels: { ...MANAGED_BY, ...model.kubernetes.labels } },
    spec: { groups: ruleGroups(model) as IPrometheusRule['spec']['groups'] },
  };
  return { path: 'kubernetes/prometheusrule.yaml', format: 'yaml', data: doc };
}
