// The generated promtool unit tests (out/tests/alerts.test.yaml) and `memgen test`: the suite passes under the
// real promtool for the preset, for changed thresholds and for other alert shapes; the Go template expansion
// matches what Prometheus renders; coverage names what is missing; exit codes follow the design.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { fastapi } from '../presets/fastapi.js';
import { loadConfigFile } from '../src/source/config-file.js';
import { TESTS_FILE } from '../src/emit/tests.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { coverageOf, formatCoverage } from '../src/alert-tests/coverage.js';
import { expandTemplate } from '../src/alert-tests/expand.js';
import { goFixed, goG, goValue, humanize, humanize1024, humanizeDuration } from '../src/alert-tests/goformat.js';
import { writeOutput } from '../src/write/output.js';
import { CLI, memgen, memgenAsync, ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const FIXTURES = path.join(ROOT, 'test/fixtures');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = tempDir('memgen-alert-tests-');
  temps.push(d);
  return d;
}

describe("Go's float formatting, as Go documents it", () => {
  it.each([
    [1234.5, '1234'], // ties go to even
    [1235.5, '1236'],
    [100000, '1e+05'],
    [123456, '1.235e+05'],
    [0.0001234, '0.0001234'],
    [0.00001234, '1.234e-05'],
    [12.5, '12.5'],
    [1000, '1000'],
    [0, '0'],
  ])('%%.4g of %s is %s', (v, out) => expect(goG(v, 4)).toBe(out));

  it.each([
    [2.5, '2'],
    [3.5, '4'],
    [0.5, '0'],
    [974.6, '975'],
    [-0.4, '-0'],
  ])('%%.0f of %s is %s', (v, out) => expect(goFixed(v, 0)).toBe(out));

  it('prints %v like Go', () => {
    expect(goValue(943718400)).toBe('9.437184e+08');
    expect(goValue(123456)).toBe('123456');
    expect(goValue(1e6)).toBe('1e+06');
    expect(goValue(1e21)).toBe('1e+21');
    expect(goValue(0.00001)).toBe('1e-05');
    expect(goValue(0.5)).toBe('0.5');
  });

  it("humanizes like Prometheus's template functions", () => {
    expect(humanize1024(1415577600)).toBe('1.318Gi');
    expect(humanize1024(1024)).toBe('1ki');
    expect(humanize1024(512)).toBe('512');
    expect(humanize(1500000)).toBe('1.5M');
    expect(humanize(0.0015)).toBe('1.5m');
    expect(humanizeDuration(90)).toBe('1m 30s');
    expect(humanizeDuration(3725)).toBe('1h 2m 5s');
    expect(humanizeDuration(0.25)).toBe('250ms');
  });
});

