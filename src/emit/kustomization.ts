// kubernetes/kustomization.yaml lists every manifest the build writes under kubernetes/, so
// `kubectl apply -k out/kubernetes` (or a parent kustomization) picks up exactly the generated set.
import type { OutputDocument } from './types.js';

const KUBERNETES_DIR = 'kubernetes/';

/** `paths`: every other file of the build. */
export function emitKustomization(paths: readonly string[]): OutputDocument {
  const resources = paths
    .filter((p) => p.startsWith(KUBERNETES_DIR))
    .map((p) => p.slice(KUBERNETES_DIR.length))
    .sort();
  return {
    path: `${KUBERNETES_DIR}kustomization.yaml`,
    format: 'yaml',
    data: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources },
  };
}
