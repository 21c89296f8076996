// The real Prometheus tools. Locally a missing binary skips the tests that need it; with CI=true it fails
// them, so CI can never pass by skipping.
import { execFileSync, spawnSync } from 'node:child_process';

export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

const inCI = process.env.CI === 'true';

/** For `describe.skipIf(...)`: true only when the tool is missing and we are not in CI. */
export function skipWithout(name: string): boolean {
  if (hasBinary(name)) return false;
  if (inCI) {
    throw new Error(`${name} is required in CI (CI=true) but is not installed; .ci/run installs Debian's prometheus packages`);
  }
  return true;
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function promtool(...args: string[]): RunResult {
  return run('promtool', args);
}

export function promtoolVersion(): string {
  return execFileSync('promtool', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? '';
}
