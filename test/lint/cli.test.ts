// `memgen lint` end to end: inputs (rule files, PrometheusRule, prometheus.yml, no files), output formats,
// positions inside YAML scalars, silencing, options and exit codes; `memgen build` running the same checks.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memgen, tempDir } from '../helpers/memgen.js';

interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function lintJson(args: string[], cwd?: string): { status: number; problems: JsonProblem[]; stderr: string } {
  const r = memgen(['lint', '--format', 'json', ...args], cwd);
  return { status: r.status, problems: r.stdout ? (JSON.parse(r.stdout) as JsonProblem[]) : [], stderr: r.stderr };
}

const STYLE_OFF = ['--check', 'style/annotations=off', '--check', 'style/severity-label=off'];

describe('positions inside YAML scalars', () => {
  const dir = tempDir();
  const file = write(
    dir,
    'rules.yaml',
    [
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: Plain',
      '        expr: rate(node_time_seconds[5m]) > 1',
      '      - alert: Quoted',
      '        expr: "x{path=\\"/api/.*\\"} > 1"',
      '      - alert: Block',
      '        expr: |',
      '          sum by (job) (',
      '            rate(node_time_seconds[5m])',
      '          ) > 1',
      '      - alert: Folded',
      '        expr: >-',
      '          x > 1 and',
      '          rate(node_time_seconds[5m]) > 2',
      '',
    ].join('\n'),
  );
  const { problems } = lintJson([file, ...STYLE_OFF]);
  const at = (rule: string): string[] => problems.filter((p) => p.rule === rule).map((p) => `${p.line}:${p.column}-${p.endLine}:${p.endColumn}`);

  it('maps plain, block and folded scalars to the spot', () => {
    expect(at('promql/rate-on-gauge')).toEqual(['5:15-5:42', '11:13-11:40', '16:11-16:38']);
  });

  it('maps double-quoted scalars through their escapes', () => {
    expect(at('selectors/regex-in-equality')).toEqual(['7:18-7:34']);
  });
});

