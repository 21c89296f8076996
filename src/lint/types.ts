// Lint input: rule groups as Prometheus reads them, from memgen's model or from a user's rule file.
import type { Problem, Severity } from './problem.js';

export interface LintRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface LintGroup {
  name: string;
  interval?: string;
  rules: LintRule[];
}

export interface Check {
  id: string;
  severity: Severity;
  /** One line: what the check flags. */
  summary: string;
  run(groups: readonly LintGroup[]): Array<Omit<Problem, 'rule' | 'severity'>>;
}

export function ruleName(rule: LintRule): string | undefined {
  return rule.alert ?? rule.record;
}
