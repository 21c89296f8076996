// Writing the output folder. Files are written to a temporary name beside the target and renamed into place,
// so a reader never sees a half-written file; nothing is written at all unless every check passed first.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from './serialise.js';

export function writeOutput(outDir: string, files: OutputFile[]): void {
  const staged: Array<{ tmp: string; final: string }> = [];
  try {
    for (const f of files) {
      const final = path.join(outDir, f.path);
      mkdirSync(path.dirname(final), { recursive: true });
      const tmp = `${final}.memgen-tmp-${process.pid}`;
      writeFileSync(tmp, f.content);
      staged.push({ tmp, final });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw err;
  }
  for (const s of staged) renameSync(s.tmp, s.final);
}

export interface CheckResult {
  stale: string[];
  missing: string[];
}

/** Compares what a build would write with what the folder holds; files memgen does not write are ignored. */
export function checkOutput(outDir: string, files: OutputFile[]): CheckResult {
  const result: CheckResult = { stale: [], missing: [] };
  for (const f of files) {
    const target = path.join(outDir, f.path);
    if (!existsSync(target)) result.missing.push(f.path);
    else if (readFileSync(target, 'utf8') !== f.content) result.stale.push(f.path);
  }
  return result;
}
