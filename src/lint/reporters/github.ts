// GitHub Actions workflow commands: each problem becomes an annotation on the PR's diff.
import { describeLocation, type Problem } from '../../problem.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubReport(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const props = [
        p.file && `file=${escapeProperty(p.file)}`,
        p.line && `line=${p.line}`,
        p.column && `col=${p.column}`,
        p.endLine && `endLine=${p.endLine}`,
        p.endColumn && p.endLine === p.line && `endColumn=${p.endColumn}`,
        `title=${escapeProperty(p.rule)}`,
      ].filter(Boolean);
      const where = p.line ? '' : `${describeLocation(p)}: `;
      return `::${LEVEL[p.severity]} ${props.join(',')}::${escapeData(where + p.message)}\n`;
    })
    .join('');
}
