// The lint loader and PromQL reader against what Prometheus loads and refuses: each reproduction of the
// robustness and real-files issues, with the real promtool's verdict on the same file beside memgen's.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintContext } from '../../src/lint/context.js';
import { lintFiles } from '../../src/lint/engine.js';
import type { Problem } from '../../src/problem.js';
import { loadLintInputs } from '../../src/lint/sources/load.js';
import { MAX_LINT_FILE_BYTES } from '../../src/lint/sources/read-file.js';
import { memgen, tempDir } from '../helpers/memgen.js';
import { promtool, skipWithout } from '../helpers/tools.js';

const dir = tempDir('memgen-loader-');
let counter = 0;

function write(text: string | Buffer, name = `f${++counter}.yaml`): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function lint(file: string): Problem[] {
  const inputs = loadLintInputs([file]);
  return [...inputs.problems, ...lintFiles(inputs.files, new LintContext({}))];
}

const errors = (problems: Problem[]): string[] => problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.column} ${p.rule}: ${p.message}`);
const verdict = (problems: Problem[]): number => (problems.some((p) => p.severity === 'error') ? 1 : 0);
const promtoolVerdict = (file: string): number => (promtool('check', 'rules', file).status === 0 ? 0 : 1);

const rule = (expr: string, extra = ''): string => `groups:\n- name: g\n  rules:\n  - record: job:x:sum\n    expr: ${expr}\n${extra}`;
const alert = (fields: string): string => `groups:\n- name: g\n  rules:\n  - alert: HighMemory\n    expr: process_resident_memory_bytes > 1e9\n${fields}`;

describe.skipIf(skipWithout('promtool'))('the loader reads what Prometheus reads', () => {
  it.each([
    ['{}', '{}\n'],
    ['null', 'null\n'],
    ['an empty file', ''],
    ['only a comment', '# nothing yet\n'],
    ['groups: with no value', 'groups:\n'],
    ['groups: []', 'groups: []\n'],
    ['a group without rules', 'groups:\n- name: g\n'],
  ])('an empty rule file: %s', (_, text) => {
    const file = write(text);
    expect(promtoolVerdict(file)).toBe(0);
    expect(errors(lint(file))).toEqual([]);
  });

  it.each([
    ['for: 0', '    for: 0\n'],
    ['for: "0"', '    for: "0"\n'],
    ['keep_firing_for: 0', '    for: 5m\n    keep_firing_for: 0\n'],
  ])('a zero duration: %s', (_, fields) => {
    const file = write(alert(`${fields}    labels:\n      severity: critical\n`));
    expect(promtoolVerdict(file)).toBe(0);
    expect(errors(lint(file))).toEqual([]);
  });

  it('merge keys and anchors: rules as Go yaml resolves them, findings where the anchor defines the field', () => {
    const file = write(
      [
        'base: &base',
        '  expr: rate(process_resident_memory_bytes[5m]) > 0',
        '  labels:',
        '    severity: critical',
        'groups:',
        '- name: g',
        '  rules:',
        '  - alert: First',
        '    <<: *base',
        '  - alert: Second',
        '    <<: *base',
        '    expr: up == 0',
        '',
      ].join('\n'),
    );
    // promtool refuses the extra top-level key `base`; the same file with the anchor inside the group is the real case.
    expect(promtoolVerdict(file)).toBe(1);
    expect(errors(lint(file))).toEqual(["1:1 rules/structure: field 'base' is not valid at the top level of a rule file (only 'groups'); Prometheus refuses the file"]);
    const good = write(
      [
        'groups:',
        '- name: g',
        '  rules:',
        '  - &base',
        '    alert: First',
        '    expr: rate(process_resident_memory_bytes[5m]) > 0',
        '    labels:',
        '      severity: critical',
        '  - <<: *base',
        '    alert: Second',
        '',
      ].join('\n'),
    );
    expect(promtoolVerdict(good)).toBe(0);
    const problems = lint(good);
    expect(errors(problems)).toEqual([]);
    // Both rules have the rate-of-a-gauge expression: the second's finding is placed on the anchor's line 6.
    const rates = problems.filter((p) => p.rule === 'promql/rate-on-gauge');
    expect(rates.map((p) => [p.name, p.line, p.column])).toEqual([['First', 6, 11], ['Second', 6, 11]]);
  });

  it('multi-document files: Prometheus reads the first document only, memgen says the rest is ignored', () => {
    const file = write(`${rule('sum(up)')}---\n${rule('sum(up')}`);
    expect(promtoolVerdict(file)).toBe(0);
    const problems = lint(file);
    expect(errors(problems)).toEqual([]);
    expect(problems.filter((p) => p.rule === 'rules/structure').map((p) => [p.severity, p.line, p.message])).toEqual([['warning', 7, 'Prometheus reads only the first YAML document of a rule file; document 2 is ignored']]);
  });

  it('aliases: a 5,000-rule file reusing one anchor loads (no alias-count limit); a billion-laughs bomb is refused', () => {
    // The first rule defines the anchor, the other 4,999 refer to it.
    const rules = Array.from({ length: 5000 }, (_, i) => `  - record: job:r${i}:sum\n    expr: sum(up)\n    labels: ${i === 0 ? '&common {team: sre}' : '*common'}`);
    const big = write(`groups:\n- name: g\n  rules:\n${rules.join('\n')}\n`);
    expect(promtoolVerdict(big)).toBe(0);
    const inputs = loadLintInputs([big]);
    expect(inputs.problems).toEqual([]);
    expect(inputs.files[0]?.groups[0]?.rules).toHaveLength(5000);
    expect(inputs.files[0]?.groups[0]?.rules[4999]?.labels).toEqual({ team: 'sre' });

    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = write(`${levels.join('\n')}\ngroups: []\n`);
    expect(promtoolVerdict(bomb)).toBe(1);
    expect(errors(lint(bomb))).toEqual([expect.stringMatching(/^1:1 rules\/structure: document contains excessive aliasing/)]);
  });

  it('an unresolved alias is a clear error, not an internal one', () => {
    const file = write(rule('*nope'));
    expect(promtoolVerdict(file)).toBe(1);
    expect(errors(lint(file))).toEqual(["5:11 rules/structure: unknown anchor 'nope' referenced"]);
  });

  it('CR-only line endings are line breaks, as in Go yaml: the lines and their positions are right', () => {
    const file = write(rule('sum(up', '').replace(/\n/g, '\r'));
    expect(promtoolVerdict(file)).toBe(1);
    expect(errors(lint(file))).toEqual([expect.stringMatching(/^5:17 promql\/syntax:/)]);
    const good = write(rule('sum(up)').replace(/\n/g, '\r\n'));
    expect(promtoolVerdict(good)).toBe(0);
    expect(errors(lint(good))).toEqual([]);
  });
});

describe.skipIf(skipWithout('promtool'))('the loader refuses what Prometheus refuses', () => {
  it.each([
    ['rules: written as a mapping', 'groups:\n- name: g\n  rules:\n    record: x\n    expr: up\n', ["4:5 rules/structure: 'rules' must be a list of rules (each item starting with '-'), not a mapping; Prometheus refuses the file"]],
    ['expr: [up]', rule('[up]'), ["5:11 rules/structure: 'expr' must be a string, not a list"]],
    ['labels: [a, b]', rule('up', '    labels: [a, b]\n'), ["6:13 rules/structure: 'labels' must be a mapping of names to strings, not a list"]],
    ['a scalar group', 'groups:\n- oops\n', ['2:3 rules/structure: a rule group must be a mapping (with \'name\' and \'rules\'), not the scalar "oops"']],
    ['a top-level scalar', 'hello\n', ["1:1 rules/structure: not a rule file: expected a mapping with a top-level 'groups' list (or a PrometheusRule, or a prometheus.yml)"]],
    ['an unknown top-level field', 'groups: []\nfoo: 1\n', ["2:1 rules/structure: field 'foo' is not valid at the top level of a rule file (only 'groups'); Prometheus refuses the file"]],
    ['for: 293y', alert('    for: 293y\n'), ["6:10 rules/structure: duration '293y' in 'for' is out of range: Prometheus allows at most 292y"]],
  ])('%s', (_, text, expected) => {
    const file = write(text);
    expect(promtoolVerdict(file)).toBe(1);
    expect(errors(lint(file))).toEqual(expected);
  });

  it('invalid UTF-8 and control characters: refused with the line and column', () => {
    const utf = write(Buffer.concat([Buffer.from(rule('up').slice(0, -1)), Buffer.from([0xff, 0x0a])]));
    expect(promtoolVerdict(utf)).toBe(1);
    expect(errors(lint(utf))).toEqual([expect.stringMatching(/^5:13 rules\/structure: invalid UTF-8 \(byte 0xff/)]);
    const control = write(rule('up\x7f'));
    expect(promtoolVerdict(control)).toBe(1);
    expect(errors(lint(control))).toEqual([expect.stringMatching(/^5:13 rules\/structure: control character U\+007F is not allowed/)]);
  });
});

describe.skipIf(skipWithout('promtool'))('the PromQL reader refuses what Prometheus refuses', () => {
  it.each([
    ['1e999999', 'error parsing number: strconv.ParseFloat: parsing "1e999999": value out of range'],
    ['rate(up[99999999999999999999y])', 'duration out of range'],
    ['rate(up[293y])', 'duration out of range'],
    ['up @ 1e300', 'timestamp out of bounds for @ modifier: 1e300'],
    ['deriv(up[0s])', 'duration must be greater than 0'],
    [`'label_replace(up, "a", "\\8", "b", "c")'`, "unknown escape sequence U+0038 '8'"],
    [`'up{job="\\x"}'`, 'illegal character U+0022 \'"\' in escape sequence'],
    [`'up{job="\\ud800"}'`, 'escape sequence is an invalid Unicode code point'],
    [`'sum({job=~"(?i).*"})'`, 'vector selector must contain at least one non-empty matcher'],
  ])('%s', (expr, message) => {
    const file = write(rule(expr));
    expect(promtoolVerdict(file)).toBe(1);
    const found = errors(lint(file));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it.each([
    ['a 485-term or chain', Array.from({ length: 485 }, (_, i) => `up{job="j${i}"}`).join(' or ')],
    ['10,000 + terms', Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(' + ')],
  ])('%s: valid, no false syntax error (lezer cuts such chains; memgen reads them piece by piece)', (_, expr) => {
    const file = write(rule(`'${expr}'`));
    expect(promtoolVerdict(file)).toBe(0);
    expect(errors(lint(file))).toEqual([]);
  });

  it('a long chain with one broken operand: the error is reported there', () => {
    const terms = Array.from({ length: 400 }, (_, i) => (i === 300 ? 'm300{job=}' : `m${i}`));
    const expr = terms.join(' or ');
    const file = write(rule(`'${expr}'`));
    expect(promtoolVerdict(file)).toBe(1);
    const found = lint(file).filter((p) => p.severity === 'error');
    expect(found).toHaveLength(1);
    expect(found[0]?.line).toBe(5);
    // Column 12 is the expression's first character (after `    expr: '`); the error is inside `m300{job=}`.
    const operand = expr.indexOf('m300{');
    expect(found[0]?.column).toBeGreaterThanOrEqual(12 + operand);
    expect(found[0]?.column).toBeLessThan(12 + operand + 'm300{job=}'.length);
  });

  it('2,000 nested parentheses: parsed, no stack overflow (promtool accepts them too)', () => {
    const file = write(rule(`'${'('.repeat(2000)}sum(up)${')'.repeat(2000)}'`));
    expect(promtoolVerdict(file)).toBe(0);
    expect(errors(lint(file))).toEqual([]);
  });
});

