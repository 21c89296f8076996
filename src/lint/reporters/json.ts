import type { Problem } from '../../problem.js';

export function jsonRecord(p: Problem): Record<string, unknown> {
  return {
    file: p.file ?? null,
    line: p.line ?? null,
    column: p.column ?? null,
    endLine: p.endLine ?? null,
    endColumn: p.endColumn ?? null,
    rule: p.rule,
    severity: p.severity,
    message: p.message,
    ...(p.group !== undefined ? { group: p.group } : {}),
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.panel !== undefined ? { panel: p.panel } : {}),
    ...(p.field !== undefined ? { field: p.field } : {}),
    ...(p.line === undefined && p.span !== undefined ? { span: p.span } : {}),
  };
}

export function jsonReport(problems: readonly Problem[]): string {
  return `${JSON.stringify(problems.map(jsonRecord), null, 2)}\n`;
}
