// Only memgen decides how memgen ends. A TS config runs inside memgen's process; its own process.exit(7)
// (while loading or later, from a timer) would otherwise end the run with a code memgen never documents.
import { EXIT_CODES, EXIT_INTERNAL, EXIT_USAGE } from './exit.js';

/** Thrown in place of a foreign process.exit call; the CLI reports it as a config error. */
export class ForeignExitError extends Error {
  constructor(readonly code: unknown) {
    super(`the config called process.exit(${code === undefined ? '' : String(code)}); a config must export its settings, not end the process`);
    this.name = 'ForeignExitError';
  }
}

const realExit = process.exit.bind(process);

/** Ends the process with one of memgen's codes; the only way out once the guard is installed. */
export function exitWith(code: number): never {
  return realExit(EXIT_CODES.has(code) ? code : EXIT_INTERNAL);
}

/** Replaces process.exit for code memgen loads, and keeps the final code within memgen's documented set. */
export function installExitGuard(): void {
  process.exit = ((code?: unknown) => {
    throw new ForeignExitError(code);
  }) as typeof process.exit;
  process.on('exit', () => {
    const code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
    if (!EXIT_CODES.has(code)) process.exitCode = EXIT_INTERNAL;
  });
}

/** A foreign exit that escaped the loader (thrown from a config's timer): one line, exit 2. */
export function reportForeignExit(err: ForeignExitError): void {
  process.stderr.write(`memgen: invalid config: ${err.message}\n`);
  realExit(EXIT_USAGE);
}
