// Everything `memgen lint --prometheus` asks the server, before the checks run: which of the metrics the rules
// read exist (and when the missing ones were last seen), the label values of the labels they match on, the
// metric types from /api/v1/metadata, the scrape intervals from /api/v1/status/config, and how often each
// alert would have fired lately.
import type { MetricDefinition, MetricType } from '../lint/context.js';
import { alertKey, type LiveFacts, type MetricPresence } from '../lint/live/facts.js';
import type { RuleRef } from '../lint/types.js';
import { parseExpr, walk } from '../promql/ast.js';
import { parseDuration } from '../promql/duration.js';
import { backtestRule } from './backtest.js';
import { QueryRefused, type PrometheusClient } from './client.js';
import { alertingRules } from './rules.js';
import { yamlLib } from '../lint/sources/yaml-lib.js';

/** Where metric types and scrape intervals come from when linting against a live server. */
export interface LiveLintSources {
  /** The metrics the rules read that the server has metadata for. */
  metrics: MetricDefinition[];
  /** 'metadata of http://...' */
  metricSource: string;
  /** Seconds, from the server's loaded configuration. */
  scrapeInterval?: number;
  jobIntervals: Map<string, number>;
}

export interface LiveLintOptions {
  now: number;
  /** Seconds searched back for a metric that disappeared (default 7d). */
  lookback: number;
  /** Seconds replayed for alerts/count. */
  alertRange: number;
  alertsCountMax: number;
  /** Evaluation interval for groups that set none. */
  evaluationInterval: number;
}

const RECENT = '1h';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METADATA_TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary']);
// Prometheus's default when a config leaves the global scrape interval out.
const PROMETHEUS_DEFAULT_SCRAPE = 60;

/** Metric names the rules read (not those their recording rules produce), with the labels they match on. */
function selectedMetrics(rules: readonly RuleRef[]): Map<string, Set<string>> {
  const recorded = new Set(rules.filter((r) => r.kind === 'record' && r.name).map((r) => r.name as string));
  const out = new Map<string, Set<string>>();
  for (const r of rules) {
    const ast = parseExpr(r.expr).ast;
    if (!ast) continue;
    walk(ast, (e) => {
      if (e.kind !== 'vector') return;
      const name = e.name ?? e.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
      if (!name || recorded.has(name)) return;
      const labels = out.get(name) ?? new Set<string>();
      for (const m of e.matchers) if (m.name !== '__name__' && (m.op === '=' || m.op === '=~') && m.value !== '' && LABEL_NAME.test(m.name)) labels.add(m.name);
      out.set(name, labels);
    });
  }
  return out;
}

const selector = (name: string) => `{__name__=${JSON.stringify(name)}}`;

async function presence(client: PrometheusClient, name: string, known: boolean, recent: boolean, o: LiveLintOptions): Promise<MetricPresence> {
  if (recent) return { state: 'present' };
  if (!known) return { state: 'never' };
  // When did it go? count() over the lookback at a coarse step: the last point with a value.
  const step = Math.max(60, Math.ceil(o.lookback / 500 / 60) * 60);
  const data = await client.queryRange(`count(${selector(name)})`, o.now - o.lookback, o.now, step);
  const times = data.result.flatMap((s) => s.values.map(([t]) => Number(t)));
  return times.length ? { state: 'gone', lastSeen: Math.max(...times) } : { state: 'gone' };
}

export async function gatherLiveFacts(client: PrometheusClient, rules: readonly RuleRef[], o: LiveLintOptions, alertsCountMax: number): Promise<LiveFacts> {
  const wanted = selectedMetrics(rules);
  const names = await client.labelValues('__name__');
  const knownNames = new Set(names);
  const metrics = new Map<string, MetricPresence>();
  const labelValues = new Map<string, Map<string, Set<string>>>();
  for (const [name, labels] of wanted) {
    const recentSeries = `last_over_time(${selector(name)}[${RECENT}])`;
    let recent = false;
    if (!knownNames.has(name)) {
      metrics.set(name, await presence(client, name, false, false, o));
      continue;
    }
    const byLabel = new Map<string, Set<string>>();
    for (const label of labels) {
      const result = (await client.query(`count by (${label}) (${recentSeries})`, o.now)).result;
      byLabel.set(label, new Set(result.map((s) => s.metric[label] ?? '')));
      recent ||= result.length > 0;
    }
    if (labels.size === 0) recent = (await client.query(`count(${recentSeries})`, o.now)).result.length > 0;
    if (recent) labelValues.set(name, byLabel);
    metrics.set(name, await presence(client, name, true, recent, o));
  }
  const alertFires = new Map<string, { fires: number; firingSeconds: number }>();
  const files = [...new Set(rules.map((r) => r.file))];
  // Rules that do not parse are reported by the offline checks; one the server refuses is not counted.
  for (const rule of alertingRules(files, o.evaluationInterval).filter((r) => parseExpr(r.expr).ast)) {
    try {
      const result = await backtestRule(client, rule, { end: o.now, range: o.alertRange });
      alertFires.set(alertKey(rule.group, rule.name), { fires: result.fires, firingSeconds: result.firingSeconds });
    } catch (err) {
      if (!(err instanceof QueryRefused)) throw err;
    }
  }
  return { server: client.display, now: o.now, lookback: o.lookback, metrics, names, labelValues, alertFires, alertRange: o.alertRange, alertsCountMax };
}

interface ServerConfig {
  global?: { scrape_interval?: string };
  scrape_configs?: Array<{ job_name?: string; scrape_interval?: string }>;
}

/** Metric types from the server's metadata (for the metrics the rules read) and its scrape intervals. */
export async function liveLintSources(client: PrometheusClient, rules: readonly RuleRef[]): Promise<LiveLintSources> {
  const wanted = selectedMetrics(rules);
  const bases = (name: string) => [name, name.replace(/_(bucket|count|sum|total|created)$/, '')];
  const metadata = await client.metadata();
  const metrics: MetricDefinition[] = [];
  const seen = new Set<string>();
  for (const name of wanted.keys()) {
    for (const base of bases(name)) {
      const type = metadata[base]?.[0]?.type as MetricType | undefined;
      if (seen.has(base) || !type || !METADATA_TYPES.has(type)) continue;
      seen.add(base);
      // The server's metric names are not the linted files' to fix: naming is judged on definitions users write.
      metrics.push({ name: base, type, file: client.display, lintDisable: ['metrics/naming'] });
    }
  }
  // Through the lazy loader: a bundled dynamic import of yaml has no named exports.
  const { parse } = yamlLib();
  const config = (parse(await client.config()) ?? {}) as ServerConfig;
  const seconds = (s: string | undefined) => (s === undefined ? undefined : parseDuration(s));
  const scrapeInterval = seconds(config.global?.scrape_interval) ?? PROMETHEUS_DEFAULT_SCRAPE;
  const jobIntervals = new Map<string, number>();
  for (const job of config.scrape_configs ?? []) if (job.job_name) jobIntervals.set(job.job_name, seconds(job.scrape_interval) ?? scrapeInterval);
  return { metrics, metricSource: `metadata of ${client.display}`, scrapeInterval, jobIntervals };
}
