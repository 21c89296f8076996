// kubernetes/kustomization.yaml lists every manifest the build writes under kubernetes/, so
// `kubectl apply -k out/kubernetes` (or a parent kustomization) picks up exactly the generated set.
import type { OutputDocument } from './types.js';

const KUBERNETES_DIR = 'kubernetes/';

export function emitKustomization(docs: OutputDocument[]): OutputDocument {
  const resources = docs
    .filter((d) => d.path.startsWith(KUBERNETES_DIR))
    .map((d) => d.path.slice(KUBERNETES_DIR.length))
    .sort();
  return {
    path: `${KUBERNETES_DIR}kustomization.yaml`,
    format: 'yaml',
    data: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources },
  };
}
