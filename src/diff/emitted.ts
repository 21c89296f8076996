// The names and the Alertmanager config a model's build would write, from the emitters themselves, so the diff
// compares exactly what `memgen build` puts into Kubernetes, Grafana, a ruler and Alertmanager.
import { alertmanagerConfig } from '../emit/alertmanager.js';
import { emitPrometheusRule, emitServiceMonitors } from '../emit/kubernetes.js';
import { mimirNamespace } from '../emit/ruler.js';
import type { Model } from '../model/types.js';
import type { ObjectRef } from './objects.js';
import type { AmConfig } from './routing.js';
import type { EmittedFacts } from './snapshot.js';

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
}

export function emittedFacts(model: Model): EmittedFacts {
  const manifests = [...(emitServiceMonitors(model).data as Manifest[]), emitPrometheusRule(model).data as Manifest];
  const objects: ObjectRef[] = [
    ...manifests.map((d): ObjectRef => ({ kind: d.kind as ObjectRef['kind'], name: d.metadata.name, ...(d.metadata.namespace ? { namespace: d.metadata.namespace } : {}) })),
    { kind: 'dashboard', name: model.dashboard.uid },
    ...model.groups.map((g): ObjectRef => ({ kind: 'rule group', name: g.name })),
    ...(model.ruler.targets.includes('mimir') ? [{ kind: 'Mimir namespace' as const, name: mimirNamespace(model) }] : []),
  ];
  return { alertmanager: alertmanagerConfig(model) as AmConfig, objects };
}
