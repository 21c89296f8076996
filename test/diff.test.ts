// `memgen diff`: a config at a git ref against the working tree, and two output folders. The repositories are
// throwaway git repositories holding a config, as a user's infra repository would.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoWith } from './helpers/git-repo.js';
import { memgenAsync as memgen, ROOT, tempDir } from './helpers/memgen.js';

const MINIMAL = readFileSync(path.join(ROOT, 'test/fixtures/configs/minimal.yaml'), 'utf8');
const FASTAPI_TS = (alerts: string) => `import { fastapi } from 'memgen';\nexport default fastapi({ memoryLimit: '1000MiB', alerts: { ${alerts} } });\n`;

interface Report {
  changes: boolean;
  settings: unknown[];
  alerts: { added: Array<{ name: string }>; removed: Array<{ name: string }>; changed: Array<{ name: string; renamedFrom?: string; changes: Array<{ field: string; before?: string; after?: string }>; impact: Array<{ profile: string; before: unknown; after: unknown }> }> };
  jobs: { added: string[]; removed: string[]; changed: unknown[] };
  panels: { added: string[]; removed: string[]; changed: unknown[] };
}

const diffJson = async (dir: string, ...args: string[]) => {
  const r = await memgen(['diff', '--base', 'HEAD', ...args, '--format', 'json'], dir);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
};

