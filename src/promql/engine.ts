// A PromQL evaluator over in-memory series, for the subset memgen writes and the rule sets it compares with
// (selectors, offsets, subqueries, range functions, aggregations, arithmetic, comparisons, set operators and
// vector matching), following Prometheus 2.42's promql/engine.go: it is how memgen knows when an alert fires
// without a running Prometheus. The generated promtool tests, `memgen test`'s shape matrix and `memgen diff`
// all evaluate through it, and the generated tests are its proof: promtool checks every number it predicts.
// Times are integer milliseconds. The numeric kernels (extrapolation, regression, quantiles) live in
// evaluate.ts; this module walks the syntax tree.
import type { Expr, ExprOf, Matcher } from './ast.js';
import { parseExpr } from './ast.js';
import { parseDuration } from './duration.js';
import { bucketQuantile, extrapolatedRate, instantSample, linearRegression, samplesIn, type Sample } from './evaluate.js';
import { re2Matcher } from './re2.js';

const NOTHING = /(?!)/;

export type Labels = Readonly<Record<string, string>>;

export interface SeriesData {
  /** Labels, the metric name as __name__. */
  labels: Labels;
  /** Sorted by time. */
  samples: Sample[];
}

export interface Element {
  labels: Labels;
  value: number;
}

type RangeSeries = { labels: Labels; samples: Sample[] };
type Value = { type: 'scalar'; value: number } | { type: 'vector'; elements: Element[] } | { type: 'matrix'; series: RangeSeries[]; rangeStart: number; rangeEnd: number };

/** An expression memgen cannot evaluate (a function or modifier outside the subset). */
export class UnsupportedPromQL extends Error {}

const NAME = '__name__';

/** The series a test or shape provides, indexed by metric name. */
export class SeriesSet {
  private readonly byName = new Map<string, SeriesData[]>();
  // A selector is evaluated at every step of a rule's run: its series are found once.
  private readonly selected = new WeakMap<Matcher[], SeriesData[]>();

  constructor(series: Iterable<SeriesData>) {
    for (const s of series) {
      const name = s.labels[NAME] ?? '';
      const list = this.byName.get(name) ?? [];
      list.push(s);
      this.byName.set(name, list);
    }
  }

  select(name: string | undefined, matchers: Matcher[]): SeriesData[] {
    let found = this.selected.get(matchers);
    if (!found) {
      const candidates = name !== undefined ? (this.byName.get(name) ?? []) : [...this.byName.values()].flat();
      found = candidates.filter((s) => matchers.every((m) => this.matches(m, s.labels[m.name] ?? '')));
      this.selected.set(matchers, found);
    }
    return found;
  }

  private matches(m: Matcher, value: string): boolean {
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return this.regex(m.value).test(value);
      case '!~':
        return !this.regex(m.value).test(value);
    }
  }

  /** Through re2.ts, as the linter reads matchers; a pattern RE2 refuses matches nothing. */
  private regex(source: string): RegExp {
    return re2Matcher(source) ?? NOTHING;
  }
}

interface Context {
  data: SeriesSet;
  /** Evaluation time. */
  t: number;
  /** Default subquery step, the rule group's evaluation interval. */
  interval: number;
}

/** Parses once; throws UnsupportedPromQL on a syntax error. */
export function compileExpr(text: string): Expr {
  const { ast } = parseExpr(text);
  if (!ast) throw new UnsupportedPromQL(`cannot parse ${text}`);
  return ast;
}

const compiled = new Map<string, Expr>();

/** compileExpr, once per text: rules are evaluated over many shapes and scenarios. */
export function compileCached(text: string): Expr {
  let e = compiled.get(text);
  if (!e) {
    e = compileExpr(text);
    compiled.set(text, e);
  }
  return e;
}

/** The instant vector (or scalar) an expression returns at time t. */
export function evaluateAt(expr: Expr, t: number, data: SeriesSet, interval = 60_000): Element[] | number {
  const v = evaluate(expr, { data, t, interval }, 0);
  if (v.type === 'scalar') return v.value;
  if (v.type === 'vector') return v.elements;
  throw new UnsupportedPromQL('a range vector is not an instant result');
}

