// The output folder is always the complete old or the complete new build: a failure or a kill at every single
// file-system step of the write (through the write module's file-system shim), real SIGKILLs of a building
// child process at seeded random moments, read-only folders, a lock for concurrent builds, and leftovers of
// interrupted builds cleaned up by the next one.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBuild } from '../src/cli/build.js';
import { EnvironmentError } from '../src/config/errors.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { realFs, type WriteFs } from '../src/write/fs.js';
import { acquireLock, lockPath } from '../src/write/lock.js';
import { MANIFEST, writeOutput } from '../src/write/output.js';
import type { OutputFile } from '../src/write/serialise.js';
import { journalPath, recoverInterrupted } from '../src/write/swap.js';
import { CLI, ROOT, snapshot, tempDir } from './helpers/memgen.js';

const faults = vi.hoisted(() => ({ emitter: false }));

vi.mock('../src/emit/grafana.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/emit/grafana.js')>();
  return {
    ...original,
    // The last emitter of the pipeline.
    emitGrafanaProvisioning: () => {
      if (faults.emitter) throw new Error('injected failure in the last emitter');
      return original.emitGrafanaProvisioning();
    },
  };
});

afterEach(() => {
  faults.emitter = false;
});

// Two builds that differ in content, in one file dropped and in one file added.
const OLD: OutputFile[] = compile(loadPreset('fastapi')).files;
const NEW: OutputFile[] = [
  ...OLD.filter((f) => f.path !== 'runbooks/GCSlowdown.md').map((f) => ({ path: f.path, content: `${f.content}\n` })),
  { path: 'notes/added.md', content: '# added by the new build\n' },
];
const expected = (files: OutputFile[]) => snapshotOf(files);

function snapshotOf(files: OutputFile[]): Record<string, string> {
  const s: Record<string, string> = {};
  for (const f of files) s[f.path] = f.content;
  s[MANIFEST] = `${JSON.stringify({ generator: 'memgen', files: files.map((f) => f.path).sort() }, null, 2)}\n`;
  return s;
}

function freshOld(): string {
  const out = path.join(tempDir('memgen-atomic-'), 'out');
  writeOutput(out, OLD);
  return out;
}

