// Writing the output folder, so that a failure at any point leaves the previous output as it was.
//
// The new output is written in full into a staging folder beside the target (same filesystem, so renames
// are atomic), then swapped in under a lock (swap.ts, lock.ts). A manifest (.memgen-manifest.json) lists what memgen wrote, so later builds know which
// files are theirs: generated files that a build no longer produces disappear, and files memgen did not
// write are never touched. A folder holding foreign files is refused unless forced; then files are moved in
// one by one and foreign files stay.
import { constants, existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { environmentError, isSystemError, UsageError } from '../config/errors.js';
import { realFs, type WriteFs } from './fs.js';
import { acquireLock } from './lock.js';
import { DASHBOARD_MARK } from '../emit/types.js';
import { GENERATED_MARK, type OutputFile } from './serialise.js';
import { recoverInterrupted, siblingName, swapIn } from './swap.js';

export const MANIFEST = '.memgen-manifest.json';

interface Manifest {
  generator: 'memgen';
  files: string[];
}

export function manifestContent(files: OutputFile[]): string {
  const manifest: Manifest = { generator: 'memgen', files: files.map((f) => f.path).sort() };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Files a previous build recorded as its own; empty when there is no readable manifest. */
export function readManifest(outDir: string): string[] {
  const file = path.join(outDir, MANIFEST);
  if (!existsSync(file)) return [];
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    return m.generator === 'memgen' && Array.isArray(m.files) ? m.files.filter((f) => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Whether a file's content says memgen wrote it: YAML by its generated-code header, JSON by the dashboard's
 * description. This recognises output written before manifests existed, or copied without its manifest.
 */
export function isGeneratedByMemgen(file: string, content: string): boolean {
  if (/\.ya?ml$/i.test(file)) return content.startsWith(GENERATED_MARK);
  if (/\.json$/i.test(file)) {
    try {
      const data = JSON.parse(content) as { description?: unknown };
      return typeof data.description === 'string' && data.description.startsWith(DASHBOARD_MARK);
    } catch {
      return false;
    }
  }
  return false;
}

/** Every file under `dir`, as forward-slash paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) found.push(child);
    }
  };
  if (existsSync(dir)) walk('');
  return found.sort();
}

/** Files under `dir` that memgen generated: listed in its manifest, or carrying memgen's mark. */
export function generatedFiles(dir: string): string[] {
  const listed = new Set(readManifest(dir));
  return listFiles(dir).filter(
    (f) => f !== MANIFEST && (listed.has(f) || isGeneratedByMemgen(f, readFileSync(path.join(dir, f), 'utf8'))),
  );
}

/** The files under `dir` that memgen generated, with their content. */
export function readGeneratedFiles(dir: string): OutputFile[] {
  return generatedFiles(dir).map((p) => ({ path: p, content: readFileSync(path.join(dir, p), 'utf8') }));
}

/** Files in the folder that memgen did not write. */
export function foreignFiles(outDir: string): string[] {
  const ours = new Set([...generatedFiles(outDir), MANIFEST]);
  return listFiles(outDir).filter((f) => !ours.has(f));
}

function findRepositoryRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function refusal(outDir: string, why: string): UsageError {
  return new UsageError(`refusing to write into ${outDir}: ${why}; choose a dedicated folder such as out/`);
}

/** Refuses places no build may replace: the filesystem root, the home folder, the repository, a link or a file. */
export function assertSafeLocation(outDir: string, opts: { cwd?: string } = {}): void {
  const target = path.resolve(opts.cwd ?? process.cwd(), outDir);
  if (target === path.parse(target).root) throw refusal(outDir, 'it is the filesystem root');
  if (target === homedir()) throw refusal(outDir, 'it is your home folder');
  const repo = findRepositoryRoot(opts.cwd ?? process.cwd());
  if (repo && target === repo) throw refusal(outDir, 'it is the root of the repository');
  if (existsSync(target)) {
    const stat = lstatSync(target);
    if (stat.isSymbolicLink()) throw refusal(outDir, 'it is a symbolic link (give the folder it points to)');
    if (!stat.isDirectory()) throw refusal(outDir, 'it is a file, not a folder');
  }
}

/** Refuses a folder holding files memgen did not write, unless forced (run with the folder's lock held). */
export function assertOnlyOurFiles(outDir: string, opts: { force?: boolean; cwd?: string } = {}): void {
  if (opts.force) return;
  const foreign = foreignFiles(path.resolve(opts.cwd ?? process.cwd(), outDir));
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
    throw new UsageError(`refusing to write into ${outDir}: it holds files memgen did not write (${shown}); move them, choose another folder, or pass --force to keep them and write beside them`);
  }
}

/** Refuses output folders whose replacement would destroy what is not memgen's (writeOutput checks this itself). */
export function assertSafeOutputDir(outDir: string, opts: { force?: boolean; cwd?: string } = {}): void {
  assertSafeLocation(outDir, opts);
  assertOnlyOurFiles(outDir, opts);
}

function writeTree(fs: WriteFs, dir: string, files: OutputFile[]): void {
  for (const f of files) {
    const p = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content);
  }
  // The manifest last: a stage holding it is complete.
  fs.writeFileSync(path.join(dir, MANIFEST), manifestContent(files));
}

function removeEmptyDirs(fs: WriteFs, dir: string, root: string): void {
  for (let d = dir; d.startsWith(root) && d !== root; d = path.dirname(d)) {
    if (fs.existsSync(d) && fs.readdirSync(d).length === 0) fs.rmSync(d, { recursive: true });
    else break;
  }
}

/**
 * Permission problems found before anything is written: the parent must take new entries, and every folder
 * of the old output must let its entries go, or the swap would end with the old copy stuck beside the new.
 */
function assertWritable(fs: WriteFs, target: string): void {
  const check = (dir: string, what: string) => {
    try {
      fs.accessSync(dir, constants.W_OK | constants.X_OK);
    } catch (err) {
      if (isSystemError(err)) throw environmentError(`cannot write ${target}: ${what}`, err);
      throw err;
    }
  };
  check(path.dirname(target), 'its parent folder does not take new entries');
  if (!fs.existsSync(target)) return;
  const walk = (dir: string) => {
    check(dir, 'a folder of the previous output cannot be emptied');
    for (const name of fs.readdirSync(dir)) {
      const child = path.join(dir, name);
      if (fs.lstatSync(child).isDirectory()) walk(child);
    }
  };
  walk(target);
}

export interface WriteOptions {
  force?: boolean;
  /** The file system to write through; tests pass one that fails or stops at a chosen call. */
  fs?: WriteFs;
  /** How long to wait for another build writing the same folder (ms). */
  lockWaitMs?: number;
  /** Told what was cleaned up after an interrupted build. */
  onRecovery?: (message: string) => void;
}

/**
 * Writes the output folder, after the checks of assertSafeOutputDir. Under the folder's lock: leftovers of an
 * interrupted build are finished or removed, the new tree is staged in full, then swapped in (swap.ts), so a
 * kill or an error at any step leaves the complete old or the complete new output. File-system refusals
 * (permissions, disk full) become one-line EnvironmentErrors. Returns the files memgen had generated before
 * and no longer does, which are gone afterwards.
 */
export function writeOutput(outDir: string, files: OutputFile[], opts: WriteOptions = {}): string[] {
  const fs = opts.fs ?? realFs;
  const target = path.resolve(outDir);
  assertSafeLocation(outDir);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (err) {
    throw isSystemError(err) ? environmentError(`cannot create the parent folder of ${outDir}`, err) : err;
  }
  const release = acquireLock(fs, target, { waitMs: opts.lockWaitMs });
  try {
    for (const m of recoverInterrupted(fs, target)) opts.onRecovery?.(m);
    return writeLocked(fs, outDir, target, files, opts);
  } catch (err) {
    throw isSystemError(err) ? environmentError(`cannot write ${outDir}`, err) : err;
  } finally {
    release();
  }
}

function writeLocked(fs: WriteFs, outDir: string, target: string, files: OutputFile[], opts: WriteOptions): string[] {
  const now = new Set(files.map((f) => f.path));
  const retired = fs.existsSync(target) ? generatedFiles(target).filter((f) => !now.has(f)) : [];
  // Read under the lock: another build may have been swapping the folder a moment ago.
  assertOnlyOurFiles(outDir, { force: opts.force });
  const foreign = fs.existsSync(target) ? foreignFiles(target) : [];
  assertWritable(fs, target);
  const stage = siblingName(target, 'stage');
  try {
    writeTree(fs, stage, files);
  } catch (err) {
    fs.rmSync(stage, { recursive: true, force: true });
    throw err;
  }

  if (foreign.length === 0) {
    swapIn(fs, stage, target);
    return retired;
  }
  // Forced into a folder with foreign files: move ours in file by file (each rename atomic), drop the ones we
  // no longer generate. The folder as a whole is not swapped, since the foreign files must stay.
  for (const f of [...files.map((x) => x.path), MANIFEST]) {
    const dest = path.join(target, f);
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.renameSync(path.join(stage, f), dest);
  }
  for (const f of retired) {
    fs.rmSync(path.join(target, f), { force: true });
    removeEmptyDirs(fs, path.dirname(path.join(target, f)), target);
  }
  fs.rmSync(stage, { recursive: true, force: true });
  return retired;
}

export interface CheckResult {
  stale: string[];
  missing: string[];
  /** Files memgen generated earlier that this build would no longer write. */
  extra: string[];
}

/** Compares what a build would write with what the folder holds; files memgen does not write are ignored. */
export function checkOutput(outDir: string, files: OutputFile[]): CheckResult {
  const result: CheckResult = { stale: [], missing: [], extra: [] };
  const all = [...files, { path: MANIFEST, content: manifestContent(files) }];
  for (const f of all) {
    const target = path.join(outDir, f.path);
    if (!existsSync(target)) result.missing.push(f.path);
    else if (readFileSync(target, 'utf8') !== f.content) result.stale.push(f.path);
  }
  const now = new Set(files.map((f) => f.path));
  result.extra = generatedFiles(outDir).filter((f) => !now.has(f));
  return result;
}
