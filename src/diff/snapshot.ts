// What a diff compares: the reviewable facts of one build (alerts, scrape jobs, dashboard panels), taken
// from a model when the config is at hand, or read back from an output folder memgen wrote.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../config/errors.js';
import { formatBytes, formatDurationProse, formatNumber, parseDuration } from '../dsl/units.js';
import type { Alert, Model } from '../model/types.js';
import { readGeneratedFiles } from '../write/output.js';
import { thresholdLeakRate, type ImpactContext } from './impact.js';
import { parseAlertQuery, type AlertQuery } from './query.js';
import { kubernetesObjects, type ObjectRef } from './objects.js';
import { routingOf, type AmConfig, type RoutingSnapshot } from './routing.js';

export interface AlertSnapshot {
  name: string;
  /** The rule group (one per service). */
  group: string;
  /** The service the copy is for (in a fleet, one copy per service). */
  service: string;
  /** The job label the alert fires with, which routes may match on. */
  job?: string;
  expr: string;
  /** Seconds. */
  for: number;
  tier?: string;
  severity?: string;
  /** Labels other than severity, which is reported with the tier. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  threshold?: { op: '>' | '<'; value: number; display: string };
  /** For a growth alert on a bytes gauge: the leak rate (MiB/min) above which it fires. */
  leakRate?: number;
  query?: AlertQuery;
  impact: ImpactContext;
}

export interface JobSnapshot {
  job: string;
  /** Seconds. */
  scrapeInterval: number;
  metricsPath: string;
  targets: string[];
}

export interface PanelSnapshot {
  title: string;
  type: string;
  unit: string;
  exprs: string[];
  /** The red threshold line, in the unit of the panel's query. */
  threshold?: number;
}

export interface BuildSnapshot {
  evaluationInterval: number;
  scrapeInterval: number;
  jobs: JobSnapshot[];
  alerts: AlertSnapshot[];
  panels: PanelSnapshot[];
  /** Undefined when the build has no alertmanager.yml (an output folder without one). */
  routing?: RoutingSnapshot;
  /** Undefined when not known (a model snapshot taken without its emitted names): not compared then. */
  objects?: ObjectRef[];
  /** The config did not exist (adoption). */
  empty?: true;
}

/** What a config that does not exist yet builds: nothing, so a diff against it lists everything as added. */
export const EMPTY_SNAPSHOT: BuildSnapshot = { evaluationInterval: 0, scrapeInterval: 0, jobs: [], alerts: [], panels: [], objects: [], routing: { tree: {}, receivers: {}, inhibitions: [] }, empty: true };

/**
 * What the emitters make of a model that the diff compares: the alertmanager.yml and the names of the objects.
 * Computed by emitted.ts, which the CLI loads only when it builds models (the emitters stay out of its start).
 */
export interface EmittedFacts {
  alertmanager: AmConfig;
  objects: ObjectRef[];
}

function splitSeverity(labels: Record<string, string>): { severity?: string; labels: Record<string, string> } {
  const { severity, ...rest } = labels;
  return { severity, labels: rest };
}

/** Only slopes and window growth: a floor or forecast alert's firing rate depends on more than its threshold. */
function leakRateOf(a: Alert): { leakRate?: number } {
  const q = a.threshold.quantity;
  if (a.threshold.op !== '>' || a.metric.unit !== 'bytes') return {};
  const bytesPerSecond = a.kind === 'slope' && q.dimension === 'byteRate' ? q.value : a.kind === 'growth' && q.dimension === 'bytes' ? q.value / a.window : undefined;
  return bytesPerSecond === undefined ? {} : { leakRate: (bytesPerSecond * 60) / 2 ** 20 };
}

