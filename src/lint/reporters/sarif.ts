// SARIF 2.1.0 for GitHub code scanning (and other SARIF viewers).
import { CHECKS } from '../checks/index.js';
import { describeLocation, type Problem } from '../../problem.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function sarifReport(problems: readonly Problem[]): string {
  const ids = [...new Set([...CHECKS.map((c) => c.id), ...problems.map((p) => p.rule)])];
  const rules = ids.map((id) => {
    const check = CHECKS.find((c) => c.id === id);
    return {
      id,
      shortDescription: { text: check?.summary ?? id },
      helpUri: `https://github.com/memgen/memgen/blob/main/docs/checks/${id}.md`,
      defaultConfiguration: { level: LEVEL[check?.severity ?? 'error'] },
    };
  });
  const results = problems.map((p) => ({
    ruleId: p.rule,
    ruleIndex: ids.indexOf(p.rule),
    level: LEVEL[p.severity],
    // Without a line (memgen's own model and dashboards), the message says where: rule, panel, field.
    message: { text: p.line === undefined && describeLocation(p) ? `${p.message} (${describeLocation(p)})` : p.message },
    locations: p.file
      ? [{
          physicalLocation: {
            artifactLocation: { uri: p.file.split('\\').join('/') },
            ...(p.line ? { region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } } : {}),
          },
        }]
      : [],
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'memgen', informationUri: 'https://github.com/memgen/memgen', version: '0.1.0', rules } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
