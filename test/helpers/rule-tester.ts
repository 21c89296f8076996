// A table runner for lint checks in the typescript-eslint RuleTester style: valid cases must produce no
// finding of the check; invalid cases must produce exactly the listed findings, at the listed positions.
// A case is either an expression (`expr`, linted as the expression of an alert or recording rule) or YAML
// rule-list items (`rules`). Positions are 1-based: inside `expr` for expression cases (line 1), inside the
// `rules` snippet for YAML cases.
import { describe, expect, it } from 'vitest';
import { LintContext, type LintOptions } from '../../src/lint/context.js';
import { lintFiles } from '../../src/lint/engine.js';
import type { Problem } from '../../src/problem.js';
import { parseLintText, type LintInputs } from '../../src/lint/sources/load.js';
import type { Check } from '../../src/lint/types.js';

export interface Case {
  expr?: string;
  /** Lint the expression as a recording rule instead of an alert. */
  record?: boolean;
  rules?: string;
  options?: LintOptions;
  name?: string;
}

export interface ExpectedFinding {
  line?: number;
  column: number;
  endColumn?: number;
  message?: RegExp;
  /** The reported severity, when it may differ from the check's (a finding built on a guess is info). */
  severity?: Problem['severity'];
}

export interface InvalidCase extends Case {
  errors: ExpectedFinding[];
}

const HEADER = 'groups:\n  - name: test\n    rules:\n';
const HEADER_LINES = 3;
const INDENT = '      ';

function ruleYaml(c: Case): string {
  if (c.rules !== undefined) return c.rules;
  const kind = c.record ? 'record: test:metric:rule' : 'alert: TestAlert';
  return `- ${kind}\n  expr: ${JSON.stringify(c.expr)}`;
}

/** Lints one case with every check; returns the problems of `checkId`, positions relative to the case. */
export function lintCase(c: Case, checkId: string): Problem[] {
  const yaml = ruleYaml(c);
  const text = HEADER + yaml.split('\n').map((l) => (l ? INDENT + l : l)).join('\n') + '\n';
  const inputs: LintInputs = { files: [], problems: [], jobIntervals: new Map() };
  parseLintText('case.yaml', 'case.yaml', text, inputs);
  const problems = lintFiles(inputs.files, new LintContext(c.options ?? {})).filter((p) => p.rule === checkId);
  return problems.map((p) => {
    if (p.group === undefined) return p; // a metric definition: its own file's position
    if (c.rules === undefined && p.span) return { ...p, line: 1, column: p.span[0] + 1, endColumn: p.span[1] + 1 };
    return { ...p, line: (p.line ?? 0) - HEADER_LINES, column: (p.column ?? 0) - INDENT.length, endColumn: (p.endColumn ?? 0) - INDENT.length };
  });
}

export function ruleTester(check: Check, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(check.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name ?? c.expr ?? c.rules}`, () => {
        expect(lintCase(c, check.id).map((p) => p.message)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name ?? c.expr ?? c.rules}`, () => {
        const found = lintCase(c, check.id);
        expect(found, found.map((p) => `${p.line}:${p.column} ${p.message}`).join('\n')).toHaveLength(c.errors.length);
        c.errors.forEach((want, i) => {
          const got = found[i] as Problem;
          expect(got.line).toBe(want.line ?? 1);
          expect(got.column).toBe(want.column);
          if (want.endColumn !== undefined) expect(got.endColumn).toBe(want.endColumn);
          if (want.message) expect(got.message).toMatch(want.message);
          if (want.severity) expect(got.severity).toBe(want.severity);
        });
      });
    }
  });
}
