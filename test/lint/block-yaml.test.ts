// The fast block-YAML reader must agree with the yaml library wherever it answers, and hand everything
// else to it (undefined). Findings must land on the same spot whichever of the two read the file.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LintContext } from '../../src/lint/context.js';
import { lintFiles } from '../../src/lint/engine.js';
import { readBlockYaml } from '../../src/lint/sources/block-yaml.js';
import { parseLintText, type LintInputs } from '../../src/lint/sources/load.js';
import { ROOT, SHARED } from '../helpers/memgen.js';

const dirs = [path.join(SHARED, 'corpus/promtool-testdata'), path.join(ROOT, 'test/fixtures/lint')];
const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(d, f)));

describe('readBlockYaml', () => {
  it.each(files.map((f) => [path.basename(f), f]))('%s: same data as the yaml library', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const fast = readBlockYaml(text);
    if (fast !== undefined) expect(fast.data).toEqual(parse(text));
  });

  it('reads the usual rule files itself (the fast path is really taken)', () => {
    const taken = files.filter((f) => readBlockYaml(readFileSync(f, 'utf8')) !== undefined);
    expect(taken.length).toBeGreaterThanOrEqual(files.length - 2);
  });

  it.each([
    ['scalars of every core type', 'a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: 0x1F\ng: .inf\nh: "x: y"\ni: \'it\'\'s\'\nj: 1e3\nk: 5m\nl: +5\n'],
    ['block scalars', 'a: |\n  x\n\n  y\nb: |-\n  x\n  # not a comment\nc: >-\n  one\n  two\n\n  three\nd: >\n  folded\n'],
    ['plain multi-line scalars', 'a: one\n  two\n  three\nb: x # comment\n'],
    ['compact sequences', 'a:\n- x\n- y: 1\n  z: 2\n-\n  w: 3\nb: []\n'.replace('b: []\n', 'b: c\n')],
    ['escapes', 'a: "tab\\there \\u00e9 \\x41 \\"q\\""\n'],
  ])('%s', (_name, text) => {
    const fast = readBlockYaml(text);
    expect(fast).toBeDefined();
    expect(fast?.data).toEqual(parse(text));
  });

  it.each([
    ['flow collections', 'a: [1, 2]\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['keep chomping', 'a: |+\n  x\n\n'],
    ['tabs', 'a:\n\tb: 1\n'],
  ])('leaves %s to the yaml library', (_name, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });
});

describe('positions from either reader', () => {
  function locate(text: string): string[] {
    const inputs: LintInputs = { files: [], problems: [], jobIntervals: new Map() };
    parseLintText('f.yaml', 'f.yaml', text, inputs);
    return lintFiles(inputs.files, new LintContext({ scrapeInterval: 60 })).map((p) => `${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.rule}`);
  }

  it.each(['guide-mistakes.yaml', 'correct.yaml'].map((f) => [f]))('%s: the same findings at the same spots', (name) => {
    const text = readFileSync(path.join(ROOT, 'test/fixtures/lint', name), 'utf8');
    const fast = locate(text);
    // A document marker sends the file to the yaml library; it moves every line down by one.
    const slow = locate(`---\n${text}`).map((s) => s.replace(/^(\d+):(\d+)-(\d+):/, (_m, l, c, e) => `${Number(l) - 1}:${c}-${Number(e) - 1}:`));
    expect(fast).toEqual(slow);
  });
});
