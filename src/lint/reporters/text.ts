// file:line:col severity message [rule], then the source line with a caret under the spot.
import { formatProblem, type Problem } from '../../problem.js';

/** The text of a linted file, for the caret lines of the text format. */
export type SourceLookup = (file: string) => string | undefined;

/** Offsets of every line start of a text: built once per file, so each caret costs one line's slice. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

type Lines = { text: string; starts: number[] } | undefined;

function caret(p: Problem, lines: Lines): string {
  if (!p.line || !p.column || !lines) return '';
  const start = lines.starts[p.line - 1];
  if (start === undefined) return '';
  const next = lines.starts[p.line];
  const line = lines.text.slice(start, next === undefined ? undefined : next - 1);
  const width = p.endLine === p.line && p.endColumn && p.endColumn > p.column ? p.endColumn - p.column : 1;
  const pad = line.slice(0, p.column - 1).replace(/[^\t]/g, ' ');
  return `    ${line}\n    ${pad}${'^'.repeat(width)}\n`;
}

export function textReport(problems: readonly Problem[], source: SourceLookup): string {
  const indexes = new Map<string, Lines>();
  const linesOf = (file: string): Lines => {
    if (!indexes.has(file)) {
      const text = source(file);
      indexes.set(file, text === undefined ? undefined : { text, starts: lineStarts(text) });
    }
    return indexes.get(file);
  };
  const parts: string[] = [];
  const counts = { error: 0, warning: 0, info: 0 };
  for (const p of problems) {
    counts[p.severity]++;
    parts.push(`${formatProblem(p)}\n${p.file ? caret(p, linesOf(p.file)) : ''}`);
  }
  parts.push(problems.length === 0 ? 'no problems\n' : `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n`);
  return parts.join('');
}
