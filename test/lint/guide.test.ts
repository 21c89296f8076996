// Evidence: every wrong expression of the source guide gets the right finding on the right line, and
// realistic correct rules (the preset's own, kube-prometheus-style chains, offsets, subqueries, absent()
// with for, label_replace) get none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memgen, ROOT } from '../helpers/memgen.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/lint');

interface JsonProblem {
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  message: string;
}

function lintJson(...args: string[]): { status: number; problems: JsonProblem[] } {
  const r = memgen(['lint', '--format', 'json', ...args]);
  return { status: r.status, problems: JSON.parse(r.stdout) as JsonProblem[] };
}

describe('the guide\'s mistakes', () => {
  const file = path.join(FIXTURES, 'guide-mistakes.yaml');
  const expectations = readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const m = /^\s*#\s*expect:\s*([\w/-]+)$/.exec(line);
      return m ? [{ rule: m[1] as string, line: i + 2 }] : [];
    });
  const metrics = path.join(FIXTURES, 'guide-metrics.txt');
  const { status, problems: all } = lintJson(file, '--metrics', metrics);
  const problems = all.filter((p) => p.file === file);

  it('lists what it expects', () => {
    expect(expectations.length).toBeGreaterThanOrEqual(10);
  });

  it.each(expectations)('$rule on line $line', ({ rule, line }) => {
    const here = problems.filter((p) => p.line === line);
    expect(here.map((p) => p.rule), `findings on line ${line}`).toContain(rule);
  });

  it('takes metric types from --metrics and flags its names', () => {
    expect(problems.find((p) => p.rule === 'promql/rate-on-gauge')?.message).toMatch(/gauge \(metrics file \S+guide-metrics\.txt:3\)/);
    expect(all.filter((p) => p.file === metrics).map((p) => `${p.line} ${p.rule}`)).toEqual(['5 metrics/naming', '7 metrics/naming']);
  });

  it('fails the lint (exit 1): some of the mistakes are errors', () => {
    expect(status).toBe(1);
  });

  it('reports no expression finding where none is expected', () => {
    const expected = new Set(expectations.map((e) => `${e.line}:${e.rule}`));
    const unexpected = problems.filter((p) => !p.rule.startsWith('style/') && !expected.has(`${p.line}:${p.rule}`));
    expect(unexpected).toEqual([]);
  });
});

describe('correct rules', () => {
  it('a prometheus.yml and the realistic rule file it loads lint clean', () => {
    const { status, problems } = lintJson(path.join(FIXTURES, 'prometheus.yml'));
    expect(problems).toEqual([]);
    expect(status).toBe(0);
  });

  it('the fastapi preset lints clean; its catalog accepts the two metric names the guide’s exporter fixes', () => {
    const { status, problems } = lintJson('--preset', 'fastapi');
    expect(status).toBe(0);
    expect(problems).toEqual([]);
  });
});
