// A sampled shape as one service's series: what the PromQL engine evaluates and what the generated promtool
// test writes as input_series. Every memory gauge the service's alerts read follows the shape (RSS, a heap
// gauge), so one shape judges all of them; the start-time and Kubernetes series are there when alerts read them.
import { CADVISOR_WORKING_SET, KSM_LIMITS, KSM_RESTARTS } from '../model/correlation.js';
import type { Alert, Model, Service } from '../model/types.js';
import { SeriesSet } from '../promql/engine.js';
import type { Life } from './types.js';
import type { SampledShape } from './sample.js';

export interface ShapeSeries {
  labels: Record<string, string>;
  /** One value per sample; undefined where the series has no sample. */
  values: Array<number | undefined>;
}

export interface ShapeTarget {
  job: string;
  instance: string;
  /** Metric names that carry the shape's memory values. */
  memoryMetrics: string[];
  startTimeMetric?: string;
  kubernetes?: { namespace: string; container: string };
}

/** The instance a replacement process on a new pod reports. */
function replacementInstance(instance: string): string {
  const colon = instance.lastIndexOf(':');
  return colon < 0 ? `${instance}-b` : `${instance.slice(0, colon)}-b${instance.slice(colon)}`;
}

export function targetOf(model: Model, service: Service, alerts: Alert[]): ShapeTarget {
  const memoryMetrics = [...new Set(alerts.filter((a) => a.kind !== 'correlation' && a.kind !== 'quantile' && a.metric.type === 'gauge' && a.metric.unit === 'bytes').map((a) => a.metric.name))];
  const start = model.metrics.startTime;
  const container = alerts.flatMap((a) => (a.kind === 'correlation' && 'container' in a.correlation ? [a.correlation] : []))[0];
  const readsKubernetes = alerts.some((a) => a.expr.includes(CADVISOR_WORKING_SET) || a.expr.includes(KSM_RESTARTS));
  return {
    job: service.job,
    instance: service.targets[0] ?? `localhost:${service.port}`,
    memoryMetrics,
    startTimeMetric: start && alerts.some((a) => a.expr.includes(start.name)) ? start.name : undefined,
    kubernetes: readsKubernetes
      ? { namespace: service.kubernetes.namespace, container: (container && 'container' in container ? container.container.container : undefined) ?? service.name }
      : undefined,
  };
}

/** The series of one shape for one target, with the memory limit the shape was generated for. */
export function shapeSeries(sampled: SampledShape, target: ShapeTarget): ShapeSeries[] {
  const out: ShapeSeries[] = [];
  const n = sampled.samples;
  const byReplica = new Map<Life['replica'], typeof sampled.lives>();
  for (const l of sampled.lives) byReplica.set(l.life.replica, [...(byReplica.get(l.life.replica) ?? []), l]);
  for (const [replica, lives] of byReplica) {
    const instance = replica === 'a' ? target.instance : replacementInstance(target.instance);
    const memory: Array<number | undefined> = new Array(n).fill(undefined);
    const start: Array<number | undefined> = new Array(n).fill(undefined);
    const restarts: Array<number | undefined> = new Array(n).fill(undefined);
    for (const l of lives) {
      l.rss.forEach((v, j) => {
        memory[l.first + j] = v;
        start[l.first + j] = l.life.startTime;
        restarts[l.first + j] = l.life.restarts;
      });
    }
    for (const name of target.memoryMetrics) out.push({ labels: { __name__: name, job: target.job, instance }, values: memory });
    if (target.startTimeMetric) out.push({ labels: { __name__: target.startTimeMetric, job: target.job, instance }, values: start });
    if (target.kubernetes) {
      const pod = { namespace: target.kubernetes.namespace, pod: `${target.kubernetes.container}-7c9f5-${replica}`, container: target.kubernetes.container };
      out.push({ labels: { __name__: CADVISOR_WORKING_SET, ...pod, image: 'app' }, values: memory });
      out.push({ labels: { __name__: KSM_LIMITS, ...pod, resource: 'memory', unit: 'byte' }, values: memory.map((v) => (v === undefined ? undefined : sampled.ctx.memoryLimit)) });
      out.push({ labels: { __name__: KSM_RESTARTS, ...pod }, values: restarts });
    }
  }
  return out;
}

export function seriesSetOfShape(series: ShapeSeries[], scrapeMs: number): SeriesSet {
  return new SeriesSet(
    series.map((s) => ({
      labels: s.labels,
      samples: s.values.flatMap((v, i) => (v === undefined ? [] : [{ t: i * scrapeMs, v }])),
    })),
  );
}

/** promtool's expanding notation for a value list: runs of a constant step as 'a+bxN', gaps as '_xN'. */
export function formatShapeValues(values: Array<number | undefined>): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    const v = values[i];
    if (v === undefined) {
      let j = i;
      while (j < values.length && values[j] === undefined) j++;
      parts.push(j - i === 1 ? '_' : `_x${j - i}`);
      i = j;
      continue;
    }
    const next = values[i + 1];
    const step = next === undefined ? 0 : next - v;
    let j = i + 1;
    while (j < values.length && values[j] !== undefined && (values[j] as number) - (values[j - 1] as number) === step) j++;
    const times = j - i - 1;
    if (times === 0) parts.push(String(v));
    else parts.push(`${v}${step < 0 ? '-' : '+'}${Math.abs(step)}x${times}`);
    i = j;
  }
  return parts.join(' ');
}
