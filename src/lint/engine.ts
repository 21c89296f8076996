// The lint engine: parses every rule once, runs every check, applies severity overrides and silencing
// (`# memgen-disable-next-line` comments, the DSL's per-alert `lint.disable`), and sorts problems stably.
import { parseExpr } from '../promql/ast.js';
import { typeCheck } from '../promql/typecheck.js';
import { LintContext } from './context.js';
import type { Problem, Severity } from './problem.js';
import { CHECKS } from './rules/index.js';
import type { Check, Finding, LintFile, PreparedRule } from './types.js';

export type SeverityOverride = Severity | 'off';

export interface EngineOptions {
  /** Per check id: a new severity, or 'off'. */
  overrides?: Readonly<Record<string, SeverityOverride>>;
  checks?: readonly Check[];
}

type Analysed = Pick<PreparedRule, 'parsed' | 'type' | 'typeErrors'>;

/**
 * Parses and type-checks an expression once per distinct text: rule files repeat expressions (an alert at
 * two severities with two thresholds on the same expression, a recording rule per label set), and the
 * parsed tree is read-only, so rules with the same text share it.
 */
function analyser(): (text: string) => Analysed {
  const seen = new Map<string, Analysed>();
  return (text) => {
    let a = seen.get(text);
    if (!a) {
      const parsed = parseExpr(text);
      const typed = parsed.ast ? typeCheck(parsed.ast) : undefined;
      a = { parsed, type: typed?.problems.length === 0 ? typed.type : undefined, typeErrors: typed?.problems.length ?? 0 };
      seen.set(text, a);
    }
    return a;
  };
}

export function prepareRules(files: readonly LintFile[]): PreparedRule[] {
  const out: PreparedRule[] = [];
  const analyse = analyser();
  for (const file of files) {
    file.groups.forEach((group, groupIndex) => {
      (Array.isArray(group.rules) ? group.rules : []).forEach((rule, ruleIndex) => {
        out.push({
          file, group, groupIndex, ruleIndex, rule,
          ...analyse(typeof rule.expr === 'string' ? rule.expr : String(rule.expr ?? '')),
          name: rule.alert ?? rule.record,
          kind: rule.alert !== undefined ? 'alert' : rule.record !== undefined ? 'record' : undefined,
        });
      });
    });
  }
  return out;
}

function locateFinding(check: Check, severity: Severity, f: Finding, at: { file: LintFile; groupIndex: number; ruleIndex?: number } | undefined): Problem {
  const p: Problem = { rule: check.id, severity, message: f.message };
  if (f.metric) {
    p.file = f.metric.file;
    if (f.metric.line) Object.assign(p, { line: f.metric.line, column: 1, endLine: f.metric.line, endColumn: 1 });
    p.name = f.metric.name;
    return p;
  }
  if (!at) return p;
  const group = at.file.groups[at.groupIndex];
  const rule = at.ruleIndex !== undefined ? group?.rules[at.ruleIndex] : undefined;
  p.file = at.file.path;
  p.group = group?.name;
  if (rule) p.name = rule.alert ?? rule.record ?? `#${(at.ruleIndex ?? 0) + 1}`;
  if (f.field) p.field = f.field;
  if (f.span) p.span = f.span;
  const range = at.file.locator?.locate(at.groupIndex, at.ruleIndex, f.field, f.span);
  if (range) Object.assign(p, range);
  return p;
}

function silenced(p: Problem, at: { file: LintFile; groupIndex: number; ruleIndex?: number } | undefined, field?: string): boolean {
  const rule = at && at.ruleIndex !== undefined ? at.file.groups[at.groupIndex]?.rules[at.ruleIndex] : undefined;
  if (rule?.lintDisable?.includes(p.rule)) return true;
  const locator = at?.file.locator;
  if (!locator || p.line === undefined) return false;
  const lines = [p.line, locator.locate(at.groupIndex, at.ruleIndex, field)?.line, locator.locate(at.groupIndex, at.ruleIndex, undefined)?.line];
  return lines.some((line) => {
    const ids = line !== undefined ? locator.disabledOn(line) : undefined;
    return ids !== undefined && (ids.has('*') || ids.has(p.rule));
  });
}

export function lintFiles(files: readonly LintFile[], ctx = new LintContext(), options: EngineOptions = {}): Problem[] {
  const rules = prepareRules(files);
  ctx.indexRecords(rules);
  const problems: Problem[] = [];
  for (const check of options.checks ?? CHECKS) {
    const override = options.overrides?.[check.id];
    if (override === 'off') continue;
    const severity = override ?? check.severity;
    const emit = (f: Finding, at: { file: LintFile; groupIndex: number; ruleIndex?: number } | undefined): void => {
      const p = locateFinding(check, severity, f, at);
      if (!silenced(p, at, f.field)) problems.push(p);
    };
    if (check.rule) for (const r of rules) for (const f of check.rule(r, ctx)) emit(f, r);
    if (check.all) for (const f of check.all(rules, files, ctx)) emit(f, f.at);
  }
  return sortProblems(problems, files);
}

export function sortProblems(problems: Problem[], files: readonly LintFile[]): Problem[] {
  const fileOrder = new Map(files.map((f, i) => [f.path, i]));
  const key = (p: Problem): Array<number | string> => [fileOrder.get(p.file ?? '') ?? -1, p.file ?? '', p.line ?? 0, p.column ?? 0, p.group ?? '', p.name ?? '', p.field ?? '', p.span?.[0] ?? 0, p.rule, p.message];
  return problems
    .map((p) => ({ p, k: key(p) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const x = a.k[i] as number | string;
        const y = b.k[i] as number | string;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    })
    .map(({ p }) => p);
}