describe.skipIf(skipWithout('promtool'))('annotation expansion agrees with promtool', () => {
  // Values chosen for ties, exponents and prefix boundaries; promtool renders each and compares.
  const values = [0, 0.5, 2.5, 1234.5, 0.00001234, 999.95, 1023.95, 1048575.5, 123456789, 943718400, 7864320, 86461, -3.5];
  const template =
    '{{ $value | humanize }}|{{ $value | humanize1024 }}B|{{ $value | humanizeDuration }}|{{ $value | humanizePercentage }}|' +
    '{{ printf "%.0f" $value }}|{{ printf "%.2f" $value }}|{{ $value }}|{{ $labels.instance }}|{{ .Labels.missing }}';

  it('renders every value as Prometheus does', () => {
    const dir = tmp();
    const rules = { groups: [{ name: 'expand', rules: values.map((v, i) => ({ alert: `Value${i}`, expr: `label_replace(vector(${v}), "instance", "host:1", "", "")`, annotations: { text: template } })) }] };
    const suite = {
      rule_files: ['rules.yaml'],
      tests: [
        {
          interval: '1m',
          input_series: [],
          alert_rule_test: values.map((v, i) => ({
            eval_time: '0s',
            alertname: `Value${i}`,
            exp_alerts: [{ exp_labels: { instance: 'host:1' }, exp_annotations: { text: expandTemplate(template, { labels: { instance: 'host:1' }, externalLabels: {}, value: v }) } }],
          })),
        },
      ],
    };
    writeFileSync(path.join(dir, 'rules.yaml'), stringify(rules));
    writeFileSync(path.join(dir, 'suite.yaml'), stringify(suite));
    const r = promtool('test', 'rules', path.join(dir, 'suite.yaml'));
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});

describe('the generated suite', () => {
  const preset = compile(loadPreset('fastapi'));
  const suiteFile = preset.files.find((f) => f.path === TESTS_FILE);

  it('is written by the build, deterministically', () => {
    expect(suiteFile).toBeDefined();
    expect(compile(loadPreset('fastapi')).files.find((f) => f.path === TESTS_FILE)?.content).toBe(suiteFile?.content);
  });

  it('has, for every alert, a firing check one evaluation after a silent check, and silence scenarios', () => {
    const suite = parse(suiteFile?.content ?? '') as { evaluation_interval: string; tests: Array<{ name: string; alert_rule_test: Array<{ eval_time: string; alertname: string; exp_alerts: unknown[] }> }> };
    expect(suite.evaluation_interval).toBe('15s');
    for (const alert of preset.model.groups.flatMap((g) => g.alerts)) {
      const groups = suite.tests.filter((t) => t.alert_rule_test.some((c) => c.alertname === alert.name));
      const firing = groups.filter((g) => g.alert_rule_test.some((c) => c.exp_alerts.length > 0));
      expect(firing, alert.name).toHaveLength(1);
      const checks = (firing[0] as (typeof groups)[number]).alert_rule_test;
      expect(checks.map((c) => c.exp_alerts.length)).toEqual([0, 1]);
      // Correlation alerts: besides the baseline, the links of the chain on another instance or container.
      for (const purpose of ['healthy baseline', alert.kind === 'correlation' ? 'another' : 'safe side of the threshold']) {
        expect(groups.some((g) => g.name.includes(purpose)), `${alert.name}: ${purpose}`).toBe(true);
      }
    }
  });
});

describe('an annotation beyond the template subset memgen expands', () => {
  it('drops only that firing scenario, so coverage shows it, and the build still succeeds', () => {
    const config = fastapi();
    const alert = config.alerts.find((a) => a.name === 'CriticalMemoryUsage');
    // The description is a template (other annotations are prose, escaped); this one uses an action memgen does not expand.
    if (alert) alert.description = '{{ if gt $value 1.0 }}big{{ end }}';
    const { files } = compile({ config, source: 'inline', locate: () => ({ file: 'inline' }) });
    const suite = parse(files.find((f) => f.path === TESTS_FILE)?.content ?? '');
    const rules = parse(files.find((f) => f.path === 'prometheus/alerts.yaml')?.content ?? '');
    const text = formatCoverage(coverageOf(rules, suite));
    expect(text).toContain('coverage: 10/11 alerts have a firing test, 11/11 have a silence test');
    expect(text).toContain('without a firing test: CriticalMemoryUsage');
  });
});

// The preset's suites (alerts and shapes) take promtool about a minute of CPU on two cores.
describe.skipIf(skipWithout('promtool'))('memgen test', { timeout: 900_000 }, () => {
  it('passes for the preset and reports full coverage', async () => {
    const r = await memgenAsync(['test', '--preset', 'fastapi']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('SUCCESS');
    expect(r.stdout).toContain('coverage: 11/11 alerts have a firing test, 11/11 have a silence test');
    expect(r.stdout).not.toContain('without a');
    expect(r.status).toBe(0);
  });

  it('passes after thresholds, windows and `for` change, and the shape matrix says what the retuning costs', async () => {
    const r = await memgenAsync(['test', '-c', path.join(FIXTURES, 'fastapi-tuned.config.ts')]);
    // Both suites pass: the generated tests follow the new numbers.
    expect(r.stdout.match(/SUCCESS/g)).toHaveLength(2);
    expect(r.stdout).toContain('coverage: 11/11 alerts have a firing test, 11/11 have a silence test');
    // A 15-minute slope held for only 5 minutes is fooled by a batch job's allocation: memgen test says so.
    expect(r.stdout).toMatch(/healthy\/batch-job .*FALSE ALARM: RapidMemoryGrowth/);
    expect(r.stderr).toContain('judged wrong');
    expect(r.stderr).not.toContain('promtool reported failing');
    expect(r.status).toBe(1);
  });

  it('passes for below-thresholds, counters, seconds, several services and external labels', async () => {
    const r = await memgenAsync(['test', '-c', path.join(FIXTURES, 'alert-shapes.config.ts')]);
    expect(r.stdout).toContain('SUCCESS');
    expect(r.stdout).toContain('coverage: 6/6 alerts have a firing test, 6/6 have a silence test');
    expect(r.status).toBe(0);
    // Each alert of each service is tested.
    const { files } = compile(await loadConfigFile(path.join(FIXTURES, 'alert-shapes.config.ts')));
    const suite = parse(files.find((f) => f.path === TESTS_FILE)?.content ?? '') as { tests: Array<{ name: string }> };
    expect(suite.tests.some((t) => t.name.startsWith('api: MemoryHigh fires'))).toBe(true);
    expect(suite.tests.some((t) => t.name.startsWith('worker: MemoryHigh fires'))).toBe(true);
  });

  it('runs the suite in --out and exits 1 when a rule was edited so a test fails', async () => {
    const out = tmp();
    writeOutput(out, compile(loadPreset('fastapi')).files);
    const rulesPath = path.join(out, 'prometheus/alerts.yaml');
    writeFileSync(rulesPath, readFileSync(rulesPath, 'utf8').replace('offset 1h) > 104857600', 'offset 1h) < 104857600'));
    const r = await memgenAsync(['test', '--out', out]);
    expect(r.stderr).toContain('alertname: MemoryLeakDetected');
    expect(r.stderr).toContain('memgen: promtool reported failing alert tests');
    expect(r.status).toBe(1);
  });

  it('exits 2 with a usage message when the suite is missing', () => {
    const out = tmp();
    const r = memgen(['test', '--out', out]);
    expect(r.stderr).toMatch(/tests\/alerts\.test\.yaml does not exist; run `memgen build` first/);
    expect(r.status).toBe(2);
  });
});

describe('memgen test without promtool', () => {
  it('exits 2 and says how to install it', () => {
    const empty = tmp();
    const r = spawnSync(process.execPath, [CLI, 'test', '--preset', 'fastapi'], { cwd: ROOT, env: { ...process.env, PATH: empty }, encoding: 'utf8' });
    expect(r.stderr).toContain('promtool was not found on PATH');
    expect(r.stderr).toContain('apt-get install prometheus');
    expect(r.status).toBe(2);
  });
});

describe('coverage', () => {
  const rules = { groups: [{ rules: [{ alert: 'A' }, { alert: 'B' }, { alert: 'C' }] }] };
  const check = (alertname: string, firing: boolean) => ({ eval_time: '1m', alertname, exp_alerts: firing ? [{ exp_labels: {} }] : [] });

  it('counts a group that expects firing as a firing test, and an all-silent group as a silence test', () => {
    const suite = { tests: [{ alert_rule_test: [check('A', false), check('A', true)] }, { alert_rule_test: [check('A', false), check('B', false)] }] };
    const c = coverageOf(rules, suite);
    expect(c.alerts).toEqual([
      { alert: 'A', firing: 1, silent: 1 },
      { alert: 'B', firing: 0, silent: 1 },
      { alert: 'C', firing: 0, silent: 0 },
    ]);
    const text = formatCoverage(c);
    expect(text).toContain('coverage: 1/3 alerts have a firing test, 2/3 have a silence test');
    expect(text).toContain('without a firing test: B, C');
    expect(text).toContain('without a silence test: C');
  });

  it('ignores tests of alerts the rules do not define', () => {
    const c = coverageOf(rules, { tests: [{ alert_rule_test: [check('Gone', true)] }] });
    expect(c.withFiring).toBe(0);
  });
});