function evaluate(e: Expr, ctx: Context, offset: number): Value {
  switch (e.kind) {
    case 'number':
      return { type: 'scalar', value: e.value };
    case 'paren':
      return evaluate(e.expr, ctx, offset);
    case 'modifier':
      if (e.modifier.keyword !== 'offset') throw new UnsupportedPromQL('the @ modifier');
      return evaluate(e.expr, ctx, offset + offsetMs(e.modifier.text));
    case 'vector':
      return { type: 'vector', elements: instantVector(e, ctx, offset) };
    case 'matrix':
      return rangeVector(e, ctx, offset);
    case 'subquery':
      return subquery(e, ctx, offset);
    case 'unary': {
      const v = evaluate(e.expr, ctx, offset);
      if (e.op !== '-') return v;
      if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
      return { type: 'vector', elements: vectorOf(v).map((x) => ({ labels: dropName(x.labels), value: -x.value })) };
    }
    case 'call':
      return call(e, ctx, offset);
    case 'aggregate':
      return aggregate(e, ctx, offset);
    case 'binary':
      return binary(e, ctx, offset);
    default:
      throw new UnsupportedPromQL(`expression of kind ${e.kind}`);
  }
}

const offsets = new Map<string, number>();

function offsetMs(text: string): number {
  const known = offsets.get(text);
  if (known !== undefined) return known;
  const ms = parseOffset(text);
  offsets.set(text, ms);
  return ms;
}

function parseOffset(text: string): number {
  const negative = text.startsWith('-');
  const seconds = parseDuration(negative ? text.slice(1) : text);
  if (seconds === undefined) throw new UnsupportedPromQL(`the offset ${text}`);
  return (negative ? -seconds : seconds) * 1000;
}

function instantVector(e: ExprOf<'vector'>, ctx: Context, offset: number): Element[] {
  const at = ctx.t - offset;
  const out: Element[] = [];
  for (const s of ctx.data.select(e.name, e.matchers)) {
    const sample = instantSample(s.samples, at);
    if (sample) out.push({ labels: s.labels, value: sample.v });
  }
  return out;
}

function rangeVector(e: ExprOf<'matrix'>, ctx: Context, offset: number): Value {
  const inner = e.expr.kind === 'modifier' ? e.expr : undefined;
  // `x offset 5m [10m]` is not PromQL, but `x[10m] offset 5m` may reach here either way round.
  const selector = inner ? inner.expr : e.expr;
  const extra = inner ? offsetMs(inner.modifier.text) : 0;
  if (selector.kind !== 'vector' || e.range === undefined) throw new UnsupportedPromQL('a range over something other than a selector');
  const end = ctx.t - offset - extra;
  const start = end - e.range * 1000;
  const series = ctx.data.select(selector.name, selector.matchers).map((s) => ({ labels: s.labels, samples: samplesIn(s.samples, start, end) }));
  return { type: 'matrix', series: series.filter((s) => s.samples.length > 0), rangeStart: start, rangeEnd: end };
}

function subquery(e: ExprOf<'subquery'>, ctx: Context, offset: number): Value {
  if (e.range === undefined) throw new UnsupportedPromQL('a subquery range memgen cannot read');
  const step = e.step !== undefined && e.step > 0 ? e.step * 1000 : ctx.interval;
  const end = ctx.t - offset;
  const start = end - e.range * 1000;
  // Prometheus evaluates a subquery at the multiples of its step from the epoch, from the first one in range.
  let first = Math.floor(start / step) * step;
  if (first < start) first += step;
  const series = new Map<string, RangeSeries>();
  for (let t = first; t <= end; t += step) {
    const v = evaluate(e.expr, { ...ctx, t }, 0);
    const elements = v.type === 'scalar' ? [{ labels: {}, value: v.value }] : vectorOf(v);
    for (const x of elements) {
      const key = signature(x.labels, undefined, false);
      const s = series.get(key) ?? { labels: x.labels, samples: [] };
      s.samples.push({ t, v: x.value });
      series.set(key, s);
    }
  }
  return { type: 'matrix', series: [...series.values()], rangeStart: start, rangeEnd: end };
}

function vectorOf(v: Value): Element[] {
  if (v.type !== 'vector') throw new UnsupportedPromQL(`expected an instant vector, got a ${v.type}`);
  return v.elements;
}

