// All targets, one pure function each: model in, documents out. No I/O here.
import type { Model } from '../model/types.js';
import { emitDashboard, emitGrafanaProvisioning } from './grafana.js';
import { emitPrometheusRule, emitServiceMonitors } from './kubernetes.js';
import { emitAlertRules, emitPrometheusConfig } from './prometheus.js';
import { emitAlertTests } from './tests.js';
import type { OutputDocument } from './types.js';

export function emitAll(model: Model): OutputDocument[] {
  const docs = [
    emitPrometheusConfig(model),
    emitAlertRules(model),
    emitServiceMonitors(model),
    emitPrometheusRule(model),
    emitDashboard(model),
    emitAlertTests(model),
    ...emitGrafanaProvisioning(),
  ];
  return docs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
