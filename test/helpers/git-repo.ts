// Throwaway git repositories holding a config, as a user's infra repository would, for `memgen diff --base`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './memgen.js';
import { run } from './tools.js';

export function git(dir: string, ...args: string[]): string {
  const r = run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'init.defaultBranch=main', ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A repository whose HEAD (on main) holds `file` with `content`. */
export function repoWith(file: string, content: string): string {
  const dir = tempDir('memgen-diff-repo-');
  git(dir, 'init', '-q');
  writeFileSync(path.join(dir, file), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}
