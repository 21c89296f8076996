// The real Prometheus tools. Locally a missing binary skips the tests that need it; with CI=true it fails
// them, so CI can never pass by skipping.
import { execFileSync, spawn, spawnSync } from 'node:child_process';

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

/** Like run, but the worker's event loop keeps turning while the tool works (long runs under load). */
export function runAsync(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => resolve({ status: -1, stdout, stderr: stderr + String(err) }));
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}