function scalarOf(v: Value): number {
  if (v.type !== 'scalar') throw new UnsupportedPromQL(`expected a scalar, got a ${v.type}`);
  return v.value;
}

function matrixOf(v: Value): Extract<Value, { type: 'matrix' }> {
  if (v.type !== 'matrix') throw new UnsupportedPromQL(`expected a range vector, got a ${v.type}`);
  return v;
}

// Label sets are the same objects from one evaluation to the next, so what is derived from them is kept.
const withoutName = new WeakMap<Labels, Labels>();

function dropName(labels: Labels): Labels {
  if (!(NAME in labels)) return labels;
  let rest = withoutName.get(labels);
  if (!rest) {
    const { [NAME]: _, ...others } = labels;
    rest = others;
    withoutName.set(labels, rest);
  }
  return rest;
}

/** The values over a range, by function name: each returns undefined where Prometheus returns no sample. */
const OVER_TIME: Record<string, (s: Sample[]) => number | undefined> = {
  min_over_time: (s) => s.reduce((m, p) => (p.v < m || Number.isNaN(m) ? p.v : m), (s[0] as Sample).v),
  max_over_time: (s) => s.reduce((m, p) => (p.v > m || Number.isNaN(m) ? p.v : m), (s[0] as Sample).v),
  sum_over_time: (s) => s.reduce((sum, p) => sum + p.v, 0),
  count_over_time: (s) => s.length,
  last_over_time: (s) => (s[s.length - 1] as Sample).v,
};

function call(e: ExprOf<'call'>, ctx: Context, offset: number): Value {
  const args = e.args;
  const arg = (i: number): Value => evaluate(args[i] as Expr, ctx, offset);
  const perElement = (i: number, f: (v: number) => number): Value => ({
    type: 'vector',
    elements: vectorOf(arg(i)).map((x) => ({ labels: dropName(x.labels), value: f(x.value) })),
  });
  switch (e.func) {
    case 'time':
      return { type: 'scalar', value: ctx.t / 1000 };
    case 'vector':
      return { type: 'vector', elements: [{ labels: {}, value: scalarOf(arg(0)) }] };
    case 'scalar': {
      const v = vectorOf(arg(0));
      return { type: 'scalar', value: v.length === 1 ? (v[0] as Element).value : Number.NaN };
    }
    case 'abs':
      return perElement(0, Math.abs);
    case 'clamp_min': {
      const min = scalarOf(arg(1));
      return perElement(0, (v) => Math.max(v, min));
    }
    case 'clamp_max': {
      const max = scalarOf(arg(1));
      return perElement(0, (v) => Math.min(v, max));
    }
    case 'rate':
    case 'increase':
    case 'delta': {
      const m = matrixOf(arg(0));
      return rangeFunction(m, (s) => extrapolatedRate(s, m.rangeStart, m.rangeEnd, e.func !== 'delta', e.func === 'rate'));
    }
    case 'deriv':
      return rangeFunction(matrixOf(arg(0)), (s) => (s.length < 2 ? undefined : linearRegression(s, (s[0] as Sample).t).slope));
    case 'predict_linear': {
      const m = matrixOf(arg(0));
      const seconds = scalarOf(arg(1));
      return rangeFunction(m, (s) => {
        if (s.length < 2) return undefined;
        // The fit's intercept is at the evaluation time, not at the end of an offset range.
        const { slope, intercept } = linearRegression(s, ctx.t);
        return slope * seconds + intercept;
      });
    }
    case 'histogram_quantile':
      return histogramQuantile(scalarOf(arg(0)), vectorOf(arg(1)));
    default: {
      const over = OVER_TIME[e.func];
      if (over) return rangeFunction(matrixOf(arg(0)), (s) => (s.length === 0 ? undefined : over(s)));
      throw new UnsupportedPromQL(`the function ${e.func}()`);
    }
  }
}

function rangeFunction(m: Extract<Value, { type: 'matrix' }>, f: (s: Sample[]) => number | undefined): Value {
  const elements: Element[] = [];
  for (const s of m.series) {
    const value = f(s.samples);
    if (value !== undefined) elements.push({ labels: dropName(s.labels), value });
  }
  return { type: 'vector', elements };
}

