// Errors a user can cause. They carry where the problem is (a path into the config and, when known, a file
// position) so the CLI can print `file:line:col: path: message` lines instead of a stack trace.

export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

export interface ConfigProblem {
  /** JSON-pointer-like path into the config, e.g. 'alerts[2].above'. Empty for the whole config. */
  path: string;
  /** The same path as segments, so a loader can turn it into a file position. */
  segments?: Array<string | number>;
  message: string;
  hint?: string;
  position?: SourcePosition;
}

/** The config is wrong: exit code 2. Holds every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The command line is wrong (unknown preset, missing file): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.position
    ? `${p.position.file}${p.position.line ? `:${p.position.line}:${p.position.column ?? 1}` : ''}: `
    : '';
  const path = p.path ? `${p.path}: ` : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${where}${path}${p.message}${hint}`;
}

/** Builds 'alerts[2].above' from path segments. */
export function joinPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}
