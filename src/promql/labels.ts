// Which labels can the result of an expression carry? Aggregations (`by`, `without`), vector matching
// (`on`, `ignoring`, group_left/right) and a few functions change the label set; everything else passes the
// selector's labels through. "open" means: whatever the selected series carry, minus `removed`.
import { unwrap, type Expr } from './ast.js';
import { AGGREGATIONS } from './functions.js';
import { isSetOp } from './typecheck.js';

export type LabelSet = { open: false; labels: ReadonlySet<string> } | { open: true; removed: ReadonlySet<string> };

const ANY: LabelSet = { open: true, removed: new Set() };
const NONE: LabelSet = { open: false, labels: new Set() };

export function mayHaveLabel(set: LabelSet, label: string): boolean {
  return set.open ? !set.removed.has(label) : set.labels.has(label);
}

function exactly(labels: Iterable<string>): LabelSet {
  return { open: false, labels: new Set(labels) };
}

function without(set: LabelSet, labels: Iterable<string>): LabelSet {
  const drop = [...labels];
  return set.open ? { open: true, removed: new Set([...set.removed, ...drop]) } : exactly([...set.labels].filter((l) => !drop.includes(l)));
}

function plus(set: LabelSet, labels: Iterable<string>): LabelSet {
  const add = [...labels];
  return set.open ? { open: true, removed: new Set([...set.removed].filter((l) => !add.includes(l))) } : exactly([...set.labels, ...add]);
}

function keepOnly(set: LabelSet, labels: readonly string[]): LabelSet {
  return exactly(labels.filter((l) => mayHaveLabel(set, l)));
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.open && b.open) return { open: true, removed: new Set([...a.removed].filter((l) => b.removed.has(l))) };
  if (!a.open && !b.open) return exactly([...a.labels, ...b.labels]);
  const [open, exact] = a.open ? [a, b] : [b, a];
  return exact.open ? open : plus(open, exact.labels);
}

function stringArg(e: Expr | undefined): string | undefined {
  const u = e && unwrap(e);
  return u?.kind === 'string' ? u.value : undefined;
}

/** The labels an expression's result may carry; `NONE` for scalars and strings. */
export function outputLabels(e: Expr): LabelSet {
  switch (e.kind) {
    case 'number':
    case 'string':
      return NONE;
    case 'vector':
    case 'unknown':
      return ANY;
    case 'matrix':
    case 'subquery':
    case 'modifier':
    case 'paren':
    case 'unary':
      return outputLabels(e.expr);
    case 'call':
      return callLabels(e.func, e.args);
    case 'aggregate': {
      const inner = e.expr ? outputLabels(e.expr) : ANY;
      let set: LabelSet;
      if (AGGREGATIONS[e.op]?.selects) set = inner;
      else if (!e.grouping) set = NONE;
      else if (e.grouping.without) set = without(inner, e.grouping.labels);
      else set = keepOnly(inner, e.grouping.labels);
      const added = e.op === 'count_values' ? stringArg(e.param) : undefined;
      return added ? plus(set, [added]) : set;
    }
    case 'binary':
      return binaryLabels(e);
  }
}

function callLabels(func: string, args: readonly Expr[]): LabelSet {
  const first = args[0] ? outputLabels(args[0]) : NONE;
  switch (func) {
    case 'label_replace':
    case 'label_join': {
      const dst = stringArg(args[1]);
      return dst ? plus(first, [dst]) : first;
    }
    case 'vector':
    case 'scalar':
    case 'time':
    case 'pi':
      return NONE;
    case 'absent':
    case 'absent_over_time': {
      // absent() returns one series whose labels are the selector's equality matchers.
      const u = args[0] && unwrap(args[0]);
      const sel = u?.kind === 'matrix' ? unwrap(u.expr) : u;
      return exactly(sel?.kind === 'vector' ? sel.matchers.filter((m) => m.op === '=' && m.name !== '__name__').map((m) => m.name) : []);
    }
    case 'histogram_quantile':
    case 'histogram_fraction':
      return without(outputLabels(args[args.length - 1] as Expr), ['le']);
    case 'quantile_over_time':
      return args[1] ? outputLabels(args[1]) : ANY;
    default:
      return args.length > 0 ? first : NONE;
  }
}

function binaryLabels(e: Extract<Expr, { kind: 'binary' }>): LabelSet {
  const l = outputLabels(e.lhs);
  const r = outputLabels(e.rhs);
  const lScalar = !l.open && l.labels.size === 0 && (unwrap(e.lhs).kind === 'number' || isScalarCall(e.lhs));
  const rScalar = !r.open && r.labels.size === 0 && (unwrap(e.rhs).kind === 'number' || isScalarCall(e.rhs));
  if (lScalar) return r;
  if (rScalar) return l;
  if (e.op === 'or') return union(l, r);
  if (isSetOp(e.op)) return l;
  const m = e.matching;
  if (!m) return l;
  // Prometheus's resultMetric: one-to-one matching keeps only the `on` labels or drops the `ignoring` ones.
  if (m.card === 'one-to-one') return m.on ? keepOnly(l, m.labels) : without(l, m.labels);
  const [many, one] = m.card === 'many-to-one' ? [l, r] : [r, l];
  return plus(many, m.include.filter((x) => mayHaveLabel(one, x)));
}

function isScalarCall(e: Expr): boolean {
  const u = unwrap(e);
  return u.kind === 'call' && (u.func === 'scalar' || u.func === 'time' || u.func === 'pi');
}
