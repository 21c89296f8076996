// The shape of a memgen config, as users write it in memgen.config.ts or YAML. The JSON Schema in
// src/config/schema.ts is type-checked against these types, so the two cannot drift apart.
import type { ByteRate, ByteSize, Duration, Percent } from './units.js';

export type TierName = 'critical' | 'high' | 'medium';
export type TierAction = 'auto-restart' | 'page' | 'investigate';
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';
/** The unit a metric is exposed in. Thresholds are converted into it. */
export type MetricUnit = 'bytes' | 'seconds' | 'milliseconds' | 'count';

/** A threshold with its unit: '900MiB', '90%' (of the service's memory limit), '500ms', '5MiB/min', or a number. */
export type Threshold = ByteSize | Percent | Duration | ByteRate | number;

export interface TierConfig {
  /** Value of the `severity` label on alerts of this tier (default: the tier's name). */
  severity?: string;
  /** What happens when an alert of this tier fires. */
  action?: TierAction;
  /** One sentence for people: what to do. Rendered into the `action` annotation. */
  actionText?: string;
}

export interface MetricConfig {
  /** The metric's name as exposed, e.g. 'process_rss_bytes' (a histogram's base name, without _bucket). */
  name: string;
  type: MetricType;
  unit: MetricUnit;
  help?: string;
  labels?: string[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  buckets?: number[];
  /** Checks that accept this metric as it is, e.g. a name the application fixes: { disable: ['metrics/naming'] }. */
  lint?: { disable?: string[] };
}

export interface KubernetesServiceConfig {
  /** Namespace of the Service and its ServiceMonitor (default: the config's kubernetes.namespace). */
  namespace?: string;
  /** Labels of the Kubernetes Service to scrape (default: { app: <service name> }). */
  selector?: Record<string, string>;
  /** Name of the Service port that serves metrics (default: 'metrics'). */
  portName?: string;
}

export interface ServiceConfig {
  /** Service name: used for rule group names, dashboard titles and Kubernetes object names. */
  name: string;
  /** Prometheus job name (default: the service name). */
  job?: string;
  port: number;
  /** Metrics path (default: '/metrics'). */
  path?: string;
  /** Scrape interval of this job (default: the global scrape interval). */
  scrapeInterval?: Duration;
  /** Memory limit of one process; percentage thresholds are taken of it. */
  memoryLimit?: ByteSize;
  /** Static scrape targets for prometheus.yml (default: ['localhost:<port>']). */
  targets?: string[];
  kubernetes?: KubernetesServiceConfig;
  /** Per-service changes to alerts, keyed by alert name: a worker may tolerate more growth than an API. */
  alerts?: Record<string, ServiceAlertOverride>;
  /** Debug endpoints the runbooks send on-call to (default: none; the runbooks mention none). */
  debugEndpoints?: string[];
  /**
   * Catalog keys of the metrics this service exports (default: all of the catalog). Its runbooks suggest
   * queries on these only, and read its runtime (Python, Node.js, Go, JVM: the cause table) from their names.
   */
  metrics?: string[];
}

/** Changes one alert for one service; the alert's other fields stay as the alerts list defines them. */
export interface ServiceAlertOverride {
  above?: Threshold;
  below?: Threshold;
  for?: Duration;
  tier?: TierName;
  /** false: this service does not get the alert. */
  enabled?: boolean;
}

interface AlertBase {
  /** CamelCase alert name, e.g. 'RapidMemoryGrowth'. */
  name: string;
  tier: TierName;
  /** How long the condition must hold before the alert fires, e.g. '10m'. */
  for?: Duration;
  /** Key of the metric in the catalog. */
  metric: string;
  /** Fires when the value is above (or below) this threshold. Exactly one of above/below. */
  above?: Threshold;
  below?: Threshold;
  /** Static one-line summary. */
  summary?: string;
  /** Go-template description; the default names the value and threshold in human units. */
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Services the alert applies to (default: all). */
  services?: string[];
  /** Lint options of this alert: check ids (e.g. 'alerts/no-condition') not to run on it. */
  lint?: { disable?: string[] };
  /**
   * Warm-up grace, e.g. '1h': no alert while the process is younger (time() - process_start_time_seconds), since a
   * process filling its caches grows like a leak. Needs the catalog metric `startTime`; a service that does not
   * export it gets the alert without the grace.
   */
  warmup?: Duration;
  /** Shapes of memgen's catalog this alert may fire on, with the reason (shown by `memgen test`). */
  accept?: ShapeAcceptance[];
}

export interface ShapeAcceptance {
  /** Shape id, e.g. 'healthy/batch-job'. */
  shape: string;
  reason: string;
}

/** The metric's current value against a threshold (bytes, or a percentage of the memory limit). */
export interface ValueAlert extends AlertBase {
  kind: 'value';
}

/** How much a gauge grew over a window: delta(metric[window]). */
export interface GrowthAlert extends AlertBase {
  kind: 'growth';
  window: Duration;
}

/** Slope of a gauge by linear regression, deriv(metric[window]), compared in the threshold's time unit. */
export interface SlopeAlert extends AlertBase {
  kind: 'slope';
  window: Duration;
}

/**
 * Growth of the memory floor: the lowest value over `floor` (default 15m) now, against the same `window` ago,
 * above a rate ('100MiB/h'). The floor ignores GC sawtooth and bursts shorter than `floor`; `for` longer than
 * `window` rules out a one-off step, which raises the difference for at most one window.
 */
export interface FloorGrowthAlert extends AlertBase {
  kind: 'floorGrowth';
  window: Duration;
  floor?: Duration;
}

/**
 * Time to the memory limit: the floor now plus its growth over `window` (default 3h), extrapolated `horizon`
 * (default 12h) ahead, passes `above` (default 100% of memoryLimit), and the floor grew in both halves of the
 * window by more than `minGrowth` (default '5MiB'), so one step is not a trend.
 */
export interface ForecastAlert extends AlertBase {
  kind: 'forecast';
  window?: Duration;
  horizon?: Duration;
  floor?: Duration;
  minGrowth?: ByteSize;
}

/** A quantile of a histogram over a window of per-second bucket rates. */
export interface QuantileAlert extends AlertBase {
  kind: 'quantile';
  quantile: number;
  window: Duration;
  /** Labels kept besides job and instance, e.g. ['endpoint', 'method']. */
  by?: string[];
}

/** Which link of the guide's "memory spike -> timeout -> OOM kill" chain a correlation alert watches. */
export type CorrelationPattern = 'memoryErrors' | 'oomKilled' | 'limitForecast';

export interface RequestMetricsConfig {
  /** Counter of handled requests (default 'http_requests_total', as prometheus-fastapi-instrumentator names it). */
  metric?: string;
  /** Label holding the response status (default 'status'). */
  statusLabel?: string;
  /** Regex of the statuses that count as errors or timeouts (default '5..|5xx': exact or grouped codes). */
  errorStatus?: string;
}

export interface ContainerMatchConfig {
  /** Container name in kube-state-metrics and cAdvisor series (default: the service name). */
  container?: string;
  /** Namespace of the pods (default: any). */
  namespace?: string;
}

/**
 * Memory together with its consequences. `memoryErrors`: high memory and a high share of failed requests on the
 * same instance. `oomKilled`: a container restarted after an OOM kill (kube-state-metrics). `limitForecast`:
 * the working set, extrapolated linearly, reaches the container's limit within `horizon` (cAdvisor and
 * kube-state-metrics); a restart inside the window silences it, since the slope across a restart means nothing.
 */
export interface CorrelationAlert extends Omit<AlertBase, 'metric' | 'above' | 'below'> {
  kind: 'correlation';
  pattern: CorrelationPattern;
  /** memoryErrors: catalog key of the memory gauge. */
  metric?: string;
  /** memoryErrors: memory threshold, e.g. '80%' of the memory limit or '800MiB'. */
  above?: ByteSize | Percent;
  /** memoryErrors: share of requests that failed, e.g. '5%'. */
  errorRatio?: Percent;
  /** memoryErrors: error-rate window (default 5m); oomKilled: how recent a kill counts (15m); limitForecast: regression window (1h). */
  window?: Duration;
  /** limitForecast: how far ahead to extrapolate (default 4h). */
  horizon?: Duration;
  requests?: RequestMetricsConfig;
  kubernetes?: ContainerMatchConfig;
}

/** Alerts on one metric of the catalog against a threshold. */
export type MetricAlertConfig = ValueAlert | GrowthAlert | SlopeAlert | FloorGrowthAlert | ForecastAlert | QuantileAlert;
export type AlertConfig = MetricAlertConfig | CorrelationAlert;
export type AlertKind = AlertConfig['kind'];

export type PanelType = 'timeseries' | 'stat' | 'table';
export type PanelUnit = 'bytes' | 'decbytes' | 'ms' | 's' | 'short' | 'percentunit' | 'ops' | 'Bps' | 'binBps';

export interface PanelTarget {
  /** PromQL; may use the dashboard variables $job and $instance, and $__rate_interval. */
  expr: string;
  legend?: string;
  /** Show as a table of the latest values rather than a time series. */
  instant?: boolean;
}

export interface PanelConfig {
  title: string;
  description?: string;
  type: PanelType;
  /** Grafana unit id, e.g. 'bytes' (IEC), 'ms', 'short'. */
  unit: PanelUnit;
  targets: PanelTarget[];
  /** Alert whose threshold this panel draws. */
  alert?: string;
  /** Dashboard row (concern) the panel sits in, e.g. 'Memory', 'GC', 'Endpoints'; panels without one come first. */
  row?: string;
  /** Lint options of this panel: check ids (e.g. 'dashboard/panel-units') not to run on it. */
  lint?: { disable?: string[] };
}

export interface PrometheusConfig {
  scrapeInterval?: Duration;
  evaluationInterval?: Duration;
  /** Alertmanager addresses, host:port (default: ['localhost:9093']). */
  alertmanagers?: string[];
  externalLabels?: Record<string, string>;
}

export interface KubernetesConfig {
  /** Namespace of the PrometheusRule, and default namespace of ServiceMonitors (default: 'monitoring'). */
  namespace?: string;
  /** Labels put on the PrometheusRule and ServiceMonitors, e.g. the ones a Prometheus CR selects on. */
  labels?: Record<string, string>;
  /**
   * Name of the PrometheusRule (default 'memgen-memory'). It does not depend on the services, so adding one
   * updates the object in place; give each config its own when two share a namespace.
   */
  ruleName?: string;
}

/** Sends to a URL. `url` must carry no credentials; pass a token with `credentialsFile`, or the whole URL with `urlFile`. */
export interface WebhookReceiverConfig {
  url?: string;
  /** File holding the URL (Alertmanager 0.26 or later). */
  urlFile?: string;
  /** File holding a bearer token sent in the Authorization header. */
  credentialsFile?: string;
  sendResolved?: boolean;
}

export interface PagerDutyReceiverConfig {
  /** File holding the Events API v2 routing key, e.g. /etc/alertmanager/secrets/pagerduty-routing-key. */
  routingKeyFile: string;
  sendResolved?: boolean;
}

export interface SlackReceiverConfig {
  /** File holding the incoming-webhook URL (it contains a token), e.g. /etc/alertmanager/secrets/slack-webhook-url. */
  apiUrlFile: string;
  channel: string;
  sendResolved?: boolean;
}

/** A receiver is exactly one of these. */
export interface ReceiverConfig {
  webhook?: WebhookReceiverConfig;
  pagerduty?: PagerDutyReceiverConfig;
  slack?: SlackReceiverConfig;
}

export interface TierRouteConfig {
  /** Receivers alerts of this tier go to, in order (all of them: earlier routes continue). */
  receivers: string[];
  /** Extra Alertmanager matchers besides severity, e.g. ['team="payments"']. */
  matchers?: string[];
  groupWait?: Duration;
  groupInterval?: Duration;
  repeatInterval?: Duration;
}

export interface AlertmanagerConfig {
  receivers?: Record<string, ReceiverConfig>;
  routes?: Partial<Record<TierName, TierRouteConfig>>;
  /** Receiver of alerts no tier route matches (default: the medium tier's first receiver). */
  defaultReceiver?: string;
  /** Labels alerts are grouped by (default: alertname, job, instance). */
  groupBy?: string[];
}

export type RulerTarget = 'mimir' | 'thanos';

export interface RulerConfig {
  /** Extra rule-file formats to write besides alerts.yaml and the PrometheusRule. */
  targets?: RulerTarget[];
  /** Mimir/Cortex ruler namespace (default: the PrometheusRule's name). */
  namespace?: string;
}

export interface DashboardConfig {
  title?: string;
  /** Stable dashboard uid (default 'memgen-memory', whatever the services; give each config its own when two share a Grafana). */
  uid?: string;
  tags?: string[];
  panels?: PanelConfig[];
  /** Lint options of the whole dashboard: check ids (e.g. 'dashboard/template-job-instance') not to run on it. */
  lint?: { disable?: string[] };
}

export interface RunbooksConfig {
  /** Folder with your own runbook.md.hbs, relative to the working directory (default: memgen's templates/). */
  templates?: string;
  /** Base URL of runbooks; each alert's runbook_url is <baseUrl>/<AlertName>.md (default 'runbooks', relative to the output folder). */
  baseUrl?: string;
  /** Grafana's address, for the dashboard links in runbooks (default 'http://localhost:3000', the local stack's). */
  grafanaUrl?: string;
}

export interface MemgenConfig {
  /** Base URL of runbooks; each alert links to <runbookBaseUrl>/<AlertName>.md. Same as runbooks.baseUrl. */
  runbookBaseUrl?: string;
  runbooks?: RunbooksConfig;
  prometheus?: PrometheusConfig;
  kubernetes?: KubernetesConfig;
  tiers?: Partial<Record<TierName, TierConfig>>;
  metrics: Record<string, MetricConfig>;
  services: ServiceConfig[];
  alerts: AlertConfig[];
  dashboard?: DashboardConfig;
  alertmanager?: AlertmanagerConfig;
  ruler?: RulerConfig;
}
