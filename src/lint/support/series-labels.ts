// Labels an expression's every result series is sure to carry with a non-empty value: what a join can rely
// on. outputLabels() (src/promql/labels.ts) says which labels a result may carry; together they prove that
// two sides of a join can never agree.
import { unwrap, type Expr, type Matcher } from '../../promql/ast.js';
import { AGGREGATIONS } from '../../promql/functions.js';
import { re2Matcher } from '../../promql/re2.js';
import { isSetOp } from '../../promql/typecheck.js';
import { metricName, type LintContext } from '../context.js';

const NONE: ReadonlySet<string> = new Set();

/** Series Prometheus makes itself, without the scrape's `job`. */
const SYNTHETIC = new Set(['ALERTS', 'ALERTS_FOR_STATE']);

/** Does a matcher admit only series where the label has a value? */
export function requiresValue(m: Matcher): boolean {
  if (m.op === '=') return m.value !== '';
  if (m.op === '!=') return m.value === '';
  const re = re2Matcher(m.value);
  if (!re) return false;
  return m.op === '=~' ? !re.test('') : re.test('');
}

/**
 * Labels of a selector's series that are sure to be set: the ones its matchers require, and `job`, which
 * Prometheus attaches to every scraped series (recording rules' and its own synthetic series aside).
 */
function selectorLabels(e: Extract<Expr, { kind: 'vector' }>, ctx: LintContext): Set<string> {
  const out = new Set<string>();
  for (const m of e.matchers) if (m.name !== '__name__' && requiresValue(m)) out.add(m.name);
  const name = metricName(e);
  if (name !== undefined && !name.includes(':') && !SYNTHETIC.has(name) && !ctx.records.has(name)) out.add('job');
  return out;
}

function intersect(a: ReadonlySet<string>, b: Iterable<string>): Set<string> {
  const keep = new Set(b);
  return new Set([...a].filter((l) => keep.has(l)));
}

const known = new WeakMap<Expr, ReadonlySet<string>>();

export function requiredLabels(e: Expr, ctx: LintContext): ReadonlySet<string> {
  let labels = known.get(e);
  if (!labels) {
    labels = computeRequired(e, ctx);
    known.set(e, labels);
  }
  return labels;
}

function computeRequired(e: Expr, ctx: LintContext): ReadonlySet<string> {
  switch (e.kind) {
    case 'vector':
      return selectorLabels(e, ctx);
    case 'matrix':
    case 'subquery':
    case 'modifier':
    case 'paren':
    case 'unary':
      return requiredLabels(e.expr, ctx);
    case 'call': {
      if (e.func === 'absent' || e.func === 'absent_over_time') {
        const u = e.args[0] && unwrap(e.args[0]);
        const sel = u?.kind === 'matrix' ? unwrap(u.expr) : u;
        return new Set(sel?.kind === 'vector' ? sel.matchers.filter((m) => m.op === '=' && m.value !== '' && m.name !== '__name__').map((m) => m.name) : []);
      }
      const arg = e.func === 'histogram_quantile' || e.func === 'quantile_over_time' ? e.args[1] : e.args[0];
      if (!arg || ['vector', 'scalar', 'time', 'pi'].includes(e.func)) return NONE;
      const inner = new Set(requiredLabels(arg, ctx));
      if (e.func === 'label_replace' || e.func === 'label_join') {
        const dst = e.args[1] && unwrap(e.args[1]);
        if (dst?.kind === 'string') inner.delete(dst.value);
      }
      if (e.func === 'histogram_quantile') inner.delete('le');
      return inner;
    }
    case 'aggregate': {
      const inner = e.expr ? requiredLabels(e.expr, ctx) : NONE;
      if (AGGREGATIONS[e.op]?.selects) return inner;
      if (!e.grouping) return NONE;
      const grouping = e.grouping;
      return grouping.without ? new Set([...inner].filter((l) => !grouping.labels.includes(l))) : intersect(inner, grouping.labels);
    }
    case 'binary': {
      const l = requiredLabels(e.lhs, ctx);
      const r = requiredLabels(e.rhs, ctx);
      if (e.op === 'or') return intersect(l, r);
      if (isSetOp(e.op)) return l;
      const m = e.matching;
      const many = m?.card === 'one-to-many' ? r : l;
      if (!m || m.card !== 'one-to-one') return many;
      return m.on ? intersect(many, m.labels) : new Set([...many].filter((x) => !m.labels.includes(x)));
    }
    default:
      return NONE;
  }
}
