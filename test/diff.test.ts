// `memgen diff`: a config at a git ref against the working tree, and two output folders. The repositories are
// throwaway git repositories holding a config, as a user's infra repository would.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { run } from './helpers/tools.js';

const MINIMAL = readFileSync(path.join(ROOT, 'test/fixtures/configs/minimal.yaml'), 'utf8');
const FASTAPI_TS = (alerts: string) => `import { fastapi } from 'memgen';\nexport default fastapi({ memoryLimit: '1000MiB', alerts: { ${alerts} } });\n`;

function git(dir: string, ...args: string[]): void {
  const r = run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: dir });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A repository whose HEAD holds `file` with `content`. */
function repoWith(file: string, content: string): string {
  const dir = tempDir('memgen-diff-repo-');
  git(dir, 'init', '-q');
  writeFileSync(path.join(dir, file), content);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}

interface Report {
  changes: boolean;
  settings: unknown[];
  alerts: { added: Array<{ name: string }>; removed: Array<{ name: string }>; changed: Array<{ name: string; renamedFrom?: string; changes: Array<{ field: string; before?: string; after?: string }>; impact: Array<{ profile: string; before: unknown; after: unknown }> }> };
  jobs: { added: string[]; removed: string[]; changed: unknown[] };
  panels: { added: string[]; removed: string[]; changed: unknown[] };
}

