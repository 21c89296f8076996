// Named objects a build puts into other systems (Kubernetes, Grafana, a Mimir ruler, Alertmanager silences).
// A new name is a new object: the old one stays behind until someone deletes it, and whatever was keyed on the
// old name (a silence on alertname, a bookmark of the dashboard's uid) stops matching. The diff says which.
import { parseAllDocuments } from 'yaml';

export type ObjectKind = 'PrometheusRule' | 'ServiceMonitor' | 'dashboard' | 'rule group' | 'Mimir namespace';

export interface ObjectRef {
  kind: ObjectKind;
  name: string;
  namespace?: string;
}

export interface ObjectChange {
  kind: ObjectKind;
  before?: ObjectRef;
  after?: ObjectRef;
  /** What a person has to do, and what stops matching. */
  actions: string[];
}

/** The Kubernetes objects of the generated manifests' YAML (one or many documents). */
export function kubernetesObjects(...texts: Array<string | undefined>): ObjectRef[] {
  return texts.flatMap((text) =>
    text === undefined
      ? []
      : parseAllDocuments(text).flatMap((d) => {
          const o = d.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
          if (!o || (o.kind !== 'PrometheusRule' && o.kind !== 'ServiceMonitor') || !o.metadata?.name) return [];
          return [{ kind: o.kind, name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) }];
        }),
  );
}

const show = (o: ObjectRef) => `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const id = (o: ObjectRef) => `${o.kind}\0${o.namespace ?? ''}\0${o.name}`;

function actionsFor(old: ObjectRef, now: ObjectRef | undefined, mimirNamespace: string | undefined): string[] {
  switch (old.kind) {
    case 'PrometheusRule':
      // The old object keeps its rules loaded: every alert would fire twice until it is gone.
      return [`kubectl delete prometheusrule ${old.name}${old.namespace ? ` -n ${old.namespace}` : ''} (kubectl apply -k does not remove it; until then its alerts fire twice)`];
    case 'ServiceMonitor':
      return [`kubectl delete servicemonitor ${old.name}${old.namespace ? ` -n ${old.namespace}` : ''} (until then the targets are scraped twice)`];
    case 'dashboard':
      return [
        `delete the Grafana dashboard with uid ${old.name} if it was imported by hand (file provisioning removes it)`,
        `links and bookmarks to /d/${old.name}${now ? ` must move to /d/${now.name}` : ' break'}, and so do runbook links built on it`,
      ];
    case 'rule group':
      return mimirNamespace ? [`mimirtool rules delete ${mimirNamespace} ${old.name} (unless you run mimirtool rules sync)`] : [];
    case 'Mimir namespace':
      return [`mimirtool rules delete-namespace ${old.name} (its groups stay loaded otherwise)`];
  }
}

/**
 * Objects gone or renamed. One object of a kind gone and one new in the same namespace is a rename; the
 * rest are deletions (new objects need no action).
 */
export function compareObjects(before: ObjectRef[], after: ObjectRef[]): ObjectChange[] {
  const now = new Set(after.map(id));
  const then = new Set(before.map(id));
  const gone = before.filter((o) => !now.has(id(o)));
  const fresh = after.filter((o) => !then.has(id(o)));
  const mimir = (refs: ObjectRef[]) => refs.find((o) => o.kind === 'Mimir namespace')?.name;
  return gone.map((old): ObjectChange => {
    const sameKind = (o: ObjectRef) => o.kind === old.kind && o.namespace === old.namespace;
    const successor = gone.filter(sameKind).length === 1 && fresh.filter(sameKind).length === 1 ? fresh.find(sameKind) : undefined;
    return { kind: old.kind, before: old, ...(successor ? { after: successor } : {}), actions: actionsFor(old, successor, mimir(before)) };
  });
}

export function objectLine(c: ObjectChange): string {
  const b = c.before as ObjectRef;
  return c.after ? `${c.kind} ${show(b)} -> ${show(c.after)} (renamed)` : `${c.kind} ${show(b)} (removed)`;
}
