// One build at a time per output folder. The lock is a file beside the folder, created with O_EXCL (atomic
// on every local file system), holding the owner's pid and host. A lock whose process is gone (killed, the
// machine rebooted) is stale and taken over; a live one is waited for, then refused with exit 2.
import { hostname } from 'node:os';
import path from 'node:path';
import { EnvironmentError, environmentError, isSystemError } from '../config/errors.js';
import type { WriteFs } from './fs.js';

export interface LockOptions {
  /** How long to wait for another build to finish, in ms (env MEMGEN_LOCK_WAIT_MS, default 30 s). */
  waitMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  since: number;
}

const DEFAULT_WAIT_MS = 30_000;
/** A lock file still empty after this long belongs to a build killed between creating and filling it. */
const EMPTY_LOCK_GRACE_MS = 5_000;

export function lockPath(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.memgen-lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(fs: WriteFs, file: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, since: Number(o.since) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner can no longer finish: its process is gone, or it never wrote its name. */
function stale(fs: WriteFs, file: string): boolean {
  const owner = readOwner(fs, file);
  if (!owner) {
    try {
      return Date.now() - fs.lstatSync(file).mtimeMs > EMPTY_LOCK_GRACE_MS;
    } catch {
      return true;
    }
  }
  // Another machine's pid says nothing here (a shared network folder): only its own build may release it.
  return owner.host === hostname() && !alive(owner.pid);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitFromEnv(): number {
  const v = Number(process.env.MEMGEN_LOCK_WAIT_MS);
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_WAIT_MS;
}

/** Takes the folder's lock, waiting for a live holder; returns the function that releases it. */
export function acquireLock(fs: WriteFs, target: string, opts: LockOptions = {}): () => void {
  const file = lockPath(target);
  const deadline = Date.now() + (opts.waitMs ?? waitFromEnv());
  const me: Owner = { pid: process.pid, host: hostname(), since: Date.now() };
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if (!isSystemError(err) || err.code !== 'EEXIST') throw isSystemError(err) ? environmentError(`cannot lock ${target}`, err) : err;
    }
    if (stale(fs, file)) {
      // Removing and retrying (rather than overwriting) keeps two takers of one stale lock from both winning.
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      const owner = readOwner(fs, file);
      const who = owner ? `memgen process ${owner.pid} on ${owner.host}` : 'another memgen build';
      throw new EnvironmentError(`${who} is writing ${target} (lock ${file}); wait for it to finish, or delete the lock file if no build is running`);
    }
    sleep(pause);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    // Only our own lock: never one that a later build took over after ours was judged stale.
    try {
      if (readOwner(fs, file)?.pid === me.pid) fs.rmSync(file, { force: true });
    } catch {
      // Left behind, it is stale once this process has ended, and the next build takes it over.
    }
  };
  process.once('exit', release);
  return () => {
    process.removeListener('exit', release);
    release();
  };
}
