// The lint engine: parses each distinct expression once (while it is among the recent ones), runs every
// check, applies severity overrides and silencing (`# memgen-disable-next-line` comments, the DSL's per-alert
// `lint.disable`), and sorts problems stably.
import type { Analysis } from './analysis.js';
import { LintContext } from './context.js';
import type { Problem, Severity } from '../problem.js';
import { CHECKS } from './checks/index.js';
import type { Check, Finding, LintFile, PreparedRule, RuleRef } from './types.js';

export type SeverityOverride = Severity | 'off';

export interface EngineOptions {
  /** Per check id: a new severity, or 'off'. */
  overrides?: Readonly<Record<string, SeverityOverride>>;
  checks?: readonly Check[];
}

/** Every rule of every file, in file order, with its expression text. */
export function ruleRefs(files: readonly LintFile[]): RuleRef[] {
  const out: RuleRef[] = [];
  for (const file of files) {
    file.groups.forEach((group, groupIndex) => {
      (Array.isArray(group.rules) ? group.rules : []).forEach((rule, ruleIndex) => {
        out.push({
          file, group, groupIndex, ruleIndex, rule,
          name: rule.alert ?? rule.record,
          kind: rule.alert !== undefined ? 'alert' : rule.record !== undefined ? 'record' : undefined,
          expr: typeof rule.expr === 'string' ? rule.expr : String(rule.expr ?? ''),
        });
      });
    });
  }
  return out;
}

/** Where a finding belongs: a rule, or a group when ruleIndex is undefined. */
type Location = { file: LintFile; groupIndex: number; ruleIndex?: number };

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The lower of a check's severity and a finding's cap. */
export function cappedSeverity(severity: Severity, cap: Severity | undefined): Severity {
  return cap && RANK[cap] < RANK[severity] ? cap : severity;
}

function locateFinding(check: Check, severity: Severity, f: Finding, at: Location | undefined): Problem {
  const p: Problem = { rule: check.id, severity: cappedSeverity(severity, f.maxSeverity), message: f.message };
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

function silenced(p: Problem, at: Location | undefined, field?: string): boolean {
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

// Spelled out rather than spread: object spread takes V8's slow path here, and this runs once per rule.
function prepare(ref: RuleRef, { parsed, type, typeErrors }: Analysis): PreparedRule {
  const { file, group, groupIndex, ruleIndex, rule, name, kind, expr } = ref;
  return { file, group, groupIndex, ruleIndex, rule, name, kind, expr, parsed, type, typeErrors };
}

type Active = { check: Check; severity: Severity };
type Found = { active: Active; finding: Finding };

/**
 * The findings of the expression checks, worked out once per distinct expression: rules with the same text
 * share one analysis, and with it these findings. Alert-only checks' findings are kept apart.
 */
class SharedFindings {
  private readonly found = new WeakMap<Analysis, { everyRule: Found[]; alertsOnly: Found[] }>();
  private readonly checks: Active[];

  constructor(active: readonly Active[], private readonly ctx: LintContext) {
    this.checks = active.filter(({ check }) => check.expr);
  }

  of(analysis: Analysis): { everyRule: Found[]; alertsOnly: Found[] } {
    let found = this.found.get(analysis);
    if (!found) {
      found = { everyRule: [], alertsOnly: [] };
      for (const active of this.checks) {
        for (const finding of (active.check.expr as NonNullable<Check['expr']>)(analysis, this.ctx)) {
          (active.check.alertsOnly ? found.alertsOnly : found.everyRule).push({ active, finding });
        }
      }
      this.found.set(analysis, found);
    }
    return found;
  }
}

/**
 * Runs the checks rule by rule: each rule is parsed, checked, and its tree let go before the next one, so
 * memory stays flat on large files. Whole-input checks run last, on the rules as read.
 */
export function lintFiles(files: readonly LintFile[], ctx = new LintContext(), options: EngineOptions = {}): Problem[] {
  const rules = ruleRefs(files);
  ctx.indexRecords(rules);
  const active: Active[] = (options.checks ?? CHECKS).flatMap((check) => {
    const severity = severityUnder(options.overrides, check.id, check.severity);
    return severity ? [{ check, severity }] : [];
  });
  const ruleChecksForAlerts = active.filter(({ check }) => check.rule);
  const ruleChecksForOthers = ruleChecksForAlerts.filter(({ check }) => !check.alertsOnly);
  const shared = new SharedFindings(active, ctx);
  const problems: Problem[] = [];
  const emit = ({ check, severity }: Active, f: Finding, at: Location | undefined): void => {
    const p = locateFinding(check, severity, f, at);
    if (!silenced(p, at, f.field)) problems.push(p);
  };
  for (const ref of rules) {
    const analysis = ctx.expressions.analyse(ref.expr);
    const rule = prepare(ref, analysis);
    const isAlert = ref.kind === 'alert';
    const found = shared.of(analysis);
    for (const { active, finding } of found.everyRule) emit(active, finding, rule);
    if (isAlert) for (const { active, finding } of found.alertsOnly) emit(active, finding, rule);
    for (const a of isAlert ? ruleChecksForAlerts : ruleChecksForOthers) {
      for (const f of (a.check.rule as NonNullable<Check['rule']>)(rule, ctx)) emit(a, f, rule);
    }
  }
  for (const a of active) {
    if (a.check.all) for (const f of a.check.all(rules, files, ctx)) emit(a, f, f.at);
  }
  return sortProblems(problems, files);
}

/** A check's severity under `--check` overrides; undefined when it is turned off. */
export function severityUnder(overrides: EngineOptions['overrides'], id: string, severity: Severity): Severity | undefined {
  const override = overrides?.[id];
  return override === 'off' ? undefined : (override ?? severity);
}

/** Problems found outside the engine (dashboards) with `--check` severities applied: 'off' drops them. */
export function withOverrides(problems: readonly Problem[], overrides: EngineOptions['overrides']): Problem[] {
  return problems.flatMap((p) => {
    const severity = severityUnder(overrides, p.rule, p.severity);
    return !severity ? [] : severity === p.severity ? [p] : [{ ...p, severity }];
  });
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
