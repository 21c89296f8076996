// Parsing and type-checking expressions for the checks, once per distinct text.
import { parseExpr, type ParsedExpr } from '../promql/ast.js';
import type { ValueType } from '../promql/functions.js';
import { typeCheck } from '../promql/typecheck.js';
import { recentMemo } from './memo.js';

export interface Analysis {
  parsed: ParsedExpr;
  /** Value type of the expression when it parses and type-checks. */
  type?: ValueType;
  typeErrors: number;
}

/**
 * Rules with the same text share one read-only analysis. Trees of recording rules are kept for the whole
 * run, because other rules look them up by name; the rest are dropped soon after their checks ran, so a
 * file of ten thousand alerts never holds ten thousand trees at once.
 */
export class ExpressionAnalyser {
  private readonly kept = new Map<string, Analysis>();
  private readonly recent = recentMemo(analyseExpr);

  analyse(text: string, keep = false): Analysis {
    const analysis = this.kept.get(text) ?? this.recent(text);
    if (keep) this.kept.set(text, analysis);
    return analysis;
  }
}

export function analyseExpr(text: string): Analysis {
  const parsed = parseExpr(text);
  const typed = parsed.ast ? typeCheck(parsed.ast) : undefined;
  return { parsed, type: typed?.problems.length === 0 ? typed.type : undefined, typeErrors: typed?.problems.length ?? 0 };
}
