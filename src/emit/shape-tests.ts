// tests/shapes.test.yaml: the shape matrix as promtool tests. Each shape of the catalog is one test group whose
// input series are the shape sampled for the service; promtool runs every rule over it and the tests check,
// per alert, how many evaluations were firing over the whole shape (count_over_time of ALERTS: zero for a
// healthy shape means silent at every evaluation, not only at a few check times), and for an alert that fires,
// that it is silent one evaluation before its first firing and fires then with the labels and annotations the
// engine predicts. Services whose alerts and intervals are the same get the catalog once.
import { formatDuration } from '../dsl/units.js';
import type { Alert, Model, Service } from '../model/types.js';
import { promString } from '../promql/print.js';
import { judgeCatalogOnce, type Cell, type ShapeResult } from '../shapes/judge.js';
import { formatShapeValues } from '../shapes/series.js';
import { expandTemplate, UnsupportedTemplate } from '../alert-tests/expand.js';
import { ALERTS_FILE } from './prometheus.js';
import { annotationsAt, fragileValue } from './tests.js';
import type { OutputDocument } from './types.js';

export const SHAPE_TESTS_FILE = 'tests/shapes.test.yaml';

function seriesSelector(labels: Record<string, string>): string {
  const { __name__: name, ...rest } = labels;
  const inner = Object.entries(rest)
    .map(([k, v]) => `${k}=${promString(v)}`)
    .join(', ');
  return `${name}{${inner}}`;
}

function renderedLabels(alert: Alert, labels: Record<string, string>, externalLabels: Record<string, string>, value: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(alert.labels)) out[k] = expandTemplate(v, { labels, externalLabels, value });
  return out;
}

function firingTests(cell: Cell<Alert>, every: number, model: Model): Array<Record<string, unknown>> {
  if (cell.firstFiring === undefined) return [];
  const at = cell.firstFiring * 1000;
  const externalLabels = model.prometheus.externalLabels;
  const fragile = fragileValue(externalLabels);
  if (cell.firing.some((a) => fragile(cell.alert, a.value))) return [];
  try {
    const expected = cell.firing.map((a) => ({
      // Prometheus expands alert labels as templates too: expect what it renders.
      exp_labels: { ...a.labels, ...renderedLabels(cell.alert, { ...a.labels }, externalLabels, a.value) },
      exp_annotations: annotationsAt(cell.alert, { ...a.labels }, externalLabels, a.value),
    }));
    const before = at - every >= 0 ? [{ eval_time: formatDuration((at - every) / 1000), alertname: cell.alert.name, exp_alerts: [] }] : [];
    return [...before, { eval_time: formatDuration(at / 1000), alertname: cell.alert.name, exp_alerts: expected }];
  } catch (err) {
    if (err instanceof UnsupportedTemplate) return [];
    throw err;
  }
}

function testGroup(result: ShapeResult<Alert>, service: Service, model: Model, prefix: string): Record<string, unknown> {
  const every = Math.round(model.prometheus.evaluationInterval * 1000);
  const scrape = Math.round(service.scrapeInterval * 1000);
  const lastEval = Math.floor(((result.sampled.samples - 1) * scrape) / every) * every;
  const range = formatDuration(lastEval / 1000 + 60);
  const externalLabels = model.prometheus.externalLabels;
  // The name carries what `memgen test` reports beside promtool's verdicts (src/alert-tests/shape-matrix.ts).
  const limit = result.sampled.run.limitAt !== undefined ? ` [limit at ${formatDuration(result.sampled.run.limitAt)}]` : '';
  const accepted = result.cells.filter((c) => c.accepted !== undefined).map((c) => ` [accepted ${c.alert.name}: ${c.accepted}]`);
  return {
    name: `${prefix}shape ${result.shape.id}: ${result.shape.title}${limit}${accepted.join('')}`,
    interval: formatDuration(service.scrapeInterval),
    ...(Object.keys(externalLabels).length > 0 ? { external_labels: externalLabels } : {}),
    input_series: result.series.map((s) => ({ series: seriesSelector(s.labels), values: formatShapeValues(s.values) })),
    promql_expr_test: result.cells.map((c) => ({
      expr: `sum(count_over_time(ALERTS{alertname=${promString(c.alert.name)}, alertstate="firing"}[${range}]))`,
      eval_time: formatDuration(lastEval / 1000),
      exp_samples: c.firingCount > 0 ? [{ labels: '{}', value: c.firingCount }] : [],
    })),
    alert_rule_test: result.cells.flatMap((c) => firingTests(c, every, model)),
  };
}

/** What the shape results of a service depend on: services alike in these share one run of the catalog. */
function signature(model: Model, service: Service, alerts: Alert[]): string {
  const job = new RegExp(`job="${service.job.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g');
  return JSON.stringify([service.scrapeInterval, service.memoryLimit, model.prometheus.evaluationInterval, alerts.map((a) => [a.name, a.expr.replace(job, 'job=""'), a.for])]);
}

export function emitShapeTests(model: Model): OutputDocument {
  const seen = new Set<string>();
  const tests = model.groups.flatMap((group) => {
    const service = model.services.find((s) => s.name === group.service) as Service;
    if (group.alerts.length === 0) return [];
    const key = signature(model, service, group.alerts);
    if (seen.has(key)) return [];
    seen.add(key);
    const prefix = model.services.length > 1 ? `${service.name}: ` : '';
    return judgeCatalogOnce(model, service, group.alerts)
      .filter((r) => r.cells.length > 0)
      .map((r) => testGroup(r, service, model, prefix));
  });
  return {
    path: SHAPE_TESTS_FILE,
    format: 'yaml',
    data: { rule_files: [`../prometheus/${ALERTS_FILE}`], evaluation_interval: formatDuration(model.prometheus.evaluationInterval), tests },
  };
}
