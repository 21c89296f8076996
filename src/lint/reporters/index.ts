// Reporters turn problems into text for people (text), tools (json, sarif) or GitHub Actions (github).
import type { Problem } from '../../problem.js';
import type { SourceLookup } from './text.js';
export type ReportFormat = 'text' | 'json' | 'github' | 'sarif';
export const FORMATS: readonly ReportFormat[] = ['text', 'json', 'github', 'sarif'];

/** The report in a format; only that format's module is loaded, to keep `memgen lint` quick to start. */
export async function report(format: ReportFormat, problems: readonly Problem[], source: SourceLookup): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).jsonReport(problems);
    case 'github':
      return (await import('./github.js')).githubReport(problems);
    case 'sarif':
      return (await import('./sarif.js')).sarifReport(problems);
    case 'text':
      return (await import('./text.js')).textReport(problems, source);
  }
}
