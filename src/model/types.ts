// The normalised model every later stage reads: lint checks it, emitters turn it into files. Values are in
// base units (bytes, seconds, per second); each threshold keeps its parsed quantity so messages, panels and
// diffs print it the way the user wrote it.
import type { AlertKind, MetricType, MetricUnit, PanelType, PanelUnit, RulerTarget, ShapeAcceptance, TierAction, TierName } from '../dsl/types.js';
import type { Quantity } from '../dsl/units.js';

export interface Tier {
  name: TierName;
  severity: string;
  action: TierAction;
  actionText: string;
}

export interface Metric {
  /** Catalog key. */
  id: string;
  name: string;
  type: MetricType;
  unit: MetricUnit;
  help?: string;
  labels: string[];
  buckets?: number[];
  /** Lint checks the config accepts this metric for. */
  lintDisable?: string[];
}

export interface Service {
  name: string;
  job: string;
  port: number;
  path: string;
  scrapeInterval: number;
  memoryLimit?: number;
  targets: string[];
  kubernetes: { namespace: string; selector: Record<string, string>; portName: string };
  /** Paths of the service's debug endpoints, for runbooks (none unless configured). */
  debugEndpoints: string[];
  /** Catalog keys of the metrics it exports. */
  metrics: string[];
}

export interface Threshold {
  op: '>' | '<';
  /** As parsed from the config, in base units. */
  quantity: Quantity;
  /** The number that goes into PromQL, in the unit of the expression's value. */
  promValue: number;
  /** Human form, e.g. '5 MiB/min' or '900 MiB (90% of the 1000 MiB limit)'. */
  display: string;
}

interface AlertCommon {
  name: string;
  service: string;
  tier: Tier;
  metric: Metric;
  /** Seconds. */
  for: number;
  /** Seconds of warm-up grace after the process starts, and the start-time metric it reads. */
  warmup?: number;
  warmupMetric?: string;
  /** Catalog shapes the config accepts this alert firing on. */
  accept?: ShapeAcceptance[];
  /** Labels the expression keeps (besides the metric's own, for unaggregated kinds). */
  keepLabels: string[];
  threshold: Threshold;
  /** The PromQL expression, threshold included. */
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Where in the config the alert came from, for error messages. */
  configPath: string;
  /** Lint check ids the config disables for this alert. */
  lintDisable?: string[];
}

/** What each kind of alert knows beyond the common fields (seconds for durations, bytes for sizes). */
export type AlertKindFields =
  | { kind: 'value' }
  | { kind: 'growth' | 'slope'; window: number }
  /** floor: the window the lowest value is taken over. */
  | { kind: 'floorGrowth'; window: number; floor: number }
  /** horizon: how far ahead; minGrowth: what each half of the window must grow by. */
  | { kind: 'forecast'; window: number; floor: number; horizon: number; minGrowth: number }
  | { kind: 'quantile'; window: number; quantile: number }
  /** condition: the whole condition in words; correlation: the parts the expression joins, for the generated tests. */
  | { kind: 'correlation'; window: number; condition: string; correlation: CorrelationParts };

export type Alert = AlertCommon & AlertKindFields;
export type AlertOf<K extends AlertKind> = Extract<Alert, { kind: K }>;

/** How far back the alert's comparison window reaches (seconds); 0 for a value alert. */
export function windowOf(alert: Alert): number {
  return alert.kind === 'value' ? 0 : alert.window;
}

/** How far back the expression reads: a floor comparison reaches a floor window past its offset. */
export function lookbackOf(alert: Alert): number {
  return windowOf(alert) + (alert.kind === 'floorGrowth' || alert.kind === 'forecast' ? alert.floor : 0);
}

/** What a correlation alert's expression joins, in the numbers and names it uses (window: Alert.window). */
export type CorrelationParts =
  | { pattern: 'memoryErrors'; job: string; memoryAbove: number; errorRatio: number; requests: { metric: string; statusLabel: string; errorStatus: string } }
  | { pattern: 'oomKilled'; container: Record<string, string> }
  | { pattern: 'limitForecast'; container: Record<string, string>; horizon: number };

export interface RuleGroup {
  name: string;
  service: string;
  /** Seconds; the global evaluation interval unless set. */
  interval?: number;
  alerts: Alert[];
}

export interface PanelTarget {
  expr: string;
  legend?: string;
  instant: boolean;
}

export interface Panel {
  title: string;
  description: string;
  type: PanelType;
  unit: PanelUnit;
  targets: PanelTarget[];
  alert?: string;
  row?: string;
  configPath: string;
  /** Dashboard checks not to run on this panel (config `lint.disable`). */
  lintDisable?: string[];
}

export interface Dashboard {
  title: string;
  uid: string;
  tags: string[];
  panels: Panel[];
  /** Dashboard checks not to run on the dashboard (config `dashboard.lint.disable`). */
  lintDisable?: string[];
}

export interface Receiver {
  name: string;
  webhook?: { url?: string; urlFile?: string; credentialsFile?: string; sendResolved: boolean };
  pagerduty?: { routingKeyFile: string; sendResolved: boolean };
  slack?: { apiUrlFile: string; channel: string; sendResolved: boolean };
}

export interface TierRoute {
  tier: Tier;
  /** Receiver names, in order; each gets the tier's alerts. */
  receivers: string[];
  /** Extra Alertmanager matchers besides the tier's severity. */
  matchers: string[];
  /** Seconds. */
  groupWait: number;
  groupInterval: number;
  repeatInterval: number;
}

export interface Routing {
  receivers: Receiver[];
  /** One per tier, most severe first. */
  routes: TierRoute[];
  defaultReceiver: string;
  groupBy: string[];
}

export interface Model {
  /** 'preset fastapi' or a config file name; shown in generated headers. */
  source: string;
  prometheus: {
    scrapeInterval: number;
    evaluationInterval: number;
    alertmanagers: string[];
    externalLabels: Record<string, string>;
  };
  /** ruleName: the PrometheusRule's name, the same whichever services the config has. */
  kubernetes: { namespace: string; labels: Record<string, string>; ruleName: string };
  tiers: Record<TierName, Tier>;
  metrics: Record<string, Metric>;
  services: Service[];
  groups: RuleGroup[];
  dashboard: Dashboard;
  alertmanager: Routing;
  ruler: { targets: RulerTarget[]; namespace?: string };
  runbooks: {
    /** Base of every alert's runbook_url; relative (the default 'runbooks') means relative to the output folder. */
    baseUrl: string;
    /** The user's template folder, if any. */
    templates?: string;
    grafanaUrl: string;
  };
}
