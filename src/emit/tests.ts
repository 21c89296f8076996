// tests/alerts.test.yaml: promtool unit tests for every alert, derived from the model (kind, threshold,
// window, `for`, labels, annotations), never from the emitted YAML. `promtool test rules` runs them against
// ../prometheus/alerts.yaml, so a rule edited by hand, or a generator bug, fails a test.
import { formatDuration } from '../dsl/units.js';
import { windowOf, type Alert, type Model, type Service } from '../model/types.js';
import { promString, vectorSelector } from '../promql/print.js';
import { expandTemplate, UnsupportedTemplate } from '../alert-tests/expand.js';
import { instanceOf, type Check, type Scenario, type ScenarioOptions } from '../alert-tests/scenario.js';
import { scenariosFor } from '../alert-tests/scenarios.js';
import { formatRuns, type Runs } from '../alert-tests/series.js';
import { ALERTS_FILE } from './prometheus.js';
import type { OutputDocument } from './types.js';

export const TESTS_FILE = 'tests/alerts.test.yaml';

interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

function alertLabels(alert: Alert, scenario: Scenario): Record<string, string> {
  const series = scenario.series[0]?.labels ?? {};
  const kept: Record<string, string> = {};
  for (const l of alert.keepLabels) if (series[l] !== undefined) kept[l] = series[l] as string;
  return kept;
}

/** The annotations Prometheus renders; throws UnsupportedTemplate for templates beyond memgen's subset. */
export function annotationsAt(alert: Alert, labels: Record<string, string>, externalLabels: Record<string, string>, value: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, template] of Object.entries(alert.annotations)) out[key] = expandTemplate(template, { labels, externalLabels, value });
  return out;
}

/** A value whose rendering would change if Prometheus computed it a rounding error apart. */
export function fragileValue(externalLabels: Record<string, string>): (alert: Alert, value: number) => boolean {
  return (alert, value) => {
    const render = (v: number): string => {
      try {
        return JSON.stringify(annotationsAt(alert, {}, externalLabels, v));
      } catch {
        return '';
      }
    };
    const exact = render(value);
    return render(value * (1 - 1e-9)) !== exact || render(value * (1 + 1e-9)) !== exact;
  };
}

function ruleTest(alert: Alert, scenario: Scenario, check: Check, externalLabels: Record<string, string>): Record<string, unknown> {
  const expected: ExpectedAlert[] = [];
  if (check.firing) {
    const labels = alertLabels(alert, scenario);
    // Prometheus expands alert labels as templates too: expect what it renders (prose escaped as
    // `{{ "{{" }}` comes out as the `{{` the user wrote), not the rule's text.
    const rendered: Record<string, string> = {};
    for (const [k, v] of Object.entries(alert.labels)) rendered[k] = expandTemplate(v, { labels, externalLabels, value: check.value as number });
    expected.push({
      exp_labels: { ...labels, ...rendered },
      exp_annotations: annotationsAt(alert, labels, externalLabels, check.value as number),
    });
  }
  return { eval_time: formatDuration(check.at / 1000), alertname: alert.name, exp_alerts: expected };
}

// Services that share a scenario share its runs (see memoisedScenarios): print each once, and hold one string.
const printedRuns = new WeakMap<Runs, string>();
function valuesOf(runs: Runs): string {
  let values = printedRuns.get(runs);
  if (values === undefined) printedRuns.set(runs, (values = formatRuns(runs)));
  return values;
}

/** One promtool test group; undefined when an annotation cannot be expanded (the alert then shows in
 * `memgen test`'s coverage as lacking a firing test, instead of failing the build). */
function testGroup(model: Model, service: Service, alert: Alert, scenario: Scenario): Record<string, unknown> | undefined {
  const externalLabels = model.prometheus.externalLabels;
  const prefix = model.services.length > 1 ? `${service.name}: ` : '';
  const head = {
    name: `${prefix}${alert.name} ${scenario.title}`,
    interval: formatDuration(service.scrapeInterval),
    ...(Object.keys(externalLabels).length > 0 ? { external_labels: externalLabels } : {}),
    input_series: scenario.series.map((s) => ({ series: vectorSelector(s.name, s.labels), values: valuesOf(s.runs) })),
  };
  try {
    return { ...head, alert_rule_test: scenario.checks.map((c) => ruleTest(alert, scenario, c, externalLabels)) };
  } catch (err) {
    if (err instanceof UnsupportedTemplate) return undefined;
    throw err;
  }
}

/**
 * scenariosFor, remembered per alert shape. In a fleet, services that share thresholds, windows and scrape
 * interval get the same scenarios but for their own job and instance labels: finding a scenario simulates the
 * expression many times, so a thousand services would otherwise cost a thousand simulations per alert.
 */
function memoisedScenarios(opts: ScenarioOptions): (alert: Alert, service: Service) => Scenario[] {
  const seen = new Map<string, { service: Service; scenarios: Scenario[] }>();
  return (alert, service) => {
    // Correlation alerts join series whose labels are not only job and instance; compute those every time.
    if (alert.kind === 'correlation') return scenariosFor(alert, service, opts);
    const { kind, keepLabels, annotations, metric } = alert;
    const quantile = alert.kind === 'quantile' ? alert.quantile : undefined;
    // The expression with this service's job matcher taken out: anything else that differs (another matcher,
    // an offset) makes a different key, and a miss only costs a simulation.
    const expr = alert.expr.split(`job=${promString(service.job)}`).join('job=$job');
    const key = JSON.stringify([expr, kind, windowOf(alert), alert.for, quantile, alert.threshold.op, alert.threshold.promValue, keepLabels, annotations, metric, service.scrapeInterval]);
    const hit = seen.get(key);
    if (!hit) {
      const scenarios = scenariosFor(alert, service, opts);
      seen.set(key, { service, scenarios });
      return scenarios;
    }
    const from = { job: hit.service.job, instance: instanceOf(hit.service) };
    const to = { job: service.job, instance: instanceOf(service) };
    return hit.scenarios.map((sc) => ({
      ...sc,
      series: sc.series.map((s) => ({
        ...s,
        labels: {
          ...s.labels,
          ...(s.labels.job === from.job ? { job: to.job } : {}),
          ...(s.labels.instance === from.instance ? { instance: to.instance } : {}),
        },
      })),
    }));
  };
}

export function emitAlertTests(model: Model): OutputDocument {
  const evaluationInterval = model.prometheus.evaluationInterval;
  const scenarios = memoisedScenarios({ evaluationInterval, fragileValue: fragileValue(model.prometheus.externalLabels) });
  const serviceOf = new Map(model.services.map((s) => [s.name, s]));
  // A fleet's suite is most of its output: the serialiser takes the test groups one at a time from this
  // iterable (a sequence, to YAML), so they never all exist at once.
  const tests: Iterable<Record<string, unknown>> = {
    *[Symbol.iterator]() {
      for (const group of model.groups) {
        const service = serviceOf.get(group.service) as Service;
        for (const alert of group.alerts) {
          for (const scenario of scenarios(alert, service)) {
            const test = testGroup(model, service, alert, scenario);
            if (test) yield test;
          }
        }
      }
    },
  };
  return {
    path: TESTS_FILE,
    format: 'yaml',
    data: {
      // Relative to this file, as promtool resolves it.
      rule_files: [`../prometheus/${ALERTS_FILE}`],
      evaluation_interval: formatDuration(evaluationInterval),
      tests,
    },
  };
}
