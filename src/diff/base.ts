// `memgen diff --base REF`: the repository as it was at REF, extracted into a temporary folder with
// `git archive` (the user's worktree and the repository's worktree list are never touched), and removed
// again whatever happens.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../config/errors.js';

function git(args: string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new UsageError(`--base needs git: ${r.error.message}`);
  if (r.status !== 0) throw new UsageError(`git ${args.join(' ')}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  return r.stdout;
}

export function repositoryRoot(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/** Runs `fn` with the repository at `ref` extracted into a temporary folder, then removes the folder. */
export async function withRepositoryAt<T>(ref: string, cwd: string, fn: (root: string) => Promise<T>): Promise<T> {
  const root = repositoryRoot(cwd);
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root).trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'memgen-base-'));
  try {
    const archive = path.join(dir, 'base.tar');
    git(['archive', '--format=tar', `--output=${archive}`, commit], root);
    const tree = path.join(dir, 'tree');
    const untar = spawnSync('sh', ['-c', 'mkdir "$1" && tar -xf "$2" -C "$1"', 'sh', tree, archive], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`could not extract ${ref}: ${untar.stderr.trim()}`);
    return await fn(tree);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