describe('memgen diff --base', () => {
  let repo: string;
  beforeEach(() => {
    repo = repoWith('memgen.config.ts', FASTAPI_TS(''));
  });

  it('prints "no changes" for an unchanged config, in every format', async () => {
    expect(await memgen(['diff', '--base', 'HEAD'], repo)).toMatchObject({ status: 0, stdout: 'no changes\n' });
    expect((await memgen(['diff', '--base', 'HEAD', '--format', 'markdown'], repo)).stdout).toContain('no changes');
    expect((await diffJson(repo)).changes).toBe(false);
  });

  it('one changed threshold: names the alert, old and new value in its unit, time to fire, and nothing else', async () => {
    writeFileSync(path.join(repo, 'memgen.config.ts'), FASTAPI_TS("RapidMemoryGrowth: { above: '8MiB/min' }"));
    const r = await memgen(['diff', '--base', 'HEAD'], repo);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('1 alert changed, 0 added, 0 removed; 1 service affected (fastapi-app); 0 receivers changed; 1 warning');
    expect(lines[1]).toBe('~ RapidMemoryGrowth: 5 MiB/min -> 8 MiB/min');
    expect(lines[2]).toBe('    time to fire:');
    // The standard leaks, then one between the old and the new threshold, where the verdict changes.
    expect(lines.slice(3, 7).map((l) => l.replace(/:.*/, ''))).toEqual(['      at 1 MiB/min', '      at 5 MiB/min', '      a 7 MiB/min leak', '      at 20 MiB/min']);
    // A higher threshold can only fire later at the fast leak.
    expect(lines[6]).toMatch(/^ {6}at 20 MiB\/min: fired after \w+, now after \w+; limit reached after \w+$/);
    // 600 MiB from the 400 MiB baseline to the 1000 MiB limit at 7 MiB/min: 85.7 minutes, the next 30 s scrape.
    expect(lines[5]).toMatch(/^ {6}a 7 MiB\/min leak: paged after \w+ -> never paged; limit reached after 1h26m$/);
    expect(lines[7]).toMatch(/^ {4}warning: a 7 MiB\/min leak: no longer fires before the memory limit is reached/);
    // On the shape catalog: an 8 MiB/min leak is no longer above the threshold.
    expect(lines.slice(8)).toEqual(['    no longer catches leaks before the limit: leak/8mib']);

    const report = await diffJson(repo);
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

  it('markdown: a summary table, then details with the time to fire', async () => {
    writeFileSync(path.join(repo, 'memgen.config.ts'), FASTAPI_TS("CriticalMemoryUsage: { above: '80%', for: '5m' }"));
    const md = (await memgen(['diff', '--base', 'HEAD', '--format', 'markdown'], repo)).stdout;
    // The CI recipe finds its one comment by the marker on the first line.
    expect(md.split('\n')[0]).toBe('<!-- memgen-diff -->');
    expect(md).toContain('**1 alert changed, 0 added, 0 removed; 1 service affected (fastapi-app); 0 receivers changed**');
    const table = md.indexOf('| | What | Change |');
    const details = md.indexOf('<details><summary>CriticalMemoryUsage: ');
    expect(table).toBeGreaterThan(-1);
    expect(md.indexOf('</details>')).toBeGreaterThan(details);
    expect(details).toBeGreaterThan(table);
    expect(md).toContain('| changed | CriticalMemoryUsage | 900 MiB (90% of the 1000 MiB memory limit) → 800 MiB (80% of the 1000 MiB memory limit) |');
    expect(md).toContain('- for: `2m` → `5m`');
    // 40% of the 1000 MiB limit to start from, 600 MiB to go at 20 MiB/min: the limit after 30 minutes.
    expect(md).toMatch(/\| at 20 MiB\/min \| after \w+ \| after \w+ \| 30m \|/);
  });

  it('reordering alerts in a YAML config produces no diff', async () => {
    const yamlRepo = repoWith('memgen.config.yaml', MINIMAL);
    const [head, alerts] = MINIMAL.split('alerts:\n') as [string, string];
    const items = alerts.split(/\n(?=  - )/).map((s) => s.replace(/\n*$/, '\n'));
    expect(items).toHaveLength(2);
    writeFileSync(path.join(yamlRepo, 'memgen.config.yaml'), `${head}alerts:\n${[...items].reverse().join('')}`);
    expect(readFileSync(path.join(yamlRepo, 'memgen.config.yaml'), 'utf8')).not.toBe(MINIMAL);
    expect(await memgen(['diff', '--base', 'HEAD'], yamlRepo)).toMatchObject({ status: 0, stdout: 'no changes\n' });
  });

  it('reports a rename as one entry, and added and removed alerts, scrape and panel changes', async () => {
    const yamlRepo = repoWith('memgen.config.yaml', MINIMAL);
    const renamed = MINIMAL.replace('name: BillingMemoryHigh', 'name: BillingMemoryCritical').replace('port: 9100', 'port: 9100\n    scrapeInterval: 15s');
    writeFileSync(path.join(yamlRepo, 'memgen.config.yaml'), renamed);
    const report = await diffJson(yamlRepo);
    expect(report.alerts.added).toEqual([]);
    expect(report.alerts.removed).toEqual([]);
    expect(report.alerts.changed.map((c) => [c.renamedFrom, c.name])).toEqual([['BillingMemoryHigh', 'BillingMemoryCritical']]);
    expect(report.jobs.changed).toEqual([{ job: 'billing-api', changes: [{ field: 'scrape interval', before: '30s', after: '15s' }] }]);
    const text = (await memgen(['diff', '--base', 'HEAD'], yamlRepo)).stdout;
    expect(text).toContain('~ BillingMemoryHigh -> BillingMemoryCritical (renamed)');
    expect(text).toContain('~ scrape job billing-api: scrape interval: 30s -> 15s');

    writeFileSync(path.join(repo, 'memgen.config.ts'), `import { fastapi } from 'memgen';\nconst c = fastapi({ memoryLimit: '1000MiB' });\nc.alerts = c.alerts.filter((a) => a.name !== 'GCSlowdown');\nc.dashboard = { ...c.dashboard, panels: (c.dashboard?.panels ?? []).filter((p) => p.alert !== 'GCSlowdown') };\nexport default c;\n`);
    const removed = await diffJson(repo);
    expect(removed.alerts.removed.map((a) => a.name)).toEqual(['GCSlowdown']);
    expect(removed.panels.removed).toHaveLength(1);
    expect(removed.alerts.changed).toEqual([]);
  });

  it('exits 2 with one line for usage errors', async () => {
    for (const args of [['diff'], ['diff', '--base', 'no-such-ref'], ['diff', '--base', 'HEAD', '--format', 'xml'], ['diff', 'only-one-dir'], ['diff', '--base', 'HEAD', '-c', 'other.yaml']]) {
      const r = await memgen(args, repo);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('a config that does not exist at the base ref (adopting memgen) is all added, exit 0', async () => {
    writeFileSync(path.join(repo, 'new.config.yaml'), MINIMAL);
    const r = await memgen(['diff', '--base', 'HEAD', '-c', 'new.config.yaml'], repo);
    expect(r.status, r.stderr).toBe(0);
    // Every receiver of the routing the build writes is new.
    const built = tempDir();
    expect((await memgen(['build', '-c', 'new.config.yaml', '-o', built], repo)).status).toBe(0);
    const receivers = (parse(readFileSync(path.join(built, 'alertmanager/alertmanager.yml'), 'utf8')) as { receivers: unknown[] }).receivers.length;
    expect(receivers).toBeGreaterThan(0);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^new config \\(nothing at the base\\): 0 alerts changed, 2 added, 0 removed; 1 service affected \\(billing-api\\); ${receivers} receivers changed, \\d+ other routing changes$`));
    expect(r.stdout).toContain('+ BillingMemoryHigh (1.7 GiB (85% of the 2 GiB memory limit), critical) (new alert)');
    expect(r.stdout).toContain('+ scrape job billing-api');
    // Nothing to compare the settings with: no "0s -> 30s" lines.
    expect(r.stdout).not.toContain('prometheus:');
  });
});

describe('memgen diff OLD_DIR NEW_DIR', () => {
  it('reconstructs thresholds in their units and time to fire from the files alone', async () => {
    const dir = tempDir();
    const config = (above: string) => {
      const file = path.join(dir, `config-${above.replace('/', '-')}.yaml`);
      writeFileSync(file, MINIMAL.replace('above: 100MB/h', `above: ${above}`));
      return file;
    };
    expect((await memgen(['build', '-c', config('100MB/h'), '--out', path.join(dir, 'old')])).status).toBe(0);
    expect((await memgen(['build', '-c', config('200MB/h'), '--out', path.join(dir, 'new')])).status).toBe(0);
    expect((await memgen(['diff', path.join(dir, 'old'), path.join(dir, 'old')])).stdout).toBe('no changes\n');
    const r = await memgen(['diff', path.join(dir, 'old'), path.join(dir, 'new')]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // The file holds `deriv(...) * 3600 > 100000000`: the per-hour scale and the roundest byte unit give the unit back.
    expect(lines[1]).toBe('~ BillingMemoryGrowth: 100 MB/h -> 200 MB/h');
    expect(lines.slice(2)).toContain('    time to fire:');
    expect(lines.filter((l) => !l.startsWith('    '))).toHaveLength(2);
  });

  it('exits 2 for a folder without memgen output', async () => {
    const r = await memgen(['diff', tempDir(), tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds no prometheus\/alerts\.yaml generated by memgen/);
  });
});
