// PromQL string literals follow Go: "double" and 'single' quotes with Go escapes, `backticks` raw.
const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

export function unquoteString(literal: string): string {
  const q = literal[0];
  const body = literal.slice(1, literal.endsWith(q ?? '') && literal.length > 1 ? -1 : undefined);
  if (q === '`' || !body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (all, esc: string) => {
    if (esc in SIMPLE) return SIMPLE[esc] as string;
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    return all;
  });
}
