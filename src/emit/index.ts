// All targets, one pure function each: model in, documents out. No I/O here.
import type { Model } from '../model/types.js';
import { emitAlertmanagerConfig } from './alertmanager.js';
import { emitDashboard, emitGrafanaProvisioning } from './grafana.js';
import { emitPrometheusRule, emitServiceMonitors } from './kubernetes.js';
import { emitAlertRules, emitPrometheusConfig } from './prometheus.js';
import { emitKustomization } from './kustomization.js';
import { emitRulerFiles } from './ruler.js';
import { emitCompose } from './compose.js';
import { emitRunbooks, RUNBOOK_TEMPLATE } from './runbooks.js';
import { loadTemplate, type Template } from './template.js';
import { emitAlertTests } from './tests.js';
import { emitShapeTests } from './shape-tests.js';
import type { OutputDocument } from './types.js';

/** Templates are read before emitting (by the pipeline), so the emitters themselves do no I/O. */
export interface Templates {
  runbook: Template;
}

export function loadTemplates(model: Model): Templates {
  return { runbook: loadTemplate(RUNBOOK_TEMPLATE, model.runbooks.templates) };
}

/**
 * Every document, one at a time: a caller that serialises each as it comes (the pipeline) never holds all of a
 * large fleet's documents at once. The kustomization comes last, as it lists the manifests before it.
 */
export function* emitEach(model: Model, templates: Templates = loadTemplates(model)): Generator<OutputDocument> {
  const emitters: Array<() => OutputDocument | OutputDocument[]> = [
    () => emitPrometheusConfig(model),
    () => emitAlertRules(model),
    () => emitServiceMonitors(model),
    () => emitPrometheusRule(model),
    () => emitDashboard(model),
    () => emitAlertTests(model),
    () => emitShapeTests(model),
    () => emitGrafanaProvisioning(),
    () => emitAlertmanagerConfig(model),
    () => emitRulerFiles(model),
    () => emitRunbooks(model, templates.runbook),
    () => emitCompose(model),
  ];
  const paths: string[] = [];
  for (const emit of emitters) {
    const out = emit();
    for (const doc of Array.isArray(out) ? out : [out]) {
      paths.push(doc.path);
      yield doc;
    }
  }
  yield emitKustomization(paths);
}

export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Every document, sorted by path. */
export function emitAll(model: Model, templates: Templates = loadTemplates(model)): OutputDocument[] {
  return [...emitEach(model, templates)].sort(byPath);
}
