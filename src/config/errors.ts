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

/** The machine refused (permission denied, disk full, read-only filesystem): exit code 2, one line. */
export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'name too long',
  EBUSY: 'resource busy',
  EXDEV: 'crosses file systems',
};

/** Whether `err` is a Node.js file-system error (it has an errno code and a system call). */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** One line for a file-system error: what memgen was doing, the path, and the cause in words. */
export function environmentError(doing: string, err: NodeJS.ErrnoException): EnvironmentError {
  const code = err.code ?? 'EUNKNOWN';
  const where = err.path ? ` ${err.path}` : '';
  return new EnvironmentError(`${doing}: ${err.syscall ?? 'system call'}${where}: ${ERRNO_TEXT[code] ?? code} (${code})`);
}
