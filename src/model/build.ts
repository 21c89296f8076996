// Config -> model. Every problem is collected (not just the first) and reported with its config path.
import type { MemgenConfig, MetricConfig, PanelConfig, ServiceConfig } from '../dsl/types.js';
import { closest, parseBytes, parseDuration, UnitError } from '../dsl/units.js';
import { ConfigError, joinPath, type ConfigProblem } from '../config/errors.js';
import { compileAlert } from './alerts.js';
import { applyOverride, checkOverrides, overriddenFields } from './overrides.js';
import { buildRouting, checkRestartHooks } from './routing.js';
import { compileCorrelation } from './correlation.js';
import { defaultPanels } from './default-panels.js';
import { resolveTiers } from './tiers.js';
import type { Alert, Dashboard, Metric, Model, Panel, RuleGroup, Service } from './types.js';

const DEFAULT_SCRAPE_INTERVAL = 30;
const DEFAULT_EVALUATION_INTERVAL = 15;
export const DEFAULT_RUNBOOK_BASE_URL = 'runbooks';
/**
 * Default PrometheusRule name and dashboard uid. Nothing about the services goes into them: adding or removing
 * one must update the objects in place, not leave the old ones behind beside new ones (duplicate alerts,
 * broken bookmarks).
 */
export const STABLE_NAME = 'memgen-memory';
export const DEFAULT_GRAFANA_URL = 'http://localhost:3000';

class Problems {
  readonly list: ConfigProblem[] = [];
  add(segments: Array<string | number>, message: string, hint?: string): void {
    this.list.push({ path: joinPath(segments), segments, message, hint });
  }
  /** Runs `fn`; a ConfigError or UnitError it throws is recorded at `segments` instead of ending the build. */
  collect<T>(segments: Array<string | number>, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ConfigError) this.list.push(...err.problems);
      else if (err instanceof UnitError) this.add(segments, err.message, err.suggestion ? `did you mean '${err.suggestion}'?` : undefined);
      else throw err;
      return undefined;
    }
  }
}

function buildMetric(id: string, m: MetricConfig): Metric {
  return {
    id,
    name: m.name,
    type: m.type,
    unit: m.unit,
    help: m.help,
    labels: m.labels ?? [],
    buckets: m.buckets,
    ...(m.lint?.disable?.length ? { lintDisable: [...m.lint.disable] } : {}),
  };
}

function buildService(s: ServiceConfig, i: number, globalScrape: number, namespace: string, catalog: string[], problems: Problems): Service {
  const at = ['services', i];
  (s.metrics ?? []).forEach((key, j) => {
    if (catalog.includes(key)) return;
    const guess = closest(key, catalog);
    problems.add([...at, 'metrics', j], `no metric '${key}' in the catalog`, guess ? `did you mean '${guess}'?` : `known: ${catalog.join(', ')}`);
  });
  return {
    name: s.name,
    job: s.job ?? s.name,
    port: s.port,
    path: s.path ?? '/metrics',
    scrapeInterval: (s.scrapeInterval && problems.collect([...at, 'scrapeInterval'], () => parseDuration(s.scrapeInterval as string))) || globalScrape,
    memoryLimit: s.memoryLimit === undefined ? undefined : problems.collect([...at, 'memoryLimit'], () => parseBytes(s.memoryLimit as string).value),
    targets: s.targets ?? [`localhost:${s.port}`],
    kubernetes: {
      namespace: s.kubernetes?.namespace ?? namespace,
      selector: s.kubernetes?.selector ?? { app: s.name },
      portName: s.kubernetes?.portName ?? 'metrics',
    },
    debugEndpoints: s.debugEndpoints ?? [],
    metrics: s.metrics ?? catalog,
  };
}

function buildPanel(p: PanelConfig, i: number): Panel {
  return {
    title: p.title,
    description: p.description ?? '',
    type: p.type,
    unit: p.unit,
    targets: p.targets.map((t) => ({ expr: t.expr, legend: t.legend, instant: t.instant ?? false })),
    alert: p.alert,
    row: p.row,
    configPath: joinPath(['dashboard', 'panels', i]),
    ...(p.lint?.disable?.length ? { lintDisable: [...p.lint.disable] } : {}),
  };
}

function checkUnique<T>(items: T[], key: (t: T) => string, what: string, at: (i: number) => Array<string | number>, problems: Problems): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) problems.add(at(i), `duplicate ${what} '${k}'`, `first defined at ${joinPath(at(first))}`);
    else seen.set(k, i);
  });
}

