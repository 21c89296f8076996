// Prometheus rule groups, shared by alerts.yaml and the PrometheusRule manifest so the two cannot differ.
import { formatDuration } from '../dsl/units.js';
import type { Alert, Model } from '../model/types.js';

export interface PromRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PromRuleGroup {
  name: string;
  interval?: string;
  rules: PromRule[];
}

export function ruleOf(alert: Alert): PromRule {
  return {
    alert: alert.name,
    expr: alert.expr,
    ...(alert.for > 0 ? { for: formatDuration(alert.for) } : {}),
    labels: alert.labels,
    annotations: alert.annotations,
  };
}

export function ruleGroups(model: Model): PromRuleGroup[] {
  return model.groups.map((g) => ({
    name: g.name,
    ...(g.interval ? { interval: formatDuration(g.interval) } : {}),
    rules: g.alerts.map(ruleOf),
  }));
}
