// Replacing a whole output folder so that a kill at any moment leaves the complete old or the complete new
// build. The new tree is staged beside the target (same file system, so renames are atomic), then a journal
// records the swap before the two renames (target -> old, stage -> target). Node has no atomic exchange of
// two folders (renameat2 RENAME_EXCHANGE), so between the renames the target is briefly absent; a kill
// there is finished by recoverInterrupted(), which every build runs first under the folder's lock: it
// promotes the complete stage, or puts the old folder back, and removes every other leftover.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { WriteFs } from './fs.js';

/** Leftovers of a build of `target` are dot-folders beside it named `.<target>.memgen-<kind>-<hex>`. */
export function leftoverPattern(target: string): RegExp {
  const base = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${base}\\.memgen-(stage|old)-[0-9a-f]{8}$`);
}

export function siblingName(target: string, kind: 'stage' | 'old'): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.memgen-${kind}-${randomBytes(4).toString('hex')}`);
}

export function journalPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.memgen-swap.json`);
}

interface Journal {
  stage: string;
  old: string;
}

function readJournal(fs: WriteFs, file: string): Journal | undefined {
  try {
    const j = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Journal>;
    return typeof j.stage === 'string' && typeof j.old === 'string' ? { stage: j.stage, old: j.old } : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a small file so that it is either absent or complete: a temporary name, then a rename. */
function writeWhole(fs: WriteFs, file: string, content: string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function syncDir(fs: WriteFs, dir: string): void {
  try {
    fs.fsyncDir?.(dir);
  } catch {
    // Durability across power loss is a bonus; some file systems refuse fsync on folders.
  }
}

/**
 * Finishes or undoes what an interrupted build of `target` left (call with the lock held). Returns what it
 * did, for the build to report.
 */
export function recoverInterrupted(fs: WriteFs, target: string): string[] {
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return [];
  const done: string[] = [];
  const journalFile = journalPath(target);
  const journal = fs.existsSync(journalFile) ? readJournal(fs, journalFile) : undefined;
  const leftovers = fs.readdirSync(parent).filter((n) => leftoverPattern(target).test(n)).map((n) => path.join(parent, n));
  if (!fs.existsSync(target)) {
    // Killed between the two renames: the journal names the complete stage and the old folder.
    if (journal && fs.existsSync(journal.stage)) {
      fs.renameSync(journal.stage, target);
      done.push(`finished the interrupted swap of ${target}`);
    } else if (journal && fs.existsSync(journal.old)) {
      fs.renameSync(journal.old, target);
      done.push(`restored ${target} from an interrupted build`);
    } else {
      const old = leftovers.find((l) => /\.memgen-old-/.test(l));
      if (old) {
        fs.renameSync(old, target);
        done.push(`restored ${target} from an interrupted build`);
      }
    }
    syncDir(fs, parent);
  }
  let removed = 0;
  for (const l of leftovers) {
    if (!fs.existsSync(l)) continue;
    fs.rmSync(l, { recursive: true, force: true });
    removed++;
  }
  for (const n of fs.readdirSync(parent)) {
    if (n.startsWith(`${path.basename(journalFile)}.`) && n.endsWith('.tmp')) fs.rmSync(path.join(parent, n), { force: true });
  }
  if (fs.existsSync(journalFile)) fs.rmSync(journalFile, { force: true });
  if (removed > 0) done.push(`removed ${removed} leftover folder${removed === 1 ? '' : 's'} of an interrupted build beside ${target}`);
  return done;
}

/**
 * Puts the complete tree `stage` in place of `target` (which may not exist). On an error before the second
 * rename the old folder is put back; afterwards the new build is in place and only cleanup remains.
 */
export function swapIn(fs: WriteFs, stage: string, target: string): void {
  const parent = path.dirname(target);
  syncDir(fs, stage);
  if (!fs.existsSync(target)) {
    fs.renameSync(stage, target);
    syncDir(fs, parent);
    return;
  }
  const old = siblingName(target, 'old');
  const journalFile = journalPath(target);
  writeWhole(fs, journalFile, `${JSON.stringify({ stage, old } satisfies Journal)}\n`);
  fs.renameSync(target, old);
  try {
    fs.renameSync(stage, target);
  } catch (err) {
    fs.renameSync(old, target);
    fs.rmSync(journalFile, { force: true });
    throw err;
  }
  syncDir(fs, parent);
  fs.rmSync(journalFile, { force: true });
  fs.rmSync(old, { recursive: true, force: true });
}
