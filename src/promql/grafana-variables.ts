// Grafana substitutes dashboard variables before a query reaches Prometheus. To parse a panel's query we give
// the parser a value of the same kind and of the same length, so positions in the parsed text are positions
// in what the user wrote: interval variables become durations, others numbers. Variables inside strings
// ("$job") are already valid there and are left as they are unless asked otherwise.

const VARIABLE = /\$\{[^}]*\}|\$\w+|\[\[[^\]]*\]\]/g;
/** The same, matching only at lastIndex (VARIABLE keeps lastIndex 0 for matchAll). */
const VARIABLE_HERE = new RegExp(VARIABLE.source, 'y');
const INTERVALS = /^(?:\$\{?__(?:rate_interval|interval|range)(?::\w+)?\}?)$/;

/** A variable reference in a query, and whether it stands inside a string literal. */
export interface GrafanaVariable {
  from: number;
  to: number;
  text: string;
  inString: boolean;
  /** `$__rate_interval`, `$__interval`, `$__range`: Grafana puts a duration there. */
  interval: boolean;
}

/** Every variable reference in the query, in order. */
export function grafanaVariables(expr: string): GrafanaVariable[] {
  const found: GrafanaVariable[] = [];
  const add = (m: RegExpExecArray, offset: number, inString: boolean): void => {
    found.push({ from: offset + m.index, to: offset + m.index + m[0].length, text: m[0], inString, interval: INTERVALS.test(m[0]) });
  };
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      // A string literal, escapes included: its variables are Grafana's too, but already valid PromQL there.
      let j = i + 1;
      while (j < expr.length && expr[j] !== ch) j += expr[j] === '\\' && ch !== '`' ? 2 : 1;
      for (const m of expr.slice(i, j + 1).matchAll(VARIABLE)) add(m as RegExpExecArray, i, true);
      i = j + 1;
      continue;
    }
    VARIABLE_HERE.lastIndex = i;
    const m = VARIABLE_HERE.exec(expr);
    if (m) {
      add(m, 0, false);
      i += m[0].length;
      continue;
    }
    i++;
  }
  return found;
}

function placeholder(v: GrafanaVariable): string {
  const length = v.to - v.from;
  // Inside strings any text is valid; letters keep matcher values and regexes free of `$` anchors.
  if (v.inString) return 'x'.repeat(length);
  // A duration needs at least one digit and a unit; `$__range` and friends are 8+ characters long. At most
  // nine nines (about 31 years): a longer one would be beyond Prometheus's duration range.
  if (v.interval) return `${'0'.repeat(Math.max(0, length - 10))}${'9'.repeat(Math.min(length - 1, 9))}s`;
  return '1'.repeat(length);
}

/**
 * The expression with every variable outside string literals replaced by a same-length placeholder. With
 * `inStrings`, variables inside strings become letters too (`"$job"` -> `"xxxx"`): what Grafana puts there is
 * unknown, so checks of matcher values and regexes should see plain text, not `$` anchors.
 */
export function withGrafanaVariables(expr: string, { inStrings = false } = {}): string {
  let out = '';
  let at = 0;
  for (const v of grafanaVariables(expr)) {
    if (v.inString && !inStrings) continue;
    out += expr.slice(at, v.from) + placeholder(v);
    at = v.to;
  }
  return out + expr.slice(at);
}

/** True when the text at a range is one of Grafana's interval variables. */
export function isRateInterval(text: string): boolean {
  return /^\$\{?__rate_interval\}?$/.test(text.trim());
}
