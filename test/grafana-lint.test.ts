// Dashboard lint through the pipeline: the preset and a clean custom config lint clean; a config whose own
// panels carry dashboard-linter problems is flagged panel by panel, and `memgen build` stops on its errors.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/source/config-file.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';

const fixture = (name: string) => path.join(ROOT, 'test/fixtures/grafana', name);
const located = (problems: Array<{ rule: string; field?: string }>) => problems.map((p) => `${p.rule} @ ${p.field}`).sort();

describe('dashboard lint in the pipeline', () => {
  it('finds nothing in the fastapi preset', () => {
    expect(compile(loadPreset('fastapi')).problems).toEqual([]);
  });

  it('finds nothing in a custom config with timeseries, stat and table panels', async () => {
    expect(compile(await loadConfigFile(fixture('custom-panels.yaml'))).problems).toEqual([]);
  });

  it("flags each problem of a custom config's panels at its JSON path", async () => {
    const { problems } = compile(await loadConfigFile(fixture('panel-problems.yaml')));
    expect(located(problems)).toEqual(
      [
        'dashboard/rate-interval @ panels[0].targets[0].expr',
        'dashboard/counter-rate @ panels[1].targets[0].expr',
        'dashboard/target-job-instance @ panels[2].targets[0].expr',
        'dashboard/panel-title-description @ panels[3].description',
        'dashboard/target-promql @ panels[4].targets[0].expr',
      ].sort(),
    );
    expect(problems.find((p) => p.rule === 'dashboard/counter-rate')?.panel).toBe('Raw counter');
  });

  it("silences findings with the config's lint.disable on a panel or on the whole dashboard, and takes --rule severities", async () => {
    const loaded = await loadConfigFile(fixture('panel-silenced.yaml'));
    expect(located(compile(loaded).problems)).toEqual(['dashboard/target-job-instance @ panels[2].targets[0].expr']);
    const overridden = compile(loaded, { overrides: { 'dashboard/target-job-instance': 'error' } }).problems;
    expect(overridden.map((p) => `${p.rule}=${p.severity}`)).toEqual(['dashboard/target-job-instance=error']);
  });

  it('names a panel lint.disable id that is no check', async () => {
    const loaded = await loadConfigFile(fixture('panel-silenced.yaml'));
    (loaded.config.dashboard?.panels?.[1] as { lint?: { disable?: string[] } }).lint = { disable: ['dashboard/counter-rat'] };
    expect(() => compile(loaded)).toThrow(/dashboard\.panels\[1\]\.lint\.disable.*unknown lint check 'dashboard\/counter-rat'|unknown lint check 'dashboard\/counter-rat'/s);
  });

  it('memgen build reports them and writes nothing, since some are errors', () => {
    const out = path.join(tempDir(), 'out');
    const result = memgen(['build', '-c', fixture('panel-problems.yaml'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/panels\[4\]\.targets\[0\]\.expr.*: error: .*\[dashboard\/target-promql\]/);
    expect(result.stderr).toMatch(/: warning: .*\[dashboard\/rate-interval\]/);
    expect(existsSync(out)).toBe(false);
  });

  it('memgen lint without files checks the dashboards as build does, and --rule tunes dashboard checks too', () => {
    const result = memgen(['lint', '-c', fixture('panel-problems.yaml'), '--format', 'json']);
    expect(result.status).toBe(1);
    const records = JSON.parse(result.stdout) as Array<{ rule: string; field?: string; file?: string; panel?: string; span?: number[] }>;
    expect(located(records)).toContain('dashboard/target-promql @ panels[4].targets[0].expr');
    // Machine-readable output says where: the dashboard file, the panel, the field and the span in the query.
    expect(records.find((p) => p.rule === 'dashboard/target-promql')).toMatchObject({ file: 'grafana/dashboards/memory.json', panel: 'Broken query', span: [56, 57] });
    const tuned = memgen(['lint', '-c', fixture('panel-problems.yaml'), '--format', 'json', '--rule', 'dashboard/target-promql=off', '--rule', 'dashboard/counter-rate=info']);
    const rules = (JSON.parse(tuned.stdout) as Array<{ rule: string; severity: string }>).map((p) => `${p.rule}:${p.severity}`);
    expect(rules).not.toContain('dashboard/target-promql:error');
    expect(rules).toContain('dashboard/counter-rate:info');
    expect(memgen(['lint', '-c', fixture('panel-problems.yaml'), '--rule', 'dashboard/counter-rat=off']).stderr).toMatch(/did you mean 'dashboard\/counter-rate'/);
  });

  it('memgen build --preset fastapi reports nothing but the relative runbook links (test/build-warnings.test.ts)', () => {
    const result = memgen(['build', '--preset', 'fastapi', '--out', path.join(tempDir(), 'out')]);
    expect(result.status).toBe(0);
    expect(result.stderr.replace(/^runbooks\.baseUrl: warning: .*\[config\/runbook-url\]\n/m, '')).toBe('');
  });
});
