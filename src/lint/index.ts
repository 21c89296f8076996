// The lint engine: runs every check over rule groups and returns problems sorted for stable output.
import { promqlSyntax } from './checks/promql-syntax.js';
import { ruleStructure } from './checks/rule-structure.js';
import { templateSyntax } from './checks/template-syntax.js';
import type { Problem } from './problem.js';
import type { Check, LintGroup } from './types.js';

export const CHECKS: readonly Check[] = [ruleStructure, promqlSyntax, templateSyntax];

export function lintGroups(groups: readonly LintGroup[], checks: readonly Check[] = CHECKS): Problem[] {
  return checks.flatMap((c) => c.run(groups).map((p) => ({ rule: c.id, severity: c.severity, ...p })));
}
