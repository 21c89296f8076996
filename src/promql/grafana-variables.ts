// Grafana substitutes dashboard variables before a query reaches Prometheus. To parse a panel's query we give
// the parser a value of the same kind and of the same length, so positions in the parsed text are positions
// in what the user wrote: interval variables become durations, others numbers. Variables inside strings
// ("$job") are left as they are: they are already valid there.

const VARIABLE = /\$\{[^}]*\}|\$\w+|\[\[[^\]]*\]\]/g;
const INTERVALS = /^(?:\$\{?__(?:rate_interval|interval|range)(?::\w+)?\}?)$/;

function placeholder(variable: string): string {
  // A duration needs at least one digit and a unit; `$__range` and friends are 8+ characters long.
  if (INTERVALS.test(variable)) return `${'9'.repeat(variable.length - 1)}s`;
  return '1'.repeat(variable.length);
}

/**
 * The expression with every variable outside string literals replaced by a same-length placeholder. With
 * `inStrings`, variables inside strings become letters too (`"$job"` -> `"xxxx"`): what Grafana puts there is
 * unknown, so checks of matcher values and regexes should see plain text, not `$` anchors.
 */
export function withGrafanaVariables(expr: string, { inStrings = false } = {}): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      // Copy a string literal whole, escapes included.
      let j = i + 1;
      while (j < expr.length && expr[j] !== ch) j += expr[j] === '\\' && ch !== '`' ? 2 : 1;
      const literal = expr.slice(i, j + 1);
      out += inStrings ? literal.replace(VARIABLE, (v) => 'x'.repeat(v.length)) : literal;
      i = j + 1;
      continue;
    }
    VARIABLE.lastIndex = i;
    const m = VARIABLE.exec(expr);
    if (m && m.index === i) {
      out += placeholder(m[0]);
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** True when the text at a range is one of Grafana's interval variables. */
export function isRateInterval(text: string): boolean {
  return /^\$\{?__rate_interval\}?$/.test(text.trim());
}
