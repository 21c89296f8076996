// The normalised model every later stage reads: lint checks it, emitters turn it into files. Values are in
// base units (bytes, seconds, per second); each threshold keeps its parsed quantity so messages, panels and
// diffs print it the way the user wrote it.
import type { AlertKind, MetricType, MetricUnit, PanelType, PanelUnit, TierAction, TierName } from '../dsl/types.js';
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

export interface Alert {
  name: string;
  kind: AlertKind;
  service: string;
  tier: Tier;
  metric: Metric;
  /** Seconds. */
  for: number;
  /** Seconds; for windowed kinds. */
  window?: number;
  quantile?: number;
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
  configPath: string;
}

export interface Dashboard {
  title: string;
  uid: string;
  tags: string[];
  panels: Panel[];
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
  kubernetes: { namespace: string; labels: Record<string, string> };
  tiers: Record<TierName, Tier>;
  metrics: Record<string, Metric>;
  services: Service[];
  groups: RuleGroup[];
  dashboard: Dashboard;
}
