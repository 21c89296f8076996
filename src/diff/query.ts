// The alert expressions memgen writes (src/model/alerts.ts), read back into a structure the evaluator runs
// and the diff prints. Only these shapes are recognised; anything else (a hand-edited rule) yields undefined
// and the diff reports it without a time to fire.
import { parseDuration } from '../dsl/units.js';

export interface Selector {
  metric: string;
  /** Equality matchers only, as memgen writes them. */
  matchers: Record<string, string>;
}

export type Comparison = '>' | '<';

interface Compared {
  op: Comparison;
  /** The number on the right of the comparison, in the unit of the expression's value. */
  threshold: number;
}

export type AlertQuery =
  | (Compared & { fn: 'value'; selector: Selector })
  | (Compared & { fn: 'delta' | 'increase' | 'deriv'; selector: Selector; range: number; scale: number })
  | (Compared & { fn: 'histogram_quantile'; quantile: number; by: string[]; selector: Selector; range: number });

const SELECTOR = String.raw`([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?`;
const NUMBER = String.raw`([-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|Inf|NaN))`;
const COMPARE = String.raw` ([<>]) ${NUMBER}$`;
const VALUE = new RegExp(`^${SELECTOR}${COMPARE}`);
const RANGE_FN = new RegExp(String.raw`^(delta|increase|deriv)\(${SELECTOR}\[(\w+)\]\)(?: \* ${NUMBER})?${COMPARE}`);
const QUANTILE = new RegExp(String.raw`^histogram_quantile\(${NUMBER}, sum by \(([^)]*)\) \(rate\(${SELECTOR}\[(\w+)\]\)\)\)${COMPARE}`);

function matchers(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) out[m[1] as string] = JSON.parse(`"${m[2]}"`) as string;
  return out;
}

/** Reads an expression memgen generated; undefined for any other shape. */
export function parseAlertQuery(expr: string): AlertQuery | undefined {
  let m = VALUE.exec(expr);
  if (m) return { fn: 'value', selector: { metric: m[1] as string, matchers: matchers(m[2]) }, op: m[3] as Comparison, threshold: Number(m[4]) };
  m = RANGE_FN.exec(expr);
  if (m) {
    return {
      fn: m[1] as 'delta' | 'increase' | 'deriv',
      selector: { metric: m[2] as string, matchers: matchers(m[3]) },
      range: parseDuration(m[4] as string),
      scale: m[5] === undefined ? 1 : Number(m[5]),
      op: m[6] as Comparison,
      threshold: Number(m[7]),
    };
  }
  m = QUANTILE.exec(expr);
  if (m) {
    return {
      fn: 'histogram_quantile',
      quantile: Number(m[1]),
      by: (m[2] as string).split(',').map((l) => l.trim()).filter((l) => l && l !== 'le'),
      selector: { metric: m[3] as string, matchers: matchers(m[4]) },
      range: parseDuration(m[5] as string),
      op: m[6] as Comparison,
      threshold: Number(m[7]),
    };
  }
  return undefined;
}

/**
 * The expression with its threshold number blanked, so two expressions can be compared apart from it: every
 * comparison with one of `thresholds` (the two versions' own), wherever it stands (a warm-up guard may follow
 * it), or else the comparison at the end.
 */
export function withoutThreshold(expr: string, thresholds: number[] = []): string {
  const blanked = expr.replace(new RegExp(String.raw` ([<>]) ${NUMBER}(?=\)|$| )`, 'g'), (all, op: string, n: string) => (thresholds.includes(Number(n)) ? ` ${op} <threshold>` : all));
  return blanked !== expr ? blanked : expr.replace(new RegExp(`${COMPARE}`), ' $1 <threshold>');
}
