// The GitHub Actions recipe in templates/: valid YAML of the workflow's shape, running the commands the
// README promises, with options memgen really has.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { memgen, ROOT } from './helpers/memgen.js';

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
