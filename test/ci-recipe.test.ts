// The GitHub Actions recipe in templates/: valid YAML of the workflow's shape, running the commands the
// README promises, with options memgen really has.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git } from './helpers/git-repo.js';
import { CLI, FIXTURES, memgen, ROOT, tempDir } from './helpers/memgen.js';
import { runAsync } from './helpers/tools.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
  with?: Record<string, unknown>;
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(path.join(ROOT, 'templates/github-actions/memgen.yml'), 'utf8'), { strict: true, uniqueKeys: true }) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.map((s) => s.run ?? '').join('\n');
const runOf = (fragment: string) => steps.find((s) => s.run?.includes(fragment));

describe('templates/github-actions/memgen.yml', () => {
  it('is a workflow on pull requests, with a job of steps that each use an action or run a command', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    for (const s of steps) expect(Boolean(s.uses) !== Boolean(s.run), JSON.stringify(s)).toBe(true);
    for (const s of steps.filter((x) => x.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    expect(workflow.permissions['pull-requests']).toBe('write');
  });

  it('installs promtool from apt before running memgen', () => {
    const install = steps.findIndex((s) => /apt-get install .*prometheus/.test(s.run ?? ''));
    const first = steps.findIndex((s) => s.run?.includes('npx memgen'));
    expect(install).toBeGreaterThan(-1);
    expect(install).toBeLessThan(first);
  });

  it('runs build --check, lint --format github, test and diff --base origin/<base branch> --format markdown', () => {
    expect(runs).toMatch(/npx memgen build \$MEMGEN_ARGS --out "\$MEMGEN_OUT" --check/);
    expect(runs).toMatch(/npx memgen lint \$MEMGEN_ARGS --format github/);
    expect(runs).toMatch(/npx memgen test \$MEMGEN_ARGS/);
    const diff = runOf('memgen diff');
    expect(diff?.run).toContain('--base "origin/$BASE_REF"');
    expect(diff?.run).toContain('--format markdown > memgen-diff.md');
    expect(diff?.env?.BASE_REF).toBe('${{ github.base_ref }}');
    // git history for --base
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
  });

  it('posts the markdown diff as a pull-request comment, updating its own comment', () => {
    const post = steps.find((s) => s.uses?.startsWith('actions/github-script'));
    const script = String(post?.with?.script);
    expect(script).toContain("readFileSync('memgen-diff.md'");
    expect(script).toContain('createComment');
    expect(script).toContain('updateComment');
    expect(post?.if).toContain('steps.diff.outcome');
  });

  it('uses only options memgen build and diff accept', () => {
    const build = memgen(['build', '--help']).stdout;
    const diff = memgen(['diff', '--help']).stdout;
    for (const option of ['--out', '--check', '--config', '--preset']) expect(build).toContain(option);
    for (const option of ['--base', '--format', '--config', '--preset']) expect(diff).toContain(option);
    expect(workflow.env.MEMGEN_ARGS).toMatch(/^(-c|--config|--preset|-p) \S+$/);
  });

  it('replays old and new alerts on history only when the MEMGEN_PROMETHEUS_URL secret is set, keeping the plain diff if that fails', () => {
    const job = Object.values(workflow.jobs)[0];
    expect(job?.env?.MEMGEN_PROMETHEUS_URL).toBe('${{ secrets.MEMGEN_PROMETHEUS_URL }}');
    const history = runOf('--prometheus');
    expect(history?.if).toContain("env.MEMGEN_PROMETHEUS_URL != ''");
    expect(history?.if).toContain("steps.diff.outcome == 'success'");
    expect(history?.['continue-on-error']).toBe(true);
    expect(history?.run).toContain('npx memgen diff --base "origin/$BASE_REF" $MEMGEN_ARGS --prometheus "$MEMGEN_PROMETHEUS_URL"');
    // Written aside and moved over the diff only on success.
    expect(history?.run).toMatch(/--format markdown > memgen-history\.md\n\s*mv memgen-history\.md memgen-diff\.md/);
    // The token reaches memgen through a private file, never as an argument.
    expect(history?.env?.MEMGEN_PROMETHEUS_TOKEN).toBe('${{ secrets.MEMGEN_PROMETHEUS_TOKEN }}');
    expect(history?.run).toContain('umask 077');
    expect(history?.run).toContain('--bearer-token-file "$RUNNER_TEMP/prometheus-token"');
    expect(history?.run).not.toMatch(/--\S+ "?\$MEMGEN_PROMETHEUS_TOKEN/);
    const post = steps.findIndex((s) => s.uses?.startsWith('actions/github-script'));
    expect(steps.indexOf(history as Step)).toBeGreaterThan(steps.indexOf(runOf('memgen diff') as Step));
    expect(steps.indexOf(history as Step)).toBeLessThan(post);
    const diff = memgen(['diff', '--help']).stdout;
    for (const option of ['--prometheus', '--bearer-token-file', '--range']) expect(diff).toContain(option);
  });
});

// The recipe's own diff step and comment script, run on a temporary repository: a clone whose origin has a
// main branch without any memgen config, and a pull-request branch that adds one (the adoption PR).
describe('the diff step on the pull request that adopts memgen', () => {
  /** `npx memgen ...` of the recipe, answered by the memgen under test (no registry, no node_modules). */
  function npxShim(): string {
    const bin = tempDir('memgen-npx-');
    const npx = path.join(bin, 'npx');
    writeFileSync(npx, `#!/bin/sh\n[ "$1" = memgen ] || exit 127\nshift\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
    chmodSync(npx, 0o755);
    return bin;
  }

  function adoptionClone(): string {
    const origin = tempDir('memgen-origin-');
    git(origin, 'init', '-q', '--bare');
    const seed = tempDir('memgen-seed-');
    git(seed, 'init', '-q');
    writeFileSync(path.join(seed, 'README.md'), 'infra\n');
    git(seed, 'add', '-A');
    git(seed, 'commit', '-qm', 'before memgen');
    git(seed, 'push', '-q', origin, 'HEAD:main');
    const clone = path.join(tempDir('memgen-clone-'), 'repo');
    git(path.dirname(clone), 'clone', '-q', origin, clone);
    git(clone, 'checkout', '-qb', 'adopt-memgen');
    const config = workflow.env.MEMGEN_ARGS.split(' ')[1] as string;
    mkdirSync(path.dirname(path.join(clone, config)), { recursive: true });
    writeFileSync(path.join(clone, config), readFileSync(path.join(FIXTURES, 'fleet/memgen.config.ts'), 'utf8'));
    git(clone, 'add', '-A');
    git(clone, 'commit', '-qm', 'adopt memgen');
    return clone;
  }

  it('passes, lists everything as added, and the comment script creates one comment, then updates it', async () => {
    const clone = adoptionClone();
    const step = runOf('memgen diff') as Step;
    const env = { ...process.env, ...workflow.env, BASE_REF: 'main', PATH: `${npxShim()}:${process.env.PATH}` };
    const r = await runAsync('bash', ['-e', '-c', step.run as string], { cwd: clone, env });
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(path.join(clone, 'memgen-diff.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('<!-- memgen-diff -->');
    expect(md).toMatch(/\*\*new config \(nothing at the base\): 0 alerts changed, \d+ added, 0 removed; 2 services affected \(api, worker\)/);

    // The comment script, with a fake GitHub API: one comment on the first push, the same one updated next.
    const script = String(steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script);
    const comments: Array<{ id: number; body: string }> = [{ id: 1, body: 'LGTM' }];
    const github = {
      paginate: async (fn: () => unknown) => fn(),
      rest: {
        issues: {
          listComments: () => comments,
          createComment: async ({ body }: { body: string }) => void comments.push({ id: comments.length + 1, body }),
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void Object.assign(comments.find((c) => c.id === comment_id) as object, { body }),
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'infra' }, issue: { number: 7 } };
    const requireInClone = (name: string) => (name === 'fs' ? { readFileSync: (file: string, enc: string) => readFileSync(path.join(clone, file), enc as 'utf8') } : undefined);
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    const post = new AsyncFunction('require', 'github', 'context', script);
    await post(requireInClone, github, context);
    await post(requireInClone, github, context);
    expect(comments.map((c) => c.body)).toEqual(['LGTM', md]);
  });
});
