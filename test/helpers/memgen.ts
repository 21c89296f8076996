// Running the compiled CLI and the pipeline in tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type RunResult } from './tools.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist/src/cli/main.js');
export const SHARED = path.resolve(ROOT, '../shared');

export function memgen(args: string[], cwd = ROOT): RunResult {
  return run(process.execPath, [CLI, ...args], { cwd });
}

export function tempDir(prefix = 'memgen-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
