// What several dashboard checks share: walking panels and Prometheus targets with their JSON paths, and
// turning a finding into a problem that names the panel and the field.
import { unwrap, walk, type ExprOf, type Span } from '../../promql/ast.js';
import { withGrafanaVariables } from '../../promql/grafana-variables.js';
import { analyseExpr, type Analysis } from '../analysis.js';
import type { Finding } from '../types.js';
import type { DashboardContext, DashboardJson, DatasourceRef, PanelAt, PanelJson, TargetJson } from './types.js';

export interface TargetAt {
  panel: PanelJson;
  target: TargetJson;
  /** `panels[2].targets[0]`. */
  path: string;
  expr: string;
  /** The expression with Grafana's variables replaced by same-length placeholders, ready to parse. */
  parseable: string;
  /** `parseable` read through memgen's PromQL AST (src/promql/ast.ts); spans are valid in `expr`. */
  analysis: Analysis;
  parses: boolean;
}

export function panelsOf(dashboard: DashboardJson): PanelAt[] {
  return (dashboard.panels ?? []).flatMap((panel, i) => {
    const path = `panels[${i}]`;
    if (panel.type === 'row') return (panel.panels ?? []).map((inner, j) => ({ panel: inner, path: `${path}.panels[${j}]` }));
    return [{ panel, path }];
  });
}

/** Targets that hold a PromQL expression. */
export function promTargets(ctx: DashboardContext): TargetAt[] {
  return ctx.panels.flatMap(({ panel, path }) =>
    (panel.targets ?? []).flatMap((target, j) => {
      if (typeof target.expr !== 'string') return [];
      const parseable = withGrafanaVariables(target.expr);
      const analysis = analyseExpr(parseable);
      return [{ panel, target, path: `${path}.targets[${j}]`, expr: target.expr, parseable, analysis, parses: analysis.parsed.ast !== undefined }];
    }),
  );
}

/** Targets whose PromQL parses; the others are target-promql's to report. */
export function parsedTargets(ctx: DashboardContext): TargetAt[] {
  return promTargets(ctx).filter((t) => t.parses);
}

/** The functions that turn a counter into something to plot, and that should take $__rate_interval. */
export const RATE_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'irate', 'increase']);

export interface SelectorAt {
  selector: ExprOf<'vector'>;
  /** The function the selector's range vector is passed to directly (`rate` in `rate(x[5m])`). */
  rangeFunction?: string;
  /** Where that range is written (`5m`). */
  rangeSpan?: Span;
}

/** Every series selector of a target's query, with the function its range feeds, if any. */
export function selectorsOf(t: TargetAt): SelectorAt[] {
  const ast = t.analysis.parsed.ast;
  if (!ast) return [];
  const fed = new Map<ExprOf<'vector'>, { func: string; rangeSpan: Span }>();
  const out: SelectorAt[] = [];
  walk(ast, (e) => {
    if (e.kind === 'call') {
      for (const arg of e.args) {
        const u = unwrap(arg);
        const sel = u.kind === 'matrix' ? unwrap(u.expr) : undefined;
        if (u.kind === 'matrix' && sel?.kind === 'vector') fed.set(sel, { func: e.func, rangeSpan: u.rangeSpan });
      }
    }
    if (e.kind === 'vector') {
      const f = fed.get(e);
      out.push({ selector: e, rangeFunction: f?.func, rangeSpan: f?.rangeSpan });
    }
  });
  return out;
}

export function panelName(panel: PanelJson): string {
  return panel.title || (panel.id !== undefined ? `panel ${panel.id}` : 'untitled panel');
}

export function finding(panel: PanelJson, field: string, message: string, span?: [number, number]): Finding {
  return { panel: panelName(panel), field, message, ...(span ? { span } : {}) };
}

/** Names a datasource reference may use for the variable: `$datasource`, `${datasource}`, `[[datasource]]`. */
export function refersToVariable(ref: DatasourceRef | string | null | undefined, variable: string): boolean {
  const uid = typeof ref === 'string' ? ref : ref?.uid;
  return uid === `$${variable}` || uid === `\${${variable}}` || uid === `[[${variable}]]`;
}

/** Whether a matcher value is the variable itself: `$job`, `${job}`, `${job:regex}`, `[[job]]`. */
export function isVariable(value: string, variable: string): boolean {
  return new RegExp(`^(?:\\$${variable}|\\$\\{${variable}(?::\\w+)?\\}|\\[\\[${variable}\\]\\])$`).test(value);
}
