// Rule files for rulers other than Prometheus's own. Both carry the groups of alerts.yaml unchanged.
// - Mimir/Cortex: `mimirtool rules load mimir/rules.yaml` reads a file of `namespace:` + `groups:` (the
//   namespace names the rule set in the ruler, as a file name does in Prometheus).
// - Thanos: the ruler reads plain Prometheus rule files (--rule-file); a ThanosRuler CR selects the
//   PrometheusRule of kubernetes/ instead, so only the non-Kubernetes case needs this file.
import type { Model } from '../model/types.js';
import { prometheusRuleName } from './kubernetes.js';
import { ruleGroups } from './rules.js';
import type { OutputDocument } from './types.js';

export function mimirNamespace(model: Model): string {
  return model.ruler.namespace ?? prometheusRuleName(model);
}

export function emitRulerFiles(model: Model): OutputDocument[] {
  return model.ruler.targets.map((target) =>
    target === 'mimir'
      ? { path: 'mimir/rules.yaml', format: 'yaml', data: { namespace: mimirNamespace(model), groups: ruleGroups(model) } }
      : { path: 'thanos/rules.yaml', format: 'yaml', data: { groups: ruleGroups(model) } },
  );
}
