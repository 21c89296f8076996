// Every alert of a service over every shape of the catalog: when it fires, how often, and whether that is
// right. A healthy shape must fire nothing (unless the config accepts the alert on it); a leak must be caught
// by some alert before it reaches the memory limit, and the lead time is how long before. This is the shape
// matrix `memgen test` prints and the generated promtool tests prove.
import type { TierName } from '../dsl/types.js';
import type { Alert, Model, Service } from '../model/types.js';
import { runAlert, type ActiveAlert, type Evaluation } from '../promql/alert-run.js';
import { exprOf } from '../unittest/simulate.js';
import { shapeCatalog, type Shape } from './catalog.js';
import { sampleShape, type SampledShape } from './sample.js';
import { seriesSetOfShape, shapeSeries, targetOf, type ShapeSeries, type ShapeTarget } from './series.js';

export interface Cell {
  alert: Alert;
  /** Seconds from the shape's start of the first firing evaluation. */
  firstFiring?: number;
  /** The series firing at the first firing evaluation. */
  firing: ActiveAlert[];
  /** (evaluation, series) pairs in the firing state. */
  firingCount: number;
  /** Seconds of the last evaluation before the first firing one, for the "silent just before" check. */
  accepted?: string;
}

export type Verdict = 'ok' | 'false alarm' | 'missed';

export interface ShapeResult {
  shape: Shape;
  sampled: SampledShape;
  series: ShapeSeries[];
  cells: Cell[];
  verdict: Verdict;
  /** Leaks: the first firing of any alert, and of an alert that pages or restarts (seconds from the start). */
  caughtAt?: number;
  pagedAt?: number;
  /** Leaks: seconds from the first firing to the limit. */
  leadTime?: number;
}

const ACTING: TierName[] = ['critical', 'high'];

/** The alerts a shape can say something about: those that read the series it provides. */
export function judgedAlerts(alerts: Alert[], target: ShapeTarget): Alert[] {
  const names = [...target.memoryMetrics, ...(target.kubernetes ? ['container_memory_working_set_bytes'] : [])];
  return alerts.filter((a) => names.some((n) => a.expr.includes(n)));
}

function cellOf(alert: Alert, evaluations: Evaluation[]): Cell {
  let firstFiring: number | undefined;
  let firing: ActiveAlert[] = [];
  let firingCount = 0;
  for (const e of evaluations) {
    const now = e.alerts.filter((a) => a.state === 'firing');
    if (now.length > 0 && firstFiring === undefined) {
      firstFiring = e.t / 1000;
      firing = now;
    }
    firingCount += now.length;
  }
  return { alert, firstFiring, firing, firingCount };
}

export function judgeShape(shape: Shape, model: Model, service: Service, alerts: Alert[]): ShapeResult {
  const target = targetOf(model, service, alerts);
  const sampled = sampleShape(shape, { memoryLimit: service.memoryLimit ?? 2 ** 30, scrapeInterval: service.scrapeInterval });
  const series = shapeSeries(sampled, target);
  const scrapeMs = Math.round(service.scrapeInterval * 1000);
  const data = seriesSetOfShape(series, scrapeMs);
  const every = Math.round(model.prometheus.evaluationInterval * 1000);
  const until = (sampled.samples - 1) * scrapeMs;
  const cells = judgedAlerts(alerts, target).map((alert) => {
    const cell = cellOf(alert, runAlert(exprOf(alert), data, { every, until, hold: Math.round(alert.for * 1000) }));
    const acceptance = alert.accept?.find((a) => a.shape === shape.id);
    return acceptance ? { ...cell, accepted: acceptance.reason } : cell;
  });
  const fired = cells.filter((c) => c.firstFiring !== undefined);
  if (shape.healthy) {
    return { shape, sampled, series, cells, verdict: fired.some((c) => c.accepted === undefined) ? 'false alarm' : 'ok' };
  }
  const first = (list: Cell[]): number | undefined => {
    const times = list.map((c) => c.firstFiring as number);
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  const caughtAt = first(fired);
  const pagedAt = first(fired.filter((c) => ACTING.includes(c.alert.tier.name)));
  const limitAt = sampled.run.limitAt as number;
  const leadTime = caughtAt === undefined ? undefined : limitAt - caughtAt;
  return { shape, sampled, series, cells, verdict: leadTime !== undefined && leadTime > 0 ? 'ok' : 'missed', caughtAt, pagedAt, leadTime };
}

/** The whole catalog for one service's alerts. */
export function judgeCatalog(model: Model, service: Service, alerts: Alert[], shapes: Shape[] = shapeCatalog()): ShapeResult[] {
  return shapes.map((shape) => judgeShape(shape, model, service, alerts));
}
