// file:line:col severity message [rule], then the source line with a caret under the spot.
import { describeLocation, type Problem } from '../problem.js';
import type { SourceLookup } from './index.js';

function caret(p: Problem, source: SourceLookup): string {
  if (!p.file || !p.line || !p.column) return '';
  const line = source(p.file)?.split('\n')[p.line - 1];
  if (line === undefined) return '';
  const width = p.endLine === p.line && p.endColumn && p.endColumn > p.column ? p.endColumn - p.column : 1;
  const pad = line.slice(0, p.column - 1).replace(/[^\t]/g, ' ');
  return `    ${line}\n    ${pad}${'^'.repeat(width)}\n`;
}

export function textReport(problems: readonly Problem[], source: SourceLookup): string {
  let out = '';
  for (const p of problems) {
    const where = p.line ? `${p.file}:${p.line}:${p.column}` : [p.file, describeLocation(p)].filter(Boolean).join(': ');
    out += `${where}: ${p.severity}: ${p.message} [${p.rule}]\n${caret(p, source)}`;
  }
  const count = (s: string): number => problems.filter((p) => p.severity === s).length;
  out += problems.length === 0 ? 'no problems\n' : `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info\n`;
  return out;
}