export function snapshotOfModel(model: Model, emitted?: EmittedFacts): BuildSnapshot {
  const services = new Map(model.services.map((s) => [s.name, s]));
  const alerts = model.groups.flatMap((g) =>
    g.alerts.map((a): AlertSnapshot => {
      const service = services.get(a.service);
      return {
        name: a.name,
        group: g.name,
        service: a.service,
        job: service?.job,
        expr: a.expr,
        for: a.for,
        tier: a.tier.name,
        ...splitSeverity(a.labels),
        annotations: a.annotations,
        threshold: { op: a.threshold.op, value: a.threshold.promValue, display: a.threshold.display },
        ...leakRateOf(a),
        query: parseAlertQuery(a.expr),
        impact: {
          scrapeInterval: service?.scrapeInterval ?? model.prometheus.scrapeInterval,
          evaluationInterval: g.interval ?? model.prometheus.evaluationInterval,
          memoryLimit: service?.memoryLimit,
          buckets: a.metric.buckets,
          metricUnit: a.metric.unit,
        },
      };
    }),
  );
  const alertThreshold = (name: string | undefined) => alerts.find((a) => a.name === name)?.threshold?.value;
  return {
    evaluationInterval: model.prometheus.evaluationInterval,
    scrapeInterval: model.prometheus.scrapeInterval,
    jobs: model.services.map((s) => ({ job: s.job, scrapeInterval: s.scrapeInterval, metricsPath: s.path, targets: s.targets })),
    alerts,
    panels: model.dashboard.panels.map((p) => ({
      title: p.title,
      type: p.type,
      unit: p.unit,
      exprs: p.targets.map((t) => t.expr),
      threshold: alertThreshold(p.alert),
    })),
    ...(emitted ? { routing: routingOf(emitted.alertmanager), objects: emitted.objects } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// From an output folder: only files memgen generated are read; units come from metric-name conventions.

/** Bytes in the family that prints them roundest: 100000000 is '100 MB', 104857600 is '100 MiB'. */
function roundestBytes(v: number): string {
  const iec = formatBytes(v, 'iec');
  const si = formatBytes(v, 'si');
  const decimals = (s: string) => (s.split(' ')[0]?.split('.')[1] ?? '').length;
  return decimals(si) < decimals(iec) ? si : iec;
}

/** A threshold in its own unit, guessed from the metric's name as Prometheus naming conventions spell it. */
export function displayFromQuery(query: AlertQuery): string {
  const metric = query.selector.metric.replace(/_bucket$/, '');
  const v = query.threshold;
  if (/_bytes$/.test(metric)) {
    if (query.fn === 'deriv') {
      const per = query.scale === 60 ? 'min' : query.scale === 3600 ? 'h' : query.scale === 1 ? 's' : `${query.scale}s`;
      return `${roundestBytes(v)}/${per}`;
    }
    return roundestBytes(v);
  }
  if (/_(ms|milliseconds)$/.test(metric)) return formatDurationProse(v / 1000);
  if (/_seconds$/.test(metric)) return formatDurationProse(v);
  return formatNumber(v);
}

interface RuleFile {
  groups?: Array<{ name: string; interval?: string; rules?: Array<{ alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }> }>;
}

interface PrometheusFile {
  global?: { scrape_interval?: string; evaluation_interval?: string };
  scrape_configs?: Array<{ job_name: string; scrape_interval?: string; metrics_path?: string; static_configs?: Array<{ targets?: string[] }> }>;
}

interface DashboardFile {
  panels?: Array<{
    title?: string;
    type?: string;
    fieldConfig?: { defaults?: { unit?: string; thresholds?: { steps?: Array<{ value: number | null }> } } };
    targets?: Array<{ expr?: string }>;
  }>;
}

// Prometheus's own defaults, for a prometheus.yml that leaves them out.
const PROMETHEUS_DEFAULT_SCRAPE = 60;
const PROMETHEUS_DEFAULT_EVALUATION = 60;

export function snapshotOfFolder(dir: string): BuildSnapshot {
  if (!existsSync(dir)) throw new UsageError(`no such folder: ${dir}`);
  const files = new Map(readGeneratedFiles(dir).map((f) => [f.path, f.content]));
  const rulesText = files.get('prometheus/alerts.yaml');
  if (rulesText === undefined) throw new UsageError(`${dir} holds no prometheus/alerts.yaml generated by memgen; give an output folder of \`memgen build\``);
  const prom = (parse(files.get('prometheus/prometheus.yml') ?? '') ?? {}) as PrometheusFile;
  const scrapeInterval = prom.global?.scrape_interval ? parseDuration(prom.global.scrape_interval) : PROMETHEUS_DEFAULT_SCRAPE;
  const evaluationInterval = prom.global?.evaluation_interval ? parseDuration(prom.global.evaluation_interval) : PROMETHEUS_DEFAULT_EVALUATION;
  const jobs: JobSnapshot[] = (prom.scrape_configs ?? []).map((c) => ({
    job: c.job_name,
    scrapeInterval: c.scrape_interval ? parseDuration(c.scrape_interval) : scrapeInterval,
    metricsPath: c.metrics_path ?? '/metrics',
    targets: (c.static_configs ?? []).flatMap((s) => s.targets ?? []),
  }));

  const rules = (parse(rulesText) ?? {}) as RuleFile;
  const alerts = (rules.groups ?? []).flatMap((g) =>
    (g.rules ?? [])
      .filter((r) => r.alert)
      .map((r): AlertSnapshot => {
        const query = parseAlertQuery(r.expr);
        const job = jobs.find((j) => j.job === query?.selector.matchers.job);
        return {
          name: r.alert as string,
          group: g.name,
          service: r.labels?.service ?? g.name.replace(/\.memory$/, ''),
          job: query?.selector.matchers.job ?? r.labels?.job,
          expr: r.expr,
          for: r.for ? parseDuration(r.for) : 0,
          ...splitSeverity(r.labels ?? {}),
          annotations: r.annotations ?? {},
          threshold: query && { op: query.op, value: query.threshold, display: displayFromQuery(query) },
          ...(thresholdLeakRate(query) !== undefined ? { leakRate: thresholdLeakRate(query) } : {}),
          query,
          impact: {
            scrapeInterval: job?.scrapeInterval ?? scrapeInterval,
            evaluationInterval: g.interval ? parseDuration(g.interval) : evaluationInterval,
          },
        };
      }),
  );

  const panels = [...files.keys()]
    .filter((p) => p.startsWith('grafana/dashboards/') && p.endsWith('.json'))
    .flatMap((p) => (JSON.parse(files.get(p) as string) as DashboardFile).panels ?? [])
    .map((panel): PanelSnapshot => {
      const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
      const line = steps.find((s) => s.value !== null);
      return {
        title: panel.title ?? '',
        type: panel.type ?? '',
        unit: panel.fieldConfig?.defaults?.unit ?? '',
        exprs: (panel.targets ?? []).map((t) => t.expr ?? ''),
        threshold: line?.value ?? undefined,
      };
    });

  const am = files.get('alertmanager/alertmanager.yml');
  const dashboards = [...files.keys()].filter((p) => p.startsWith('grafana/dashboards/') && p.endsWith('.json'));
  const mimir = (parse(files.get('mimir/rules.yaml') ?? '') ?? {}) as { namespace?: string };
  const objects: ObjectRef[] = [
    ...kubernetesObjects(files.get('kubernetes/servicemonitor.yaml'), files.get('kubernetes/prometheusrule.yaml')),
    ...dashboards.flatMap((p): ObjectRef[] => {
      const uid = (JSON.parse(files.get(p) as string) as { uid?: string }).uid;
      return uid ? [{ kind: 'dashboard', name: uid }] : [];
    }),
    ...(rules.groups ?? []).map((g): ObjectRef => ({ kind: 'rule group', name: g.name })),
    ...(mimir.namespace ? [{ kind: 'Mimir namespace' as const, name: mimir.namespace }] : []),
  ];
  return { evaluationInterval, scrapeInterval, jobs, alerts, panels, ...(am ? { routing: routingOfFile(am, path.join(dir, 'alertmanager/alertmanager.yml')) } : {}), objects };
}

function routingOfFile(text: string, file: string): RoutingSnapshot {
  try {
    return routingOf((parse(text) ?? {}) as AmConfig);
  } catch (err) {
    throw new UsageError(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
