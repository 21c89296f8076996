// The shapes Prometheus's rulefmt decodes a rule file into, checked on the parsed data before any check runs:
// Go's yaml refuses a mapping where a list belongs (`rules:` written as a mapping), a list where a string
// belongs (`expr: [up]`), a list for `labels`, and unknown top-level keys. Each problem names the field by
// its path, which the loader turns into a position.
export type DataPath = Array<string | number>;

export interface ShapeProblem {
  path: DataPath;
  message: string;
}

type Raw = Record<string, unknown>;

const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function what(v: unknown): string {
  return Array.isArray(v) ? 'a list' : isMap(v) ? 'a mapping' : `the scalar ${JSON.stringify(v)}`;
}

const SCALAR_FIELDS = ['record', 'alert', 'expr', 'for', 'keep_firing_for'];
const GROUP_SCALARS = ['name', 'interval', 'limit', 'query_offset'];

function scalar(v: unknown): boolean {
  return !Array.isArray(v) && !isMap(v);
}

function stringMap(v: unknown, path: DataPath, out: ShapeProblem[]): void {
  if (v === null || v === undefined) return;
  if (!isMap(v)) return void out.push({ path, message: `'${path[path.length - 1]}' must be a mapping of names to strings, not ${what(v)}` });
  for (const key of Object.keys(v)) {
    if (!scalar(v[key])) out.push({ path: [...path, key], message: `'${path[path.length - 1]}.${key}' must be a string, not ${what(v[key])}` });
  }
}

function rule(r: unknown, path: DataPath, out: ShapeProblem[]): void {
  if (!isMap(r)) return void out.push({ path, message: `a rule must be a mapping (with 'alert' or 'record' and 'expr'), not ${what(r)}` });
  for (const field of SCALAR_FIELDS) {
    if (field in r && !scalar(r[field])) out.push({ path: [...path, field], message: `'${field}' must be a string, not ${what(r[field])}` });
  }
  stringMap(r.labels, [...path, 'labels'], out);
  stringMap(r.annotations, [...path, 'annotations'], out);
}

function group(g: unknown, path: DataPath, out: ShapeProblem[]): void {
  if (!isMap(g)) return void out.push({ path, message: `a rule group must be a mapping (with 'name' and 'rules'), not ${what(g)}` });
  for (const field of GROUP_SCALARS) {
    if (field in g && !scalar(g[field])) out.push({ path: [...path, field], message: `'${field}' of a group must be a scalar, not ${what(g[field])}` });
  }
  if ('limit' in g && g.limit !== null && !Number.isInteger(g.limit)) out.push({ path: [...path, 'limit'], message: `'limit' must be a whole number, not ${what(g.limit)}` });
  stringMap(g.labels, [...path, 'labels'], out);
  const rules = g.rules;
  if (rules === null || rules === undefined) return;
  if (!Array.isArray(rules)) return void out.push({ path: [...path, 'rules'], message: `'rules' must be a list of rules (each item starting with '-'), not ${what(rules)}; Prometheus refuses the file` });
  rules.forEach((r, i) => rule(r, [...path, 'rules', i], out));
}

/** Problems with the `groups` value of a rule file (or a PrometheusRule's spec), paths relative to it. */
export function groupsShape(groups: unknown): ShapeProblem[] {
  const out: ShapeProblem[] = [];
  if (groups === null || groups === undefined) return out;
  if (!Array.isArray(groups)) return [{ path: [], message: `'groups' must be a list of rule groups, not ${what(groups)}` }];
  groups.forEach((g, i) => group(g, [i], out));
  return out;
}