describe('inputs', () => {
  it('follows rule_files of a prometheus.yml and takes its scrape interval', () => {
    const dir = tempDir();
    write(dir, 'prometheus.yml', 'global:\n  scrape_interval: 1m\nrule_files:\n  - "rules/*.yaml"\n');
    mkdirSync(path.join(dir, 'rules'));
    write(dir, 'rules/a.yaml', 'groups:\n  - name: a\n    rules:\n      - record: job:x:rate2m\n        expr: sum by (job) (rate(x_total[2m]))\n');
    const { problems, status } = lintJson([path.join(dir, 'prometheus.yml')]);
    expect(status).toBe(0);
    expect(problems.map((p) => `${path.basename(p.file)}:${p.line} ${p.rule}`)).toEqual(['a.yaml:5 promql/range-too-short']);
    expect(problems[0]?.message).toMatch(/scrape interval 1m/);
  });

  it('reads PrometheusRule manifests, several per file', () => {
    const dir = tempDir();
    const manifest = (name: string, expr: string): string =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: ${name}\nspec:\n  groups:\n    - name: ${name}\n      rules:\n        - record: job:x:sum\n          expr: ${expr}\n`;
    const file = write(dir, 'rules.yaml', `${manifest('a', 'sum by (job) (x')}---\n${manifest('b', 'sum by (job) (y)')}`);
    const { problems, status } = lintJson([file]);
    expect(status).toBe(1);
    // Line 20 is in the second document: both manifests record job:x:sum, with different expressions.
    expect(problems.map((p) => `${p.line} ${p.rule}`)).toEqual(['10 promql/syntax', '20 rules/duplicate']);
  });

  it('lints the build output of a preset when no files are given', () => {
    const { problems, status } = lintJson(['--preset', 'fastapi', '--rule', 'metrics/naming=off']);
    expect(status).toBe(0);
    expect(problems).toEqual([]);
  });

  it('reports a file that is not a rule file', () => {
    const dir = tempDir();
    const { problems, status } = lintJson([write(dir, 'x.yaml', 'foo: bar\n')]);
    expect(status).toBe(1);
    expect(problems[0]?.message).toMatch(/not a rule file/);
  });
});

describe('silencing', () => {
  const body = (comment: string): string =>
    `groups:\n  - name: g\n    rules:\n      - alert: A\n${comment}        expr: rate(node_time_seconds[5m]) > 1\n`;

  it('a memgen-disable-next-line comment silences the named check on the next line', () => {
    const dir = tempDir();
    const loud = lintJson([write(dir, 'a.yaml', body('')), ...STYLE_OFF]);
    const quiet = lintJson([write(dir, 'b.yaml', body('        # memgen-disable-next-line promql/rate-on-gauge\n')), ...STYLE_OFF]);
    const other = lintJson([write(dir, 'c.yaml', body('        # memgen-disable-next-line alerts/topk\n')), ...STYLE_OFF]);
    expect(loud.problems.map((p) => p.rule)).toEqual(['promql/rate-on-gauge']);
    expect(quiet.problems).toEqual([]);
    expect(other.problems.map((p) => p.rule)).toEqual(['promql/rate-on-gauge']);
  });
});

describe('options and exit codes', () => {
  const dir = tempDir();
  const file = write(dir, 'r.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(node_time_seconds[5m]) > 1\n');

  it('exits 0 with warnings only, 1 above --max-warnings', () => {
    expect(lintJson([file]).status).toBe(0);
    expect(lintJson([file, '--max-warnings', '10']).status).toBe(0);
    expect(lintJson([file, '--max-warnings', '0']).status).toBe(1);
  });

  it('--check changes a severity or turns a check off; --rule, its former name, does the same', () => {
    const asError = lintJson([file, '--check', 'promql/rate-on-gauge=error']);
    expect(asError.status).toBe(1);
    expect(asError.problems.find((p) => p.rule === 'promql/rate-on-gauge')?.severity).toBe('error');
    expect(lintJson([file, '--check', 'promql/rate-on-gauge=off']).problems.map((p) => p.rule)).not.toContain('promql/rate-on-gauge');
    expect(lintJson([file, '--rule', 'promql/rate-on-gauge=error'])).toEqual(asError);
    // Both names at once: every override counts.
    const both = lintJson([file, '--check', 'promql/rate-on-gauge=off', '--rule', 'style/annotations=off']).problems.map((p) => p.rule);
    expect(both).not.toContain('promql/rate-on-gauge');
    expect(both).not.toContain('style/annotations');
    expect(memgen(['lint', '--help']).stdout).not.toContain('--rule');
  });

  it('--severities sets the allowed severity values', () => {
    const sev = write(dir, 'sev.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels:\n          severity: page\n');
    expect(lintJson([sev]).problems.map((p) => p.rule)).toContain('style/severity-label');
    expect(lintJson([sev, '--severities', 'page,ticket']).problems.map((p) => p.rule)).not.toContain('style/severity-label');
  });

  it('--scrape-interval feeds the range check', () => {
    expect(lintJson([file, '--scrape-interval', '2m']).problems.map((p) => p.rule)).toContain('promql/range-too-short');
  });

  it.each([
    [['--check', 'promql/rate-on-gauges=off'], /--check: unknown check .*did you mean 'promql\/rate-on-gauge'/],
    [['--rule', 'promql/rate-on-gauge=loud'], /level must be one of/],
    [['--format', 'xml'], /--format must be one of/],
    [['--scrape-interval', 'soon'], /--scrape-interval expects a duration/],
    [['--max-warnings', 'many'], /--max-warnings expects a whole number/],
  ])('usage error %j exits 2', (args, message) => {
    const r = memgen(['lint', file, ...(args as string[])]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it('a missing file is a usage error', () => {
    const r = memgen(['lint', path.join(dir, 'nope.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nope.yaml: no such file/);
  });
});

describe('formats', () => {
  const dir = tempDir();
  const file = write(dir, 'r.yaml', 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(node_time_seconds[5m]) > 1\n');

  it('text: file:line:col, severity, message, rule id and a caret line', () => {
    const out = memgen(['lint', file, ...STYLE_OFF]).stdout;
    expect(out).toContain(`${file}:5:15: warning: rate() is for counters`);
    expect(out).toContain('[promql/rate-on-gauge]');
    expect(out).toContain(`        expr: rate(node_time_seconds[5m]) > 1\n                  ${'^'.repeat(27)}\n`);
  });

  it('github: workflow annotations', () => {
    const out = memgen(['lint', file, '--format', 'github', ...STYLE_OFF]).stdout;
    expect(out).toMatch(new RegExp(`^::warning file=${file.replace(/[/.]/g, '\\$&')},line=5,col=15,endLine=5,endColumn=42,title=promql/rate-on-gauge::rate\\(\\) is for counters`));
  });

  it('sarif: a SARIF 2.1.0 log with rules and located results', () => {
    const log = JSON.parse(memgen(['lint', file, '--format', 'sarif', ...STYLE_OFF]).stdout);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    const result = run.results[0];
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('promql/rate-on-gauge');
    expect(result.level).toBe('warning');
    expect(result.locations[0].physicalLocation.region).toEqual({ startLine: 5, startColumn: 15, endLine: 5, endColumn: 42 });
  });
});

describe('memgen build runs the linter', () => {
  const config = (extra: string): string =>
    `metrics:\n  rss: { name: process_rss_bytes, type: gauge, unit: bytes }\nservices:\n  - { name: api, port: 8000, memoryLimit: 1000MiB }\nalerts:\n  - kind: value\n    name: HighMemory\n    tier: critical\n    metric: rss\n    above: 90%\n    for: 5m\n${extra}`;

  it('stops on lint errors and writes nothing', () => {
    const dir = tempDir();
    write(dir, 'memgen.config.yaml', config('    description: "{{ $label.instance }} is high"\n'));
    const r = memgen(['build', '-o', 'out'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/undefined variable "\$label" \[template\/syntax\]/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('prints warnings and builds; lint.disable silences a check for one alert', () => {
    const dir = tempDir();
    write(dir, 'memgen.config.yaml', config('    labels:\n      current: "{{ $value }}"\n'));
    const loud = memgen(['build', '-o', 'out'], dir);
    expect(loud.status).toBe(0);
    expect(loud.stderr).toMatch(/\[template\/value-in-labels\]/);
    write(dir, 'memgen.config.yaml', config('    labels:\n      current: "{{ $value }}"\n    lint: { disable: [template/value-in-labels] }\n'));
    const quiet = memgen(['build', '-o', 'out'], dir);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).not.toMatch(/value-in-labels/);
  });

  it('an unknown check id in lint.disable is a config error (exit 2)', () => {
    const dir = tempDir();
    write(dir, 'memgen.config.yaml', config('    lint: { disable: [template/value-in-label] }\n'));
    const r = memgen(['build', '-o', 'out'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown lint check 'template\/value-in-label'.*did you mean 'template\/value-in-labels'/s);
  });
});
