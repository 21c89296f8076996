// Agreement with the real promtool over Prometheus's own rule-file test data (test/fixtures/corpus/promtool-testdata, see its
// NOTICE.md): for every file, memgen's verdict (exit 1 = errors) matches `promtool check rules`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memgen, FIXTURES } from '../helpers/memgen.js';
import { promtool, skipWithout } from '../helpers/tools.js';

const CORPUS = path.join(FIXTURES, 'corpus/promtool-testdata');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yml')).sort();

interface JsonProblem {
  line: number;
  rule: string;
  severity: string;
  message: string;
}

function lint(file: string): { status: number; problems: JsonProblem[] } {
  const r = memgen(['lint', '--format', 'json', path.join(CORPUS, file)]);
  return { status: r.status, problems: JSON.parse(r.stdout) as JsonProblem[] };
}

const errorsOf = (problems: JsonProblem[]): string[] => problems.filter((p) => p.severity === 'error').map((p) => `${p.line} ${p.rule}`);

describe.skipIf(skipWithout('promtool'))('agreement with promtool check rules', () => {
  it('covers the whole corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files)('%s: same verdict as promtool', (file) => {
    const theirs = promtool('check', 'rules', path.join(CORPUS, file)).status;
    const ours = lint(file).status;
    expect(ours).toBe(theirs);
  });

  it('finds what promtool finds, on the same lines', () => {
    expect(errorsOf(lint('bad-rules-syntax.yml').problems)).toEqual(['7 promql/syntax']);
    expect(errorsOf(lint('rules-bad.yml').problems)).toEqual(['12 template/syntax']);
    expect(errorsOf(lint('rules_extrafields.yml').problems)).toEqual(['7 rules/structure', '22 rules/structure']);
  });

  it('features.yml: memgen follows current Prometheus, where 2.42 fails', () => {
    // promtool 2.42 fails this file twice over: the recording-rule names have dashes (invalid in every
    // Prometheus version, so memgen agrees) and the expressions use syntax newer than 2.42. memgen parses
    // with lezer-promql from Prometheus 3, which accepts that syntax behind feature flags: it is not an
    // error, but each use gets a promql/experimental warning naming the flag Prometheus needs.
    const { problems } = lint('features.yml');
    expect(errorsOf(problems)).toEqual(['5 rules/structure', '7 rules/structure', '9 rules/structure', '11 rules/structure']);
    expect(problems.filter((p) => p.rule === 'promql/experimental').map((p) => p.line)).toEqual([6, 8, 10, 12]);
    const theirs = promtool('check', 'rules', path.join(CORPUS, 'features.yml')).stdout + promtool('check', 'rules', path.join(CORPUS, 'features.yml')).stderr;
    expect(theirs).toMatch(/invalid recording rule name: promql-experimental-functions/);
    expect(theirs).toMatch(/unknown function with name "sort_by_label"/);
  });

  it.each(['rules_duplicates.yml', 'prometheus-rules.lint.yml'])('%s: duplicates match promtool --lint=duplicate-rules', (file) => {
    // promtool exits 0 here unless --lint-fatal; memgen reports the same duplicates as warnings.
    const r = promtool('check', 'rules', '--lint=duplicate-rules', path.join(CORPUS, file));
    const theirs = [...(r.stdout + r.stderr).matchAll(/Metric: (\S+)/g)].map((m) => m[1]);
    const ours = [...new Set(lint(file).problems.filter((p) => p.rule === 'rules/duplicate').map((p) => /'([^']+)'/.exec(p.message)?.[1]))];
    expect(ours).toEqual(theirs);
  });
});
