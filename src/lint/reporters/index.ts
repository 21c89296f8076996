// Reporters turn problems into text for people (text), tools (json, sarif) or GitHub Actions (github).
import type { Problem } from '../problem.js';
import { githubReport } from './github.js';
import { jsonReport } from './json.js';
import { sarifReport } from './sarif.js';
import { textReport } from './text.js';

export type ReportFormat = 'text' | 'json' | 'github' | 'sarif';
export const FORMATS: readonly ReportFormat[] = ['text', 'json', 'github', 'sarif'];

/** The text of a linted file, for the caret lines of the text format. */
export type SourceLookup = (file: string) => string | undefined;

export function report(format: ReportFormat, problems: readonly Problem[], source: SourceLookup): string {
  switch (format) {
    case 'json':
      return jsonReport(problems);
    case 'github':
      return githubReport(problems);
    case 'sarif':
      return sarifReport(problems);
    case 'text':
      return textReport(problems, source);
  }
}