const diffJson = (dir: string, ...args: string[]) => {
  const r = memgen(['diff', '--base', 'HEAD', ...args, '--format', 'json'], dir);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

describe('memgen diff --base', () => {
  let repo: string;
  beforeEach(() => {
    repo = repoWith('memgen.config.ts', FASTAPI_TS(''));
  });

  it('prints "no changes" for an unchanged config, in every format', () => {
    expect(memgen(['diff', '--base', 'HEAD'], repo)).toMatchObject({ status: 0, stdout: 'no changes\n' });
    expect(memgen(['diff', '--base', 'HEAD', '--format', 'markdown'], repo).stdout).toContain('no changes');
    expect(diffJson(repo).changes).toBe(false);
  });

  it('one changed threshold: names the alert, old and new value in its unit, time to fire, and nothing else', () => {
    writeFileSync(path.join(repo, 'memgen.config.ts'), FASTAPI_TS("RapidMemoryGrowth: { above: '8MiB/min' }"));
    const r = memgen(['diff', '--base', 'HEAD'], repo);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('~ RapidMemoryGrowth: 5 MiB/min -> 8 MiB/min');
    expect(lines[1]).toBe('    time to fire:');
    expect(lines.slice(2, 5).map((l) => l.replace(/:.*/, ''))).toEqual(['      at 1 MiB/min', '      at 5 MiB/min', '      at 20 MiB/min']);
    // A higher threshold can only fire later at the fast leak.
    expect(lines[4]).toMatch(/^ {6}at 20 MiB\/min: fired after \w+, now after \w+$/);
    // On the shape catalog: an 8 MiB/min leak is no longer above the threshold.
    expect(lines.slice(5)).toEqual(['    no longer catches leaks before the limit: leak/8mib']);

    const report = diffJson(repo);
    expect(report.alerts.changed).toHaveLength(1);
    expect(report.alerts.changed[0]?.changes).toEqual([{ field: 'threshold', before: '5 MiB/min', after: '8 MiB/min' }]);
    expect((report.alerts.changed[0] as { shapes?: unknown }).shapes).toEqual({ nowFiresOn: [], noLongerFiresOn: [], nowCatches: [], noLongerCatches: ['leak/8mib'] });
    const fast = report.alerts.changed[0]?.impact.find((i) => i.profile === 'at 20 MiB/min');
    expect(fast?.after as number).toBeGreaterThan(fast?.before as number);
    // The expression, annotations and the dashboard's threshold line moved with the threshold: not reported again.
    expect({ ...report.alerts, changed: [] }).toEqual({ added: [], removed: [], changed: [] });
    expect(report.panels).toEqual({ added: [], removed: [], changed: [] });
    expect(report.jobs).toEqual({ added: [], removed: [], changed: [] });
    expect(report.settings).toEqual([]);
  });

  it('markdown: a summary table, then details with the time to fire', () => {
    writeFileSync(path.join(repo, 'memgen.config.ts'), FASTAPI_TS("CriticalMemoryUsage: { above: '80%', for: '5m' }"));
    const md = memgen(['diff', '--base', 'HEAD', '--format', 'markdown'], repo).stdout;
    const table = md.indexOf('| | Alert | Change |');
    const details = md.indexOf('#### CriticalMemoryUsage');
    expect(table).toBeGreaterThan(-1);
    expect(details).toBeGreaterThan(table);
    expect(md).toContain('| changed | CriticalMemoryUsage | 900 MiB (90% of the 1000 MiB memory limit) → 800 MiB (80% of the 1000 MiB memory limit) |');
    expect(md).toContain('- for: `2m` → `5m`');
    expect(md).toMatch(/\| at 20 MiB\/min \| after \w+ \| after \w+ \|/);
  });

  it('reordering alerts in a YAML config produces no diff', () => {
    const yamlRepo = repoWith('memgen.config.yaml', MINIMAL);
    const [head, alerts] = MINIMAL.split('alerts:\n') as [string, string];
    const items = alerts.split(/\n(?=  - )/).map((s) => s.replace(/\n*$/, '\n'));
    expect(items).toHaveLength(2);
    writeFileSync(path.join(yamlRepo, 'memgen.config.yaml'), `${head}alerts:\n${[...items].reverse().join('')}`);
    expect(readFileSync(path.join(yamlRepo, 'memgen.config.yaml'), 'utf8')).not.toBe(MINIMAL);
    expect(memgen(['diff', '--base', 'HEAD'], yamlRepo)).toMatchObject({ status: 0, stdout: 'no changes\n' });
  });

  it('reports a rename as one entry, and added and removed alerts, scrape and panel changes', () => {
    const yamlRepo = repoWith('memgen.config.yaml', MINIMAL);
    const renamed = MINIMAL.replace('name: BillingMemoryHigh', 'name: BillingMemoryCritical').replace('port: 9100', 'port: 9100\n    scrapeInterval: 15s');
    writeFileSync(path.join(yamlRepo, 'memgen.config.yaml'), renamed);
    const report = diffJson(yamlRepo);
    expect(report.alerts.added).toEqual([]);
    expect(report.alerts.removed).toEqual([]);
    expect(report.alerts.changed.map((c) => [c.renamedFrom, c.name])).toEqual([['BillingMemoryHigh', 'BillingMemoryCritical']]);
    expect(report.jobs.changed).toEqual([{ job: 'billing-api', changes: [{ field: 'scrape interval', before: '30s', after: '15s' }] }]);
    const text = memgen(['diff', '--base', 'HEAD'], yamlRepo).stdout;
    expect(text).toContain('~ BillingMemoryHigh -> BillingMemoryCritical (renamed)');
    expect(text).toContain('~ scrape job billing-api: scrape interval: 30s -> 15s');

    writeFileSync(path.join(repo, 'memgen.config.ts'), `import { fastapi } from 'memgen';\nconst c = fastapi({ memoryLimit: '1000MiB' });\nc.alerts = c.alerts.filter((a) => a.name !== 'GCSlowdown');\nc.dashboard = { ...c.dashboard, panels: (c.dashboard?.panels ?? []).filter((p) => p.alert !== 'GCSlowdown') };\nexport default c;\n`);
    const removed = diffJson(repo);
    expect(removed.alerts.removed.map((a) => a.name)).toEqual(['GCSlowdown']);
    expect(removed.panels.removed).toHaveLength(1);
    expect(removed.alerts.changed).toEqual([]);
  });

  it('exits 2 with one line for usage errors', () => {
    for (const args of [['diff'], ['diff', '--base', 'no-such-ref'], ['diff', '--base', 'HEAD', '--format', 'xml'], ['diff', 'only-one-dir'], ['diff', '--base', 'HEAD', '-c', 'other.yaml']]) {
      const r = memgen(args, repo);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('says so when the config does not exist at the base ref', () => {
    writeFileSync(path.join(repo, 'new.config.yaml'), MINIMAL);
    const r = memgen(['diff', '--base', 'HEAD', '-c', 'new.config.yaml'], repo);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('new.config.yaml does not exist at HEAD');
  });
});

describe('memgen diff OLD_DIR NEW_DIR', () => {
  it('reconstructs thresholds in their units and time to fire from the files alone', () => {
    const dir = tempDir();
    const config = (above: string) => {
      const file = path.join(dir, `config-${above.replace('/', '-')}.yaml`);
      writeFileSync(file, MINIMAL.replace('above: 100MB/h', `above: ${above}`));
      return file;
    };
    expect(memgen(['build', '-c', config('100MB/h'), '--out', path.join(dir, 'old')]).status).toBe(0);
    expect(memgen(['build', '-c', config('200MB/h'), '--out', path.join(dir, 'new')]).status).toBe(0);
    expect(memgen(['diff', path.join(dir, 'old'), path.join(dir, 'old')]).stdout).toBe('no changes\n');
    const r = memgen(['diff', path.join(dir, 'old'), path.join(dir, 'new')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // The file holds `deriv(...) * 3600 > 100000000`: the per-hour scale and the roundest byte unit give the unit back.
    expect(lines[0]).toBe('~ BillingMemoryGrowth: 100 MB/h -> 200 MB/h');
    expect(lines.slice(1)).toContain('    time to fire:');
    expect(lines.filter((l) => !l.startsWith('    '))).toHaveLength(1);
  });

  it('exits 2 for a folder without memgen output', () => {
    const r = memgen(['diff', tempDir(), tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds no prometheus\/alerts\.yaml generated by memgen/);
  });
});