function histogramQuantile(q: number, input: Element[]): Value {
  const groups = new Map<string, { labels: Labels; buckets: Array<{ upperBound: number; count: number }> }>();
  for (const x of input) {
    const le = x.labels.le;
    if (le === undefined) continue;
    const { le: _, ...rest } = dropName(x.labels);
    const key = signature(rest, undefined, false);
    const g = groups.get(key) ?? { labels: rest, buckets: [] };
    g.buckets.push({ upperBound: le === '+Inf' ? Infinity : Number(le), count: x.value });
    groups.set(key, g);
  }
  return { type: 'vector', elements: [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) })) };
}

const signatures = new WeakMap<Labels, Map<string, string>>();

/** A grouping key: the listed labels (`on`/`by`), or all but them and the name (`ignoring`/`without`). */
function signature(labels: Labels, list: string[] | undefined, include: boolean): string {
  const how = `${include ? '+' : '-'}${(list ?? []).join(',')}`;
  let known = signatures.get(labels);
  if (!known) {
    known = new Map();
    signatures.set(labels, known);
  }
  let sig = known.get(how);
  if (sig === undefined) {
    const names = include ? [...(list ?? [])].sort() : Object.keys(labels).filter((k) => k !== NAME && !(list ?? []).includes(k)).sort();
    sig = names.map((k) => `${k}\u0001${labels[k] ?? ''}`).join('\u0002');
    known.set(how, sig);
  }
  return sig;
}

const grouped = new WeakMap<Labels, Map<string, Labels>>();

function groupLabels(labels: Labels, list: string[], without: boolean): Labels {
  const how = `${without ? '-' : '+'}${list.join(',')}`;
  let known = grouped.get(labels);
  if (!known) {
    known = new Map();
    grouped.set(labels, known);
  }
  let out = known.get(how);
  if (!out) {
    out = computeGroupLabels(labels, list, without);
    known.set(how, out);
  }
  return out;
}

function computeGroupLabels(labels: Labels, list: string[], without: boolean): Labels {
  const out: Record<string, string> = {};
  if (without) {
    for (const [k, v] of Object.entries(labels)) if (k !== NAME && !list.includes(k)) out[k] = v;
  } else {
    for (const k of list) if (labels[k] !== undefined) out[k] = labels[k] as string;
  }
  return out;
}

function aggregate(e: ExprOf<'aggregate'>, ctx: Context, offset: number): Value {
  if (!e.expr) throw new UnsupportedPromQL(`${e.op} without an expression`);
  const input = vectorOf(evaluate(e.expr, ctx, offset));
  const list = e.grouping?.labels ?? [];
  const without = e.grouping?.without ?? false;
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const x of input) {
    const labels = groupLabels(x.labels, list, without);
    const key = signature(labels, undefined, false);
    const g = groups.get(key) ?? { labels, values: [] };
    g.values.push(x.value);
    groups.set(key, g);
  }
  const combine: Record<string, (v: number[]) => number> = {
    sum: (v) => v.reduce((a, b) => a + b, 0),
    count: (v) => v.length,
    max: (v) => v.reduce((m, x) => (m < x || Number.isNaN(m) ? x : m)),
    min: (v) => v.reduce((m, x) => (m > x || Number.isNaN(m) ? x : m)),
  };
  const f = combine[e.op];
  if (!f) throw new UnsupportedPromQL(`the aggregation ${e.op}`);
  return { type: 'vector', elements: [...groups.values()].map((g) => ({ labels: g.labels, value: f(g.values) })) };
}

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

function arithmetic(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
    default:
      throw new UnsupportedPromQL(`the operator ${op}`);
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    default:
      return a <= b;
  }
}

