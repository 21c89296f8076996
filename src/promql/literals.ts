// What Prometheus's lexer and parser refuse in literals that lezer-promql's grammar lets through: string
// escapes (`"\8"`, `"\x"`), numbers out of float64 range (`1e999999`), durations beyond Go's time.Duration
// (about 292 years), zero ranges, and `@` timestamps that do not fit in int64 milliseconds. Messages follow
// Prometheus's wording, so that users can search for them.
import * as T from '@prometheus-io/lezer-promql';
import type { parser } from '@prometheus-io/lezer-promql';
import { MAX_DURATION_SECONDS, parseDuration } from './duration.js';

export interface LiteralProblem {
  message: string;
  from: number;
  to: number;
}

const MAX_AT_SECONDS = 9223372036854775.807; // int64 milliseconds
const HEX = /^[0-9a-fA-F]$/;

/** `%#U` of Go's fmt: U+0038 '8'. */
function goRune(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

/** The first escape Prometheus's lexer refuses in a quoted string literal (offsets are in `expr`). */
function stringProblem(expr: string, from: number, to: number): LiteralProblem | undefined {
  const quote = expr[from];
  if (quote === '`') return undefined;
  for (let i = from + 1; i < to - 1; i++) {
    if (expr[i] !== '\\') continue;
    const e = expr[i + 1] ?? '';
    const at = (message: string): LiteralProblem => ({ message, from: i, to: Math.min(i + 2, to) });
    if ('abfnrtv\\'.includes(e) || e === quote) {
      i++;
      continue;
    }
    let digits = 0;
    let base = 16;
    if (e >= '0' && e <= '7') [digits, base] = [3, 8];
    else if (e === 'x') digits = 2;
    else if (e === 'u') digits = 4;
    else if (e === 'U') digits = 8;
    else return at(`unknown escape sequence ${goRune(e)}`);
    const start = base === 8 ? i + 1 : i + 2;
    let value = 0;
    for (let k = 0; k < digits; k++) {
      const c = expr[start + k] ?? '';
      const ok = base === 8 ? c >= '0' && c <= '7' : HEX.test(c);
      if (start + k >= to) return at('escape sequence not terminated');
      if (!ok) return at(`illegal character ${goRune(c)} in escape sequence`);
      value = value * base + parseInt(c, base);
    }
    if ((base === 8 && value > 255) || value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) return at('escape sequence is an invalid Unicode code point');
    i = start + digits - 1;
  }
  return undefined;
}

function durationSeconds(text: string): number | undefined {
  return /^[\d.]+$/.test(text) ? Number(text) : parseDuration(text);
}

/** Literal problems of a parse tree without error nodes. */
export function literalProblems(expr: string, tree: ReturnType<typeof parser.parse>): LiteralProblem[] {
  const out: LiteralProblem[] = [];
  let afterAt = false;
  tree.iterate({
    enter(n) {
      const id = n.type.id;
      const text = (): string => expr.slice(n.from, n.to);
      if (id === T.At) {
        afterAt = true;
        return;
      }
      const wasAfterAt = afterAt;
      afterAt = false;
      if (id === T.StringLiteral) {
        const p = stringProblem(expr, n.from, n.to);
        if (p) out.push(p);
      } else if (id === T.NumberDurationLiteral) {
        const t = text().replace(/_/g, '');
        const value = Number(t);
        if (!Number.isFinite(value) && /^[+-]?(?:\d|\.\d)/.test(t) && !/^0x/i.test(t)) {
          out.push({ message: `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(t)}: value out of range`, from: n.from, to: n.to });
        } else if (wasAfterAt && (Math.abs(value) > MAX_AT_SECONDS || Number.isNaN(value))) {
          out.push({ message: `timestamp out of bounds for @ modifier: ${t}`, from: n.from, to: n.to });
        }
      } else if (id === T.NumberDurationLiteralInDurationContext) {
        const seconds = durationSeconds(text());
        if (seconds !== undefined && seconds > MAX_DURATION_SECONDS) out.push({ message: 'duration out of range', from: n.from, to: n.to });
      } else if (id === T.MatrixSelector) {
        // The range is the last DurationExpr child; a zero range selects nothing.
        const range = n.node.getChild(T.DurationExpr);
        const literal = range?.firstChild;
        if (range && literal && !literal.nextSibling && literal.type.id === T.NumberDurationLiteralInDurationContext && durationSeconds(expr.slice(literal.from, literal.to)) === 0) {
          out.push({ message: 'duration must be greater than 0', from: literal.from, to: literal.to });
        }
      }
    },
  });
  return out;
}
