// What the linter reports. A problem points at a rule (group + alert/record name) and a field of it; inside an
// expression or template it also carries the character span. Problems from files also carry 1-based
// line/column ranges in that file, so reporters can point at the exact spot.
export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  /** Check id, e.g. 'promql/syntax'. */
  rule: string;
  severity: Severity;
  message: string;
  /** File the problem is in, or the model's source ('preset fastapi'). */
  file?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  group?: string;
  /** Alert or recording rule name. */
  name?: string;
  /** Dashboard panel title, for problems in a panel's queries. */
  panel?: string;
  /** Field of the rule: 'expr', 'for', 'labels.severity', 'annotations.description', ... */
  field?: string;
  /** [from, to) character offsets inside the field's text. */
  span?: [number, number];
}

export function describeLocation(p: Problem): string {
  if (!p.group && p.name) return `metric '${p.name}'`;
  const parts = [p.group && `group '${p.group}'`, p.name && `rule '${p.name}'`, p.panel && `panel '${p.panel}'`, p.field].filter(Boolean);
  const at = p.span ? ` at column ${p.span[0] + 1}` : '';
  return `${parts.join(', ')}${at}`;
}

/** One problem on one line, the same for every command: `where: severity: message [check-id]`, where is
 * `file:line:col` inside a file, else the file (or the model's source) and the rule's field. */
export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column}` : [p.file, describeLocation(p)].filter(Boolean).join(': ');
  return `${where ? `${where}: ` : ''}${p.severity}: ${p.message} [${p.rule}]`;
}