describe('special files and sizes are refused before reading (exit 2)', () => {
  it('a directory', () => {
    const r = memgen(['lint', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${dir} is a directory; give the rule files in it`);
    expect(r.stderr).not.toContain('EISDIR');
  });

  it('a FIFO and a device', () => {
    const fifo = path.join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const special of [fifo, '/dev/zero']) {
      const r = memgen(['lint', special]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${special} is not a regular file (a FIFO, device or socket)`);
    }
  });

  it('a file above the size limit (sparse, so nothing is written)', () => {
    const file = path.join(dir, 'huge.yaml');
    closeSync(openSync(file, 'w'));
    execFileSync('truncate', ['-s', String(MAX_LINT_FILE_BYTES + 1), file]);
    const r = memgen(['lint', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`more than the limit of ${MAX_LINT_FILE_BYTES} bytes`);
  });

  it('--prometheus-version takes 3 or 2.42; 2.42 refuses the group fields that came later', () => {
    const file = write('groups:\n- name: g\n  query_offset: 1m\n  rules:\n  - record: job:x:sum\n    expr: sum(up)\n');
    const bad = memgen(['lint', '--prometheus-version', '2.7', file]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--prometheus-version must be one of 2.42, 3, got '2.7'");
    expect(memgen(['lint', file]).status).toBe(0);
    const old = memgen(['lint', '--prometheus-version', '2.42', '--format', 'json', file]);
    expect(old.status).toBe(1);
    expect(old.stdout).toContain("field 'query_offset' is not valid in a rule group");
  });
});

describe('positions', () => {
  it('inside a multi-line double-quoted expression with \\n escapes', () => {
    const file = write(
      [
        'groups:',
        '- name: g',
        '  rules:',
        '  - alert: X',
        '    expr: "sum by (job) (\\n rate(foo_total[5m]))',
        '      > 1 and\\n rate(up[5m]) > 0 and\\tup',
        '      > 0 and deriv(b_total[5m]) > 0"',
        '',
      ].join('\n'),
    );
    const found = lint(file).filter((p) => p.rule === 'promql/rate-on-gauge' || p.rule === 'promql/deriv-on-counter');
    expect(found.map((p) => [p.rule, p.line, p.column, p.endColumn])).toEqual([
      ['promql/rate-on-gauge', 6, 17, 29],
      ['promql/deriv-on-counter', 7, 15, 33],
    ]);
  });

  it('text and json report the same positions for every finding of a large file, carets under them', () => {
    const rules = Array.from({ length: 3000 }, (_, i) => `  - record: job:r${i}:rate\n    expr: sum by (job) (rate(mem_bytes_${i}[5m]))`).join('\n');
    const file = write(`groups:\n- name: g\n  rules:\n${rules}\n`);
    const json = JSON.parse(memgen(['lint', '--format', 'json', file]).stdout) as Problem[];
    const text = memgen(['lint', file]).stdout.split('\n');
    const headers = text.filter((l) => l.startsWith(file));
    expect(headers).toHaveLength(json.length);
    expect(json.length).toBeGreaterThanOrEqual(3000);
    headers.forEach((h, i) => expect(h.startsWith(`${file}:${json[i]?.line}:${json[i]?.column}: `)).toBe(true));
    // The caret line under the first finding starts at its column.
    const at = text.indexOf(headers[0] as string);
    expect((text[at + 2] as string).indexOf('^') - 4).toBe((json[0]?.column ?? 0) - 1);
  });
});

