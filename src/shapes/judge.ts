// Every alert of a service over every shape of the catalog: when it fires, how often, and whether that is
// right. A healthy shape must fire nothing (unless the config accepts the alert on it); a leak must be caught
// by some alert before it reaches the memory limit, and the lead time is how long before. This is the shape
// matrix `memgen test` prints and the generated promtool tests prove.
import type { TierName } from '../dsl/types.js';
import type { Alert, Model, Service } from '../model/types.js';
import { runAlert, type ActiveAlert, type Evaluation } from '../promql/alert-run.js';
import { compileCached } from '../promql/engine.js';
import { shapeCatalog } from './catalog.js';
import type { Shape } from './types.js';
import { sampleShape, type SampledShape } from './sample.js';
import { seriesSetOfShape, shapeSeries, targetOf, type ShapeSeries, type ShapeTarget } from './series.js';

/** What the judge reads of an alert: a model alert, or a rule of someone's file. */
export interface JudgedRule {
  name: string;
  expr: string;
  /** Seconds. */
  for: number;
  tier: { name: TierName };
  accept?: Alert['accept'];
  /** A model alert's threshold; rules read from files have none. */
  threshold?: { op: '>' | '<' };
}

export interface Cell<R extends JudgedRule = JudgedRule> {
  alert: R;
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

export interface ShapeResult<R extends JudgedRule = JudgedRule> {
  shape: Shape;
  sampled: SampledShape;
  series: ShapeSeries[];
  cells: Array<Cell<R>>;
  verdict: Verdict;
  /** Leaks: the first firing of any alert, and of an alert that pages or restarts (seconds from the start). */
  caughtAt?: number;
  pagedAt?: number;
  /** Leaks: seconds from the first firing to the limit. */
  leadTime?: number;
}

const ACTING: TierName[] = ['critical', 'high'];

/**
 * The alerts a shape can say something about: those that read the series it provides and fire on memory going
 * up. An alert on memory falling below a threshold watches something else than a leak.
 */
export function judgedAlerts<R extends JudgedRule>(alerts: R[], target: ShapeTarget): R[] {
  const names = [...target.memoryMetrics, ...(target.kubernetes ? ['container_memory_working_set_bytes'] : [])];
  return alerts.filter((a) => names.some((n) => a.expr.includes(n)) && a.threshold?.op !== '<');
}

function cellOf<R extends JudgedRule>(alert: R, evaluations: Evaluation[]): Cell<R> {
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

export interface JudgeContext {
  target: ShapeTarget;
  /** Bytes. */
  memoryLimit: number;
  /** Seconds. */
  scrapeInterval: number;
  evaluationInterval: number;
}

export function judgeShape<R extends JudgedRule>(shape: Shape, ctx: JudgeContext, alerts: R[]): ShapeResult<R> {
  const sampled = sampleShape(shape, { memoryLimit: ctx.memoryLimit, scrapeInterval: ctx.scrapeInterval });
  const series = shapeSeries(sampled, ctx.target);
  const scrapeMs = Math.round(ctx.scrapeInterval * 1000);
  const data = seriesSetOfShape(series, scrapeMs);
  const every = Math.round(ctx.evaluationInterval * 1000);
  const until = (sampled.samples - 1) * scrapeMs;
  const cells = judgedAlerts(alerts, ctx.target).map((alert) => {
    const cell = cellOf(alert, runAlert(compileCached(alert.expr), data, { every, until, hold: Math.round(alert.for * 1000) }));
    const acceptance = alert.accept?.find((a) => a.shape === shape.id);
    return acceptance ? { ...cell, accepted: acceptance.reason } : cell;
  });
  const fired = cells.filter((c) => c.firstFiring !== undefined);
  if (shape.healthy) {
    return { shape, sampled, series, cells, verdict: fired.some((c) => c.accepted === undefined) ? 'false alarm' : 'ok' };
  }
  const first = (list: Array<Cell<R>>): number | undefined => {
    const times = list.map((c) => c.firstFiring as number);
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  const caughtAt = first(fired);
  const pagedAt = first(fired.filter((c) => ACTING.includes(c.alert.tier.name)));
  const limitAt = sampled.run.limitAt as number;
  const leadTime = caughtAt === undefined ? undefined : limitAt - caughtAt;
  return { shape, sampled, series, cells, verdict: leadTime !== undefined && leadTime > 0 ? 'ok' : 'missed', caughtAt, pagedAt, leadTime };
}

export function judgeContext(model: Model, service: Service, alerts: Alert[]): JudgeContext {
  return {
    target: targetOf(model, service, alerts),
    memoryLimit: service.memoryLimit ?? 2 ** 30,
    scrapeInterval: service.scrapeInterval,
    evaluationInterval: model.prometheus.evaluationInterval,
  };
}

/** The whole catalog for one service's alerts. */
/**
 * Evaluations of the whole catalog, and samples of its series, memgen simulates for one service at most: the
 * cost of a build stays bounded whatever the intervals (the preset, at 30s scrapes and 15s evaluations, needs
 * about 26,000 evaluations and 13,000 samples). Beyond it the catalog is not run for that service.
 */
export const CATALOG_BUDGET = { evaluations: 120_000, samples: 120_000 };

/** Why the catalog is not run for a service, or undefined when it is. */
export function catalogSkipped(model: Model, service: Service, shapes: Shape[] = shapeCatalog()): string | undefined {
  if (service.memoryLimit === undefined) return 'the service has no memoryLimit, which the shapes are laid out against';
  const ctx = { memoryLimit: service.memoryLimit, scrapeInterval: service.scrapeInterval };
  const seconds = shapes.reduce((sum, shape) => sum + shape.generate(ctx).duration, 0);
  const evaluations = seconds / model.prometheus.evaluationInterval;
  const samples = seconds / service.scrapeInterval;
  if (evaluations > CATALOG_BUDGET.evaluations || samples > CATALOG_BUDGET.samples) {
    return `at a ${service.scrapeInterval}s scrape and ${model.prometheus.evaluationInterval}s evaluation the catalog needs ${Math.round(evaluations)} evaluations and ${Math.round(samples)} samples, more than memgen simulates (${CATALOG_BUDGET.evaluations} each)`;
  }
  return undefined;
}

/** The catalog's shapes are laid out against the memory limit: a service without one is not judged. */
export function judgeCatalog(model: Model, service: Service, alerts: Alert[], shapes: Shape[] = shapeCatalog()): Array<ShapeResult<Alert>> {
  if (catalogSkipped(model, service, shapes) !== undefined) return [];
  const ctx = judgeContext(model, service, alerts);
  // Configs that differ only in texts (labels, annotations, names of other things) judge the same rules on the
  // same series: the simulation is done once per process and its cells point at this config's alerts.
  const key = JSON.stringify([ctx, shapes.map((x) => x.id), alerts.map((a) => [a.name, a.expr, a.for, a.tier.name, a.threshold.op, a.accept ?? []])]);
  let results = catalogMemo.get(key) as Array<ShapeResult<JudgedRule>> | undefined;
  if (!results) {
    results = shapes.map((shape) => judgeShape<JudgedRule>(shape, ctx, alerts));
    if (catalogMemo.size > 64) catalogMemo.clear();
    catalogMemo.set(key, results);
  }
  const byName = new Map(alerts.map((a) => [a.name, a]));
  return results.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, alert: byName.get(c.alert.name) as Alert })) }));
}

const catalogMemo = new Map<string, Array<ShapeResult<JudgedRule>>>();

const judged = new WeakMap<Model, Map<string, Array<ShapeResult<Alert>>>>();

/** judgeCatalog, once per model and service: the shape tests and the runbooks read the same results. */
export function judgeCatalogOnce(model: Model, service: Service, alerts: Alert[]): Array<ShapeResult<Alert>> {
  let byService = judged.get(model);
  if (!byService) {
    byService = new Map();
    judged.set(model, byService);
  }
  let results = byService.get(service.name);
  if (!results) {
    results = judgeCatalog(model, service, alerts);
    byService.set(service.name, results);
  }
  return results;
}
