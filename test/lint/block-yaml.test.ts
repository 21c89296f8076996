// The fast block-YAML reader must agree with the yaml library wherever it answers, and hand everything
// else to it (undefined). Findings must land on the same spot whichever of the two read the file.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { LintContext } from '../../src/lint/context.js';
import { lintFiles } from '../../src/lint/engine.js';
import { mapValue, readBlockYaml, readBlockYamlTree, type PosNode } from '../../src/lint/sources/block-yaml.js';
import { parseLintText, type LintInputs } from '../../src/lint/sources/load.js';
import { posNodeOf } from '../../src/lint/sources/yaml-positions.js';
import { blockYamlText } from '../helpers/block-yaml-arbitrary.js';
import { ROOT, FIXTURES } from '../helpers/memgen.js';

const dirs = [path.join(FIXTURES, 'corpus/promtool-testdata'), path.join(ROOT, 'test/fixtures/lint')];
const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(d, f)));

describe('readBlockYaml', () => {
  it.each(files.map((f) => [path.basename(f), f]))('%s: same data and node positions as the yaml library', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const fast = readBlockYaml(text);
    if (fast === undefined) return;
    const doc = parseDocument(text);
    expect(doc.errors).toEqual([]);
    expect(fast.data).toEqual(doc.toJS());
    expect(ranges(readBlockYamlTree(text))).toEqual(ranges(posNodeOf(doc.contents)));
    expectItemsReadAlone(text);
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
    ['comments after values and keys', 'a: x # c\nb: "q" # c\nc: # c\n  d: 1 # c\ne: | # c\n  body\n'],
    ['empty values', 'a:\nb:   \nc: # c\nd:\n- 1\n'],
    ['trailing spaces', 'a: x   \nb:\n  - y  \n'],
    ['sequence items of every kind', '- |\n  literal\n- >-\n  folded\n  line\n- "q"\n-   k: v\n    l: w\n-\n  - nested\n- # c\n  m: 1\n'],
    ['folded scalars with leading blank lines', 'a: >\n\n  x\n  y\n'],
    ['a plain scalar continued after a comment-free line, then a comment', 'a: x\n  y # c\n'],
    ['non-breaking spaces (content, not white space)', 'a: x\u00a0\nb: y\u00a0#c\n'],
    ['keys with dots, slashes and dashes', 'app.kubernetes.io/name: x\n_k-1: y\n'],
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
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['directives', '%YAML 1.2\n---\na: 1\n'],
    ['quoted keys', '"a": 1\n'],
    ['keys the core schema resolves (null becomes "", True "true")', 'null: 1\nTrue: 2\n'],
    ['__proto__ keys', '__proto__: 1\n'],
    ['a comment without a space after a quoted scalar (an error)', 'a: "x"#c\n'],
    ['a sequence on the line of its key (an error)', 'a: - x\n'],
    ['a nested sequence on a dash line', '- - x\n- -\n'],
    ['a deeper line after a commented plain scalar (an error)', '- a #b\n  more\n'],
    ['a plain scalar continued after a blank line (a line break)', 'a: x\n\n  y\n'],
    ['a plain scalar continued after a comment line (an error)', 'a: x\n# c\n  y\n'],
    ['more-indented leading blank lines in a block scalar (an error)', 'a: |\n    \n  x\n'],
    ['a line of spaces inside a block scalar (content)', 'a: |\n  x\n     \n  y\n'],
  ])('leaves %s to the yaml library', (_name, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });

  it('agrees with the yaml library on generated block YAML, and answers for much of it', () => {
    const answered = fc.sample(blockYamlText, { seed: 1, numRuns: 1000 }).filter((t) => readBlockYaml(t) !== undefined);
    expect(answered.length).toBeGreaterThan(150);
    fc.assert(
      fc.property(blockYamlText, (text) => {
        const fast = readBlockYaml(text);
        if (fast === undefined) return;
        const docs = parseAllDocuments(text);
        const doc = Array.isArray(docs) && docs.length === 1 ? docs[0] : undefined;
        expect(doc?.errors.map((e) => e.message)).toEqual([]);
        expect(fast.data).toEqual(doc?.toJS());
      }),
      { seed: 7, numRuns: 5000 },
    );
  });
});

/** Every node's path, kind and range; block scalars without their end (the yaml library's takes the newline). */
function ranges(node: PosNode | undefined, at = ''): string[] {
  if (!node) return [`${at} missing`];
  if (node.kind === 'map') return [`${at} map@${node.start}`, ...Object.entries(node.entries).flatMap(([k, value]) => ranges(value, `${at}.${k}`))];
  if (node.kind === 'seq') return [`${at} seq@${node.start}`, ...node.items.flatMap((item, i) => ranges(item, `${at}[${i}]`))];
  return [`${at} ${node.style}@${node.start}${node.style.startsWith('BLOCK') ? '' : `-${node.end}`}`];
}

/** Every sequence item read alone, at its offset from readBlockYaml, is the node the whole document's read has. */
function expectItemsReadAlone(text: string): void {
  const fast = readBlockYaml(text);
  const visit = (data: unknown, node: PosNode | undefined): void => {
    if (Array.isArray(data) && node?.kind === 'seq') {
      const starts = fast?.itemStarts.get(data);
      expect(starts).toHaveLength(data.length);
      data.forEach((item, i) => {
        expect(readBlockYamlTree(text, starts?.[i])).toEqual(node.items[i]);
        visit(item, node.items[i]);
      });
    } else if (typeof data === 'object' && data !== null) {
      for (const [k, v] of Object.entries(data)) visit(v, mapValue(node, k));
    }
  };
  visit(fast?.data, readBlockYamlTree(text));
}

describe('readBlockYamlTree', () => {
  it('puts every node where the yaml library puts it, on generated block YAML', () => {
    fc.assert(
      fc.property(blockYamlText, (text) => {
        if (readBlockYaml(text) === undefined) return;
        const docs = parseAllDocuments(text);
        expect(ranges(readBlockYamlTree(text))).toEqual(ranges(posNodeOf(Array.isArray(docs) ? docs[0]?.contents : undefined)));
        expectItemsReadAlone(text);
      }),
      { seed: 11, numRuns: 3000 },
    );
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
