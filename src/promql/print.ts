// Small printers for the PromQL memgen writes.

/** A number as PromQL reads it: integers plain, others in shortest round-trip form. */
export function promNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  return String(n);
}

/** A double-quoted PromQL string; JSON's escapes are a subset of the ones Go's strconv.Unquote accepts. */
export function promString(s: string): string {
  return JSON.stringify(s);
}

/** `name{a="x", b="y"}`, matchers in the order given. */
export function vectorSelector(name: string, matchers: Record<string, string>): string {
  const parts = Object.entries(matchers).map(([k, v]) => `${k}=${promString(v)}`);
  return parts.length ? `${name}{${parts.join(', ')}}` : name;
}

export function matrixSelector(name: string, matchers: Record<string, string>, range: string): string {
  return `${vectorSelector(name, matchers)}[${range}]`;
}