export function buildModel(config: MemgenConfig, source: string): Model {
  const problems = new Problems();
  const interval = (key: 'scrapeInterval' | 'evaluationInterval', fallback: number): number => {
    const written = config.prometheus?.[key];
    return written === undefined ? fallback : (problems.collect(['prometheus', key], () => parseDuration(written)) ?? fallback);
  };
  const scrapeInterval = interval('scrapeInterval', DEFAULT_SCRAPE_INTERVAL);
  const evaluationInterval = interval('evaluationInterval', DEFAULT_EVALUATION_INTERVAL);
  const namespace = config.kubernetes?.namespace ?? 'monitoring';
  const tiers = resolveTiers(config.tiers);
  if (config.runbookBaseUrl !== undefined && config.runbooks?.baseUrl !== undefined && config.runbookBaseUrl !== config.runbooks.baseUrl) {
    problems.add(['runbooks', 'baseUrl'], `differs from runbookBaseUrl '${config.runbookBaseUrl}'`, 'set only one of them');
  }
  const runbookBaseUrl = config.runbooks?.baseUrl ?? config.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;

  const metrics: Record<string, Metric> = {};
  for (const id of Object.keys(config.metrics).sort()) metrics[id] = buildMetric(id, config.metrics[id] as MetricConfig);

  checkUnique(config.services, (s) => s.name, 'service name', (i) => ['services', i, 'name'], problems);
  checkUnique(config.services, (s) => s.job ?? s.name, 'job name', (i) => ['services', i], problems);
  const services = config.services.map((s, i) => buildService(s, i, scrapeInterval, namespace, Object.keys(metrics), problems));

  checkUnique(config.alerts, (a) => a.name, 'alert name', (i) => ['alerts', i, 'name'], problems);
  const addProblem = problems.add.bind(problems);
  checkOverrides(config.services, config.alerts, addProblem);
  const serviceNames = services.map((s) => s.name);
  const alertsByService = new Map<string, Alert[]>(serviceNames.map((n) => [n, []]));
  const fleet = services.length > 1;
  const servicesOf = (names: string[] | undefined, at: Array<string | number>): Service[] =>
    (names ?? serviceNames).flatMap((name, j) => {
      const service = services.find((s) => s.name === name);
      if (service) return [service];
      const guess = closest(name, serviceNames);
      problems.add([...at, 'services', j], `no service '${name}'`, guess ? `did you mean '${guess}'?` : `known: ${serviceNames.join(', ')}`);
      return [];
    });
  config.alerts.forEach((a, i) => {
    const at = ['alerts', i];
    if (a.kind === 'correlation') {
      for (const service of servicesOf(a.services, at)) {
        const alert = problems.collect(at, () => compileCorrelation(a, { service, metrics, tier: tiers[a.tier], runbookBaseUrl, path: at, fleet }));
        if (alert) alertsByService.get(service.name)?.push(alert);
      }
      return;
    }
    const metric = Object.hasOwn(metrics, a.metric) ? metrics[a.metric] : undefined;
    if (!metric) {
      const guess = closest(a.metric, Object.keys(metrics));
      problems.add([...at, 'metric'], `no metric '${a.metric}' in the catalog`, guess ? `did you mean '${guess}'?` : `known: ${Object.keys(metrics).join(', ')}`);
      return;
    }
    for (const service of servicesOf(a.services, at)) {
      const serviceIndex = services.indexOf(service);
      if (!service.metrics.includes(a.metric)) {
        problems.add([...at, 'metric'], `service '${service.name}' does not export '${a.metric}' (services[${serviceIndex}].metrics)`, `add '${a.metric}' there, or list the alert's services`);
        continue;
      }
      const override = config.services[serviceIndex]?.alerts?.[a.name];
      if (override?.enabled === false) continue;
      const effective = override ? applyOverride(a, override) : a;
      const overridePath = ['services', serviceIndex, 'alerts', a.name];
      const alert = problems.collect(at, () =>
        compileAlert(effective, {
          service,
          metric,
          tier: tiers[effective.tier],
          runbookBaseUrl,
          path: at,
          override: override ? { path: overridePath, fields: overriddenFields(override) } : undefined,
          fleet,
          metrics,
        }),
      );
      if (alert) alertsByService.get(service.name)?.push(alert);
    }
  });

  const alertmanager = buildRouting(config.alertmanager, tiers, addProblem);
  checkRestartHooks(alertmanager, addProblem);

  // Panel ids are derived from titles, so a title must name one panel.
  checkUnique(config.dashboard?.panels ?? [], (p) => p.title, 'panel title', (i) => ['dashboard', 'panels', i, 'title'], problems);
  const panels = (config.dashboard?.panels ?? []).map(buildPanel);
  panels.forEach((p, i) => {
    if (p.alert && !config.alerts.some((a) => a.name === p.alert)) {
      problems.add(['dashboard', 'panels', i, 'alert'], `no alert '${p.alert}'`);
    }
  });

  // Deduplicate: the same problem found once per service is one problem for the user.
  const unique = [...new Map(problems.list.map((p) => [`${p.path}\0${p.message}`, p])).values()];
  if (unique.length > 0) throw new ConfigError(unique);

  const groups: RuleGroup[] = services.map((s) => ({ name: `${s.name}.memory`, service: s.name, alerts: alertsByService.get(s.name) ?? [] }));
  // A config that declares no panels gets the ones its catalog and alerts call for (one alert per name).
  const firstOfEachAlert = [...new Map(groups.flatMap((g) => g.alerts).map((a) => [a.name, a])).values()];
  if (config.dashboard?.panels === undefined) panels.push(...defaultPanels(metrics, firstOfEachAlert));
  const first = services[0] as Service;
  const dashboard: Dashboard = {
    title: config.dashboard?.title ?? `${services.length === 1 ? first.name : 'Services'} memory leaks`,
    uid: config.dashboard?.uid ?? STABLE_NAME,
    tags: config.dashboard?.tags ?? ['memgen', 'memory'],
    panels,
    ...(config.dashboard?.lint?.disable?.length ? { lintDisable: [...config.dashboard.lint.disable] } : {}),
  };

  return {
    source,
    prometheus: {
      scrapeInterval,
      evaluationInterval,
      alertmanagers: config.prometheus?.alertmanagers ?? ['localhost:9093'],
      externalLabels: config.prometheus?.externalLabels ?? {},
    },
    kubernetes: { namespace, labels: config.kubernetes?.labels ?? {}, ruleName: config.kubernetes?.ruleName ?? STABLE_NAME },
    tiers,
    metrics,
    services,
    groups,
    dashboard,
    alertmanager,
    ruler: { targets: config.ruler?.targets ?? [], namespace: config.ruler?.namespace },
    runbooks: {
      baseUrl: runbookBaseUrl.replace(/\/+$/, ''),
      templates: config.runbooks?.templates,
      grafanaUrl: (config.runbooks?.grafanaUrl ?? DEFAULT_GRAFANA_URL).replace(/\/+$/, ''),
    },
  };
}
