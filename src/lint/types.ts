// Lint input and the shape of a check. Input is rule files as Prometheus reads them, whether memgen's model
// produced them or a user wrote them; each check is one module under rules/<category>/<name>.ts.
import type { Analysis } from './analysis.js';
import type { LintContext } from './context.js';
import type { DashboardContext } from './dashboard/types.js';
import type { Problem, Severity } from './problem.js';

export interface LintRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** memgen's per-alert option (DSL `lint: { disable }`): check ids not to run on this rule. */
  lintDisable?: readonly string[];
  /** Keys Prometheus does not know (rule files only). */
  extraFields?: readonly string[];
}

export interface LintGroup {
  name: string;
  interval?: string;
  rules: LintRule[];
  extraFields?: readonly string[];
}

/** Maps a finding inside a file to line and column; absent for the model, which has no file. */
export interface FileLocator {
  /** 1-based line/column range of a field (an expression span inside it, if given). */
  locate(groupIndex: number, ruleIndex: number | undefined, field: string | undefined, span?: [number, number]): Range | undefined;
  /** Check ids silenced on a line by `# memgen-disable-next-line` ('*' = all). */
  disabledOn(line: number): ReadonlySet<string> | undefined;
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintFile {
  /** Path as given on the command line, or the model's name ('preset fastapi'). */
  path: string;
  groups: LintGroup[];
  locator?: FileLocator;
}

/** A rule as read, before its expression is analysed: what whole-input checks see. */
export interface RuleRef {
  file: LintFile;
  group: LintGroup;
  groupIndex: number;
  ruleIndex: number;
  rule: LintRule;
  name: string | undefined;
  kind: 'alert' | 'record' | undefined;
  /** The expression's text ('' when the rule has none). */
  expr: string;
}

/** A rule ready for per-rule checks: parsed once, typed once. */
export interface PreparedRule extends RuleRef, Analysis {}

/** What a check reports; the engine adds the check id, severity and location. */
export interface Finding {
  message: string;
  /** Rule field: 'expr', 'for', 'labels.severity', ...; the rule itself when absent. */
  field?: string;
  /** [from, to) inside the field's text. */
  span?: [number, number];
  /** For whole-input checks: the rule (or group, with ruleIndex undefined) the finding belongs to. */
  at?: { file: LintFile; groupIndex: number; ruleIndex?: number };
  /** For metric-definition checks: where the metric is defined. */
  metric?: { name: string; file?: string; line?: number };
  /** At most this severity, whatever the check's (a finding built on a guess is `info`). */
  maxSeverity?: Severity;
  /** For dashboard checks: the panel's title; `field` is then the JSON path (`panels[2].targets[0].expr`). */
  panel?: string;
}

export interface CheckDocs {
  /** Why it matters, in a few sentences. */
  why: string;
  /** A rule (YAML list item) the check flags, and the fixed form. */
  bad: string;
  good: string;
  /** Idioms the check accepts on purpose (they look like its mistake but are not), one sentence each. */
  accepts?: readonly string[];
}

export interface Check {
  id: string;
  severity: Severity;
  /** One line: what the check flags. */
  summary: string;
  docs: CheckDocs;
  /** Runs on alerting rules only (the engine skips recording rules). */
  alertsOnly?: boolean;
  /**
   * Checks an expression, whatever rule it is in: runs once per distinct expression text (rule files
   * often repeat one expression with other labels; an expression long out of sight may be checked again),
   * and its findings are reported on every rule using it. Also run on dashboard panel queries.
   */
  expr?(input: Analysis, ctx: LintContext): Finding[];
  /** Runs once per rule. */
  rule?(r: PreparedRule, ctx: LintContext): Finding[];
  /** Runs once over all input (cross-rule and cross-file checks). */
  all?(rules: readonly RuleRef[], files: readonly LintFile[], ctx: LintContext): Finding[];
  /** Runs once per Grafana dashboard JSON (src/lint/dashboard); the docs' bad and good examples are JSON. */
  dashboard?(d: DashboardContext, ctx: LintContext): Finding[];
}

export type { Problem, Severity };
