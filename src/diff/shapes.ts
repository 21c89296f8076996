// What a change of an alert means on memgen's shape catalog: the healthy shapes it starts or stops firing on,
// and the leaks it starts or stops catching before the limit. Both versions are judged as written (their
// expressions through the PromQL engine), on the series the expression reads.
import { CADVISOR_WORKING_SET } from '../model/correlation.js';
import type { TierName } from '../dsl/types.js';
import type { Expr } from '../promql/ast.js';
import { compileCached } from '../promql/engine.js';
import { shapeCatalog } from '../shapes/catalog.js';
import { judgeShape, type JudgeContext } from '../shapes/judge.js';
import type { ShapeTarget } from '../shapes/series.js';
import { memorySelector, rssBaseline, SYNTHETIC_INSTANCE } from './impact.js';
import type { AlertSnapshot } from './snapshot.js';

export interface ShapeChanges {
  /** Healthy shapes the new version fires on and the old did not. */
  nowFiresOn: string[];
  noLongerFiresOn: string[];
  /** Leaks the new version catches before the limit and the old did not. */
  nowCatches: string[];
  noLongerCatches: string[];
}

function workingSetContainer(expr: Expr): ShapeTarget['kubernetes'] {
  let found: ShapeTarget['kubernetes'];
  const walk = (e: Expr): void => {
    if (found) return;
    if (e.kind === 'vector' && e.name === CADVISOR_WORKING_SET) {
      const eq = (name: string) => e.matchers.find((m) => m.name === name && m.op === '=')?.value;
      found = { namespace: eq('namespace') ?? 'default', container: eq('container') ?? 'app' };
      return;
    }
    for (const child of Object.values(e)) {
      if (child && typeof child === 'object' && 'kind' in (child as object)) walk(child as Expr);
      if (Array.isArray(child)) for (const c of child) if (c && typeof c === 'object' && 'kind' in c) walk(c as Expr);
    }
  };
  walk(expr);
  return found;
}

function contextOf(a: AlertSnapshot): JudgeContext | undefined {
  const expr = compileCached(a.expr);
  const memory = memorySelector(expr);
  const kubernetes = workingSetContainer(expr);
  if (!memory && !kubernetes) return undefined;
  const start = /process_start_time_seconds/.test(a.expr) ? 'process_start_time_seconds' : undefined;
  return {
    target: {
      job: memory?.selector.matchers.job ?? 'app',
      instance: memory?.selector.matchers.instance ?? SYNTHETIC_INSTANCE,
      memoryMetrics: memory ? [memory.selector.metric] : [],
      startTimeMetric: start,
      kubernetes,
    },
    // Without a known limit the shapes are laid out as for a service whose baseline is the diff's own.
    memoryLimit: a.impact.memoryLimit ?? Math.round(rssBaseline(a.impact) / 0.3),
    scrapeInterval: a.impact.scrapeInterval,
    evaluationInterval: a.impact.evaluationInterval,
  };
}

function verdicts(a: AlertSnapshot, ctx: JudgeContext): Map<string, boolean> {
  const rule = { name: a.name, expr: a.expr, for: a.for, tier: { name: (a.tier ?? 'medium') as TierName } };
  const out = new Map<string, boolean>();
  for (const shape of shapeCatalog()) {
    const r = judgeShape(shape, ctx, [rule]);
    const cell = r.cells[0];
    const fired = cell?.firstFiring !== undefined;
    out.set(shape.id, shape.healthy ? fired : fired && (cell?.firstFiring as number) < (r.sampled.run.limitAt as number));
  }
  return out;
}

/** Undefined when the catalog says nothing about the alert (it reads no memory gauge). */
export function shapeChanges(before: AlertSnapshot, after: AlertSnapshot): ShapeChanges | undefined {
  const ctx = contextOf(after);
  if (!ctx) return undefined;
  const old = verdicts(before, contextOf(before) ?? ctx);
  const now = verdicts(after, ctx);
  const changes: ShapeChanges = { nowFiresOn: [], noLongerFiresOn: [], nowCatches: [], noLongerCatches: [] };
  for (const shape of shapeCatalog()) {
    const [was, is] = [old.get(shape.id), now.get(shape.id)];
    if (was === is) continue;
    if (shape.healthy) (is ? changes.nowFiresOn : changes.noLongerFiresOn).push(shape.id);
    else (is ? changes.nowCatches : changes.noLongerCatches).push(shape.id);
  }
  return Object.values(changes).some((l) => l.length > 0) ? changes : undefined;
}
