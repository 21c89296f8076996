// Lint input and the shape of a check. Input is rule files as Prometheus reads them, whether memgen's model
// produced them or a user wrote them; each check is one module under checks/<category>/<name>.ts.
import type { Analysis } from './analysis.js';
import type { LintContext } from './context.js';
import type { DashboardContext } from './dashboard/types.js';
import type { Problem, Severity } from '../problem.js';
import type { FileLocator, LintFile, LintGroup, LintRule, Range, RuleRef } from './input.js';

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

/** A dashboard check: a lint check (id, severity, docs, `--check` overrides) that reads dashboard JSON. */
export type DashboardCheck = Check & Required<Pick<Check, 'dashboard'>>;

export type { FileLocator, LintFile, LintGroup, LintRule, Problem, Range, RuleRef, Severity };