const sorted = (s: Record<string, string>) => JSON.stringify(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Which complete build the folder holds; fails on anything else (partial, mixed, missing). */
function whichBuild(out: string): 'old' | 'new' {
  const s = sorted(snapshot(out));
  if (s === sorted(expected(OLD))) return 'old';
  if (s === sorted(expected(NEW))) return 'new';
  throw new Error(`${out} is neither the complete old nor the complete new build (${Object.keys(s).length} files)`);
}

const MUTATING = ['mkdirSync', 'writeFileSync', 'renameSync', 'rmSync', 'unlinkSync'] as const;

class Killed extends Error {}

/** A killed build's process is gone, so its lock is stale (see the stale-lock test); here it is this process's. */
function buryKilled(out: string): void {
  rmSync(lockPath(path.resolve(out)), { force: true });
}

/**
 * realFs that stops at mutating call number `at`: `kill` throws there and on every later call (the process is
 * gone, nothing of it runs on), an errno code fails that one call the way the kernel would.
 */
function faultyFs(at: number, fault: 'kill' | 'ENOSPC' | 'EACCES', calls: string[] = []): WriteFs {
  let n = 0;
  let dead = false;
  const shim: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(realFs)) {
    shim[name] = (...args: unknown[]) => {
      if (dead) throw new Killed('already killed');
      if ((MUTATING as readonly string[]).includes(name)) {
        calls.push(`${name} ${String(args[0]).split(path.sep).slice(-2).join('/')}`);
        if (n++ === at) {
          if (fault === 'kill') {
            dead = true;
            throw new Killed(`killed at ${name}`);
          }
          throw Object.assign(new Error(`${fault}: injected, ${name} '${String(args[0])}'`), { code: fault, syscall: name.replace(/Sync$/, ''), path: String(args[0]) });
        }
      }
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return shim as unknown as WriteFs;
}

function stepsOfOneWrite(): string[] {
  const calls: string[] = [];
  writeOutput(freshOld(), NEW, { fs: faultyFs(-1, 'kill', calls) });
  return calls;
}

const STEPS = stepsOfOneWrite();

function besideOut(out: string): string[] {
  return readdirSync(path.dirname(out)).sort();
}

describe('a kill at every step of the write', () => {
  it(`leaves the complete old or new build, and the next build cleans up (${STEPS.length} steps)`, () => {
    expect(STEPS.length).toBeGreaterThan(OLD.length);
    const seen = new Set<string>();
    STEPS.forEach((step, i) => {
      const out = freshOld();
      const lastStep = i === STEPS.length - 1;
      // The last step releases the lock: the build is complete, and a kill there only leaves a stale lock.
      if (lastStep) expect(step).toMatch(/memgen-lock$/);
      else expect(() => writeOutput(out, NEW, { fs: faultyFs(i, 'kill') }), step).toThrow(Killed);
      if (lastStep) writeOutput(out, NEW, { fs: faultyFs(i, 'kill') });
      buryKilled(out);
      if (existsSync(out)) seen.add(whichBuild(out));
      else {
        // Only between the two renames of the swap, and then the journal says how to finish.
        expect(step, `${out} missing after a kill at ${step}`).toMatch(/^renameSync /);
        expect(existsSync(journalPath(out)), step).toBe(true);
        seen.add('gap');
      }
      // What the next build does first, under the lock:
      const release = acquireLock(realFs, path.resolve(out));
      recoverInterrupted(realFs, path.resolve(out));
      release();
      seen.add(`after:${whichBuild(out)}`);
      expect(besideOut(out), step).toEqual(['out']);
      // And the next build itself.
      writeOutput(out, NEW);
      expect(whichBuild(out)).toBe('new');
      expect(besideOut(out)).toEqual(['out']);
    });
    // Early kills keep the old build, late ones the new, and the swap's gap was hit and finished.
    expect([...seen].sort()).toEqual(['after:new', 'after:old', 'gap', 'new', 'old']);
  });
});

describe('a failing system call at every step of the write', () => {
  for (const code of ['ENOSPC', 'EACCES'] as const) {
    it(`${code}: a one-line environment error, the complete old or new build, no leftovers after the next build`, () => {
      STEPS.forEach((step, i) => {
        const out = freshOld();
        let error: unknown;
        try {
          writeOutput(out, NEW, { fs: faultyFs(i, code) });
        } catch (err) {
          error = err;
        }
        // A failure after the swap (removing the old copy) leaves the new build in place: no error is hidden.
        if (error !== undefined) {
          expect(error, step).toBeInstanceOf(EnvironmentError);
          expect((error as Error).message, step).toMatch(new RegExp(`^cannot .*\\(${code}\\)$`));
          expect((error as Error).message).not.toContain('\n');
        }
        expect(['old', 'new'], step).toContain(whichBuild(out));
        // Only a failed release leaves the lock, held by a pid that is stale once the process ends.
        expect(existsSync(lockPath(path.resolve(out))), `lock left after ${step}`).toBe(/memgen-lock$/.test(step) && i === STEPS.length - 1);
        buryKilled(out);
        writeOutput(out, NEW);
        expect(besideOut(out), step).toEqual(['out']);
      });
    });
  }
});

describe('permissions', () => {
  it('a folder of the old output that cannot be emptied: refused before anything is written (shim)', () => {
    const out = freshOld();
    const fs: WriteFs = {
      ...realFs,
      accessSync: (p, m) => {
        if (p.endsWith(`${path.sep}prometheus`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'access', path: p });
        realFs.accessSync(p, m);
      },
    };
    expect(() => writeOutput(out, NEW, { fs })).toThrow(/^cannot write .*out: a folder of the previous output cannot be emptied: access .*prometheus: permission denied \(EACCES\)$/);
    expect(whichBuild(out)).toBe('old');
    expect(besideOut(out)).toEqual(['out']);
  });

  // As root, the kernel ignores modes: run the build as root without the two capabilities that let it
  // (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Switching to nobody instead fails wherever the clone sits in a
  // folder only root may enter (mktemp -d makes one), since nobody then cannot read the CLI.
  const DAC = '-dac_override,-dac_read_search';
  const asUser = process.getuid?.() === 0 ? ['setpriv', `--inh-caps=${DAC}`, `--bounding-set=${DAC}`] : [];
  const modesApply = asUser.length === 0 || spawnSync(asUser[0]!, [...asUser.slice(1), process.execPath, '-e', '0']).status === 0;

  it.skipIf(!modesApply)('a read-only subfolder (real file system): exit 2, one line, old output untouched', () => {
    const dir = tempDir('memgen-ro-');
    chmodSync(dir, 0o777);
    const out = path.join(dir, 'out');
    const first = spawnSync(asUser[0] ?? process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), CLI, 'build', '--preset', 'fastapi', '--out', out], { encoding: 'utf8', cwd: dir });
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(out);
    chmodSync(path.join(out, 'prometheus'), 0o555);
    const r = spawnSync(asUser[0] ?? process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), CLI, 'build', '--preset', 'fastapi', '--out', out], { encoding: 'utf8', cwd: dir });
    chmodSync(path.join(out, 'prometheus'), 0o755);
    expect(r.status, r.stderr).toBe(2);
    // The error is one line; the preset's build warnings (a relative runbook_url) may come before it.
    const lines = r.stderr.trim().split('\n').filter((l) => !l.endsWith('[config/runbook-url]'));
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^memgen: cannot write .*prometheus: permission denied \(EACCES\)/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('leftovers of interrupted builds', () => {
  it('stage and old folders and a stale lock are recognised and removed by the next build', async () => {
    const out = freshOld();
    const parent = path.dirname(out);
    mkdirSync(path.join(parent, '.out.memgen-stage-0a1b2c3d/prometheus'), { recursive: true });
    mkdirSync(path.join(parent, '.out.memgen-old-deadbeef/grafana'), { recursive: true });
    // A lock of a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    writeFileSync(lockPath(path.resolve(out)), JSON.stringify({ pid: Number(gone.stdout), host: (await import('node:os')).hostname(), since: 0 }));
    // Someone else's dot-folder is no leftover of ours.
    mkdirSync(path.join(parent, '.out.keep'));
    expect(await runBuild({ preset: 'fastapi', out })).toBe(0);
    expect(besideOut(out)).toEqual(['.out.keep', 'out']);
  });

  it('with the output folder gone, the next build restores or finishes it from the journal', () => {
    const out = freshOld();
    const killedAt = STEPS.findIndex((s, i) => i > 0 && /^renameSync /.test(s) && /^renameSync /.test(STEPS[i - 1]!) && !/tmp$/.test(STEPS[i - 1]!));
    expect(() => writeOutput(out, NEW, { fs: faultyFs(killedAt, 'kill') })).toThrow(Killed);
    buryKilled(out);
    expect(existsSync(out)).toBe(false);
    const messages: string[] = [];
    writeOutput(out, OLD, { onRecovery: (m) => messages.push(m) });
    expect(messages.join('\n')).toMatch(/finished the interrupted swap/);
    expect(whichBuild(out)).toBe('old');
  });
});

describe('two builds into one folder', () => {
  it('a live holder of the lock is waited for, then refused with its pid', () => {
    const out = freshOld();
    const release = acquireLock(realFs, path.resolve(out));
    try {
      expect(() => writeOutput(out, NEW, { lockWaitMs: 300 })).toThrow(new RegExp(`memgen process ${process.pid} on .* is writing .*out \\(lock .*\\.out\\.memgen-lock\\)`));
    } finally {
      release();
    }
    expect(whichBuild(out)).toBe('old');
    writeOutput(out, NEW);
    expect(whichBuild(out)).toBe('new');
  });

  it('started together, both succeed one after the other (real processes)', async () => {
    const out = path.join(tempDir('memgen-concurrent-'), 'out');
    const runs = await Promise.all([0, 1, 2].map(() => runChild(['build', '--preset', 'fastapi', '--out', out])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(whichBuild(out)).toBe('old');
    expect(besideOut(out)).toEqual(['out']);
  });
});

// Seeded so a failure can be replayed: delays spread over a whole build of the CLI.
function* delays(seed: number, count: number, maxMs: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield Math.floor((x / 2 ** 31) * maxMs);
  }
}

function runChild(args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const KILLS = Number(process.env.MEMGEN_KILLS ?? 8);
const KILL_SEED = 20261204;

describe('real kills of a building process', () => {
  it(`SIGKILL at ${KILLS} random moments (seed ${KILL_SEED}): the folder is the complete old or new build`, async () => {
    const dir = tempDir('memgen-kill-');
    const out = path.join(dir, 'out');
    // The old build is another config than the one the killed process builds.
    const config = path.join(dir, 'memgen.config.yaml');
    writeFileSync(config, readFileSync(path.join(ROOT, 'test/fixtures/fleet/memgen.config.yaml'), 'utf8'));
    const build = (c: string[]) => runChild(['build', ...c, '--out', out]);
    expect((await build(['--preset', 'fastapi'])).code).toBe(0);
    const oldSnap = snapshot(out);
    expect((await build(['-c', config])).code).toBe(0);
    const newSnap = snapshot(out);
    // How long one build takes here, so the kills land all over it.
    const t0 = Date.now();
    await build(['--preset', 'fastapi']);
    const span = Date.now() - t0;
    const outcomes = new Set<string>();
    for (const ms of delays(KILL_SEED, KILLS, span * 1.2)) {
      const r = await runChild(['build', '-c', config, '--out', out], ms);
      const s = existsSync(out) ? snapshot(out) : undefined;
      const state = s === undefined ? 'gap' : JSON.stringify(s) === JSON.stringify(oldSnap) ? 'old' : JSON.stringify(s) === JSON.stringify(newSnap) ? 'new' : 'broken';
      outcomes.add(`${r.signal ?? 'exit'}:${state}`);
      expect(state, `killed after ${ms} ms (${r.signal ?? r.code}): ${r.stderr}`).not.toBe('broken');
      // The next build recovers whatever the kill left, and leaves nothing beside the folder.
      expect((await build(['--preset', 'fastapi'])).code).toBe(0);
      expect(snapshot(out)).toEqual(oldSnap);
      expect(readdirSync(dir).sort()).toEqual(['memgen.config.yaml', 'out']);
    }
    expect([...outcomes].some((o) => o.startsWith('SIGKILL'))).toBe(true);
  });
});

describe('builds through runBuild', () => {
  it('an emitter failing midway leaves the old output intact', async () => {
    const out = freshOld();
    faults.emitter = true;
    await expect(runBuild({ preset: 'fastapi', out })).rejects.toThrow(/injected failure/);
    expect(whichBuild(out)).toBe('old');
  });

  it('removes files it generated earlier and no longer does, and keeps foreign files when forced', async () => {
    const out = path.join(tempDir(), 'out');
    writeOutput(out, NEW);
    expect(await runBuild({ preset: 'fastapi', out })).toBe(0);
    expect(existsSync(path.join(out, 'notes/added.md'))).toBe(false);
    expect(whichBuild(out)).toBe('old');

    writeFileSync(path.join(out, 'NOTES.md'), 'ours, not memgen’s\n');
    await expect(runBuild({ preset: 'fastapi', out })).rejects.toThrow(/holds files memgen did not write \(NOTES\.md\).*--force/);
    expect(await runBuild({ preset: 'fastapi', out, force: true })).toBe(0);
    expect(readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('ours, not memgen’s\n');
  });
});
