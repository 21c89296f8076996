// The PromQL a runbook tells on-call to run next, one query per metric of the catalog, chosen by the metric's
// shape: bytes retained per request by endpoint, live objects that grew, GC activity by generation, and so on.
// Built from the catalog's names and the service's job, so renaming a metric renames the runbook's queries.
import type { Metric, Service } from '../model/types.js';
import { matrixSelector } from '../promql/print.js';

export interface NextQuery {
  title: string;
  promql: string;
}

function byClause(metric: Metric, extra: string[] = []): string {
  return `sum by (${['instance', ...metric.labels, ...extra].join(', ')})`;
}

function labelWords(metric: Metric): string {
  return metric.labels.length > 0 ? metric.labels.join('/') : 'instance';
}

export function queryFor(metric: Metric, service: Service): NextQuery | undefined {
  const job = { job: service.job };
  const sum = byClause(metric);
  switch (metric.type) {
    case 'histogram':
      if (metric.unit === 'bytes') {
        return {
          title: `Which ${labelWords(metric)} retained the most memory in the last hour (${metric.name})`,
          promql: `topk(10, ${sum} (increase(${matrixSelector(`${metric.name}_sum`, job, '1h')})))`,
        };
      }
      return {
        title: `p95 of ${metric.name} by ${labelWords(metric)} over the last 5 minutes`,
        promql: `histogram_quantile(0.95, ${byClause(metric, ['le'])} (rate(${matrixSelector(`${metric.name}_bucket`, job, '5m')})))`,
      };
    case 'counter':
      return {
        title: `${metric.name} per second by ${labelWords(metric)} (a rising rate means more pressure)`,
        promql: `${sum} (rate(${matrixSelector(metric.name, job, '5m')}))`,
      };
    case 'gauge':
      if (metric.unit === 'bytes') {
        return {
          title: `How much ${metric.name} grew on each instance in the last hour`,
          promql: `sort_desc(delta(${matrixSelector(metric.name, job, '1h')}))`,
        };
      }
      return {
        title: `Which ${labelWords(metric)} grew the most in the last hour (${metric.name})`,
        promql: `topk(10, ${sum} (delta(${matrixSelector(metric.name, job, '1h')})))`,
      };
    case 'summary':
      return undefined;
  }
}

/** Every catalog metric's query for `service`, the alert's own metric first. */
export function nextQueries(metrics: Metric[], service: Service, first: Metric): NextQuery[] {
  // An alert on a metric outside the catalog (kube-state-metrics, cAdvisor) gets the catalog's queries only.
  const ordered = metrics.some((m) => m.id === first.id) ? [first, ...metrics.filter((m) => m.id !== first.id)] : metrics;
  return ordered.map((m) => queryFor(m, service)).filter((q): q is NextQuery => q !== undefined);
}
