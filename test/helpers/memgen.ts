// Running the compiled CLI and the pipeline in tests.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runAsync, type RunResult } from './tools.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');
/** Third-party data the tests judge with, copied into the repository with its NOTICE (nothing outside it is read). */
export const FIXTURES = path.join(ROOT, 'test/fixtures');

export function memgen(args: string[], cwd = ROOT): RunResult {
  return run(process.execPath, [CLI, ...args], { cwd });
}

/** memgen without blocking the test worker: for runs that take long on a busy machine (see vitest.config.ts). */
export function memgenAsync(args: string[], cwd = ROOT): Promise<RunResult> {
  return runAsync(process.execPath, [CLI, ...args], { cwd });
}

export function tempDir(prefix = 'memgen-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Every file under `dir` with its content, keyed by relative path: compare two of these to prove nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