function binary(e: ExprOf<'binary'>, ctx: Context, offset: number): Value {
  const lhs = evaluate(e.lhs, ctx, offset);
  const rhs = evaluate(e.rhs, ctx, offset);
  const comparison = COMPARISONS.has(e.op);
  if (lhs.type === 'scalar' && rhs.type === 'scalar') {
    if (comparison) return { type: 'scalar', value: compare(e.op, lhs.value, rhs.value) ? 1 : 0 };
    return { type: 'scalar', value: arithmetic(e.op, lhs.value, rhs.value) };
  }
  if (e.op === 'and' || e.op === 'or' || e.op === 'unless') return setOperation(e, vectorOf(lhs), vectorOf(rhs));
  if (lhs.type === 'scalar' || rhs.type === 'scalar') {
    const swap = lhs.type === 'scalar';
    const vector = vectorOf(swap ? rhs : lhs);
    const scalar = scalarOf(swap ? lhs : rhs);
    const elements: Element[] = [];
    for (const x of vector) {
      const [a, b] = swap ? [scalar, x.value] : [x.value, scalar];
      if (comparison) {
        const keep = compare(e.op, a, b);
        if (e.bool) elements.push({ labels: dropName(x.labels), value: keep ? 1 : 0 });
        else if (keep) elements.push(x);
      } else {
        elements.push({ labels: dropName(x.labels), value: arithmetic(e.op, a, b) });
      }
    }
    return { type: 'vector', elements };
  }
  return vectorMatch(e, vectorOf(lhs), vectorOf(rhs), comparison);
}

function setOperation(e: ExprOf<'binary'>, lhs: Element[], rhs: Element[]): Value {
  const on = e.matching?.on ?? false;
  const list = e.matching?.labels;
  const sig = (l: Labels): string => signature(l, list, on);
  const right = new Set(rhs.map((x) => sig(x.labels)));
  switch (e.op) {
    case 'and':
      return { type: 'vector', elements: lhs.filter((x) => right.has(sig(x.labels))) };
    case 'unless':
      return { type: 'vector', elements: lhs.filter((x) => !right.has(sig(x.labels))) };
    default: {
      const left = new Set(lhs.map((x) => sig(x.labels)));
      return { type: 'vector', elements: [...lhs, ...rhs.filter((x) => !left.has(sig(x.labels)))] };
    }
  }
}

function vectorMatch(e: ExprOf<'binary'>, lhs: Element[], rhs: Element[], comparison: boolean): Value {
  const matching = e.matching;
  const on = matching?.on ?? false;
  const list = matching?.labels ?? [];
  const card = matching?.card ?? 'one-to-one';
  // group_right is group_left with the sides swapped.
  const [many, one] = card === 'one-to-many' ? [rhs, lhs] : [lhs, rhs];
  const ones = new Map<string, Element>();
  for (const x of one) {
    const key = signature(x.labels, list, on);
    if (ones.has(key)) throw new UnsupportedPromQL('many-to-many matching: duplicate series on the "one" side');
    ones.set(key, x);
  }
  const elements: Element[] = [];
  for (const x of many) {
    const match = ones.get(signature(x.labels, list, on));
    if (!match) continue;
    const [a, b] = card === 'one-to-many' ? [match.value, x.value] : [x.value, match.value];
    let value: number;
    if (comparison) {
      const keep = compare(e.op, a, b);
      if (!e.bool && !keep) continue;
      value = e.bool ? (keep ? 1 : 0) : a;
    } else {
      value = arithmetic(e.op, a, b);
    }
    elements.push({ labels: resultLabels(x.labels, match.labels, e, comparison), value });
  }
  return { type: 'vector', elements };
}

/** Prometheus's resultMetric: arithmetic and bool drop the name; one-to-one `on` keeps only the `on` labels. */
const results = new WeakMap<Labels, WeakMap<Expr, Labels>>();

function resultLabels(labels: Labels, other: Labels, e: ExprOf<'binary'>, comparison: boolean): Labels {
  // group_left/right copy labels from the other side; only the plain cases are kept.
  if (e.matching?.include.length) return computeResultLabels(labels, other, e, comparison);
  let known = results.get(labels);
  if (!known) {
    known = new WeakMap();
    results.set(labels, known);
  }
  let out = known.get(e);
  if (!out) {
    out = computeResultLabels(labels, other, e, comparison);
    known.set(e, out);
  }
  return out;
}

function computeResultLabels(labels: Labels, other: Labels, e: ExprOf<'binary'>, comparison: boolean): Labels {
  const out: Record<string, string> = { ...labels };
  if (!comparison || e.bool) delete out[NAME];
  const m = e.matching;
  if (m && m.card === 'one-to-one') {
    if (m.on) {
      for (const k of Object.keys(out)) if (!m.labels.includes(k)) delete out[k];
    } else {
      for (const k of m.labels) delete out[k];
    }
  }
  for (const k of m?.include ?? []) {
    if (other[k] !== undefined) out[k] = other[k] as string;
    else delete out[k];
  }
  return out;
}
