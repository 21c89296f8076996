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

/** A quantile of a histogram over a window of per-second bucket rates. */
export interface QuantileAlert extends AlertBase {
  kind: 'quantile';
  quantile: number;
  window: Duration;
  /** Labels kept besides job and instance, e.g. ['endpoint', 'method']. */
  by?: string[];
}

export type AlertConfig = ValueAlert | GrowthAlert | SlopeAlert | QuantileAlert;
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
}

export interface DashboardConfig {
  title?: string;
  /** Stable dashboard uid (default: derived from the first service's name). */
  uid?: string;
  tags?: string[];
  panels?: PanelConfig[];
}

export interface MemgenConfig {
  /** Base URL of runbooks; each alert links to <runbookBaseUrl>/<AlertName>.md. */
  runbookBaseUrl?: string;
  prometheus?: PrometheusConfig;
  kubernetes?: KubernetesConfig;
  tiers?: Partial<Record<TierName, TierConfig>>;
  metrics: Record<string, MetricConfig>;
  services: ServiceConfig[];
  alerts: AlertConfig[];
  dashboard?: DashboardConfig;
}
