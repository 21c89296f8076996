// Prometheus's function table (promql/parser/functions.go): argument types, variadic count, return type.
// `variadic` follows Prometheus: 0 = exactly the listed arguments; n > 0 = the last argument is optional and
// may repeat up to n times; -1 = the last argument may repeat without limit.
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export interface FunctionSpec {
  args: ValueType[];
  variadic: number;
  returns: ValueType;
  /** Behind --enable-feature=promql-experimental-functions in Prometheus 3. */
  experimental?: boolean;
}

const v = 'vector';
const m = 'matrix';
const s = 'scalar';
const str = 'string';

const fn = (args: ValueType[], returns: ValueType, variadic = 0, experimental = false): FunctionSpec => ({ args, variadic, returns, ...(experimental ? { experimental } : {}) });

const vectorMath = ['abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'ln', 'log10', 'log2', 'rad', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp', 'histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar'];
const overTime = ['absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'idelta', 'increase', 'irate', 'last_over_time', 'max_over_time', 'min_over_time', 'present_over_time', 'rate', 'resets', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time'];
const calendar = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];
const experimentalOverTime = ['mad_over_time', 'first_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time'];

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  ...Object.fromEntries(vectorMath.map((name) => [name, fn([v], v)])),
  ...Object.fromEntries(overTime.map((name) => [name, fn([m], v)])),
  ...Object.fromEntries(calendar.map((name) => [name, fn([v], v, 1)])),
  ...Object.fromEntries(experimentalOverTime.map((name) => [name, fn([m], v, 0, true)])),
  absent: fn([v], v),
  clamp: fn([v, s, s], v),
  clamp_max: fn([v, s], v),
  clamp_min: fn([v, s], v),
  double_exponential_smoothing: fn([m, s, s], v, 0, true),
  histogram_fraction: fn([s, s, v], v),
  histogram_quantile: fn([s, v], v),
  info: fn([v, v], v, 1, true),
  label_join: fn([v, str, str, str], v, -1),
  label_replace: fn([v, str, str, str, str], v),
  pi: fn([], s),
  predict_linear: fn([m, s], v),
  quantile_over_time: fn([s, m], v),
  round: fn([v, s], v, 1),
  scalar: fn([v], s),
  sort_by_label: fn([v, str], v, -1, true),
  sort_by_label_desc: fn([v, str], v, -1, true),
  time: fn([], s),
  vector: fn([s], v),
};

export interface AggregationSpec {
  /** Type of the parameter before the vector, if the aggregation takes one. */
  param?: ValueType;
  /** Keeps the input's labels (it selects series rather than combining them). */
  selects?: boolean;
  experimental?: boolean;
}

export const AGGREGATIONS: Readonly<Record<string, AggregationSpec>> = {
  sum: {}, avg: {}, min: {}, max: {}, count: {}, group: {}, stddev: {}, stdvar: {},
  count_values: { param: str },
  quantile: { param: s },
  topk: { param: s, selects: true },
  bottomk: { param: s, selects: true },
  limitk: { param: s, selects: true, experimental: true },
  limit_ratio: { param: s, selects: true, experimental: true },
};

export const TYPE_NAMES: Record<ValueType, string> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };
