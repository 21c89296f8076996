// fast-check generator of block-style YAML documents shaped like rule files, with the edges a hand-written
// reader gets wrong: comments after values and on their own lines, blank lines, trailing spaces, compact
// sequences, `key:` with nothing after it, keys the core schema resolves (null, True), indicators at the start
// of plain scalars, escapes, block scalars with every header, multi-line plain scalars. Many documents are
// not valid YAML; the reader must then leave them to the yaml library.
import fc from 'fast-check';

type Doc = { kind: 'map'; entries: Array<{ key: string; value: Doc; comment: string }> } | { kind: 'seq'; items: Doc[]; compact: boolean } | { kind: 'scalar'; lines: string[] };

const word = fc.constantFrom('x', 'job', 'up', '5m', 'a b', 'sum(rate(x[5m]))', 'é', 'x\u00a0', '{{ $value }}', 'a:b', 'a #b', 'a: b', 'a#b', '- x', '-x', ':x', '? x', '-', '[1]', '{a}', '&a', '*a', '!t', '%p', '@', '`', ',', '|x', '>x');
const keyword = fc.constantFrom('null', 'Null', '~', 'true', 'FALSE', '1', '-0', '0x1F', '0o17', '1e3', '+.5', '1.', '.inf', '-.Inf', '.NaN', '012', '1_000', '');
const plain = fc.oneof(fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')), keyword);
const doubleQuoted = fc.array(fc.constantFrom('a', ' ', '#', ':', "'", '\\"', '\\\\', '\\n', '\\t', '\\x41', '\\u00e9', '\\U0001F600', '\\q', '\\x4', 'é'), { maxLength: 4 }).map((p) => `"${p.join('')}"`);
const singleQuoted = fc.array(fc.constantFrom('a', ' ', '#', ':', "''", '"', '\\', 'é'), { maxLength: 4 }).map((p) => `'${p.join('')}'`);
const afterValue = fc.constantFrom('', '', '', ' # note', '#tight', '   ', ' x');

/** A one-line scalar, perhaps with a comment or stray text after it. */
const inline = fc.tuple(fc.oneof({ weight: 3, arbitrary: plain }, doubleQuoted, singleQuoted), afterValue).map(([v, after]) => v + after);

/** A block scalar (its header, then body lines relative to the content indentation) or a multi-line plain one. */
const multiLine = fc.oneof(
  fc.tuple(
    fc.constantFrom('|', '|-', '>', '>-', '|+', '|2', '| # c', '>-  #c', '|#c'),
    fc.array(fc.constantFrom('text', 'more words', '  indented', '', '   ', '# not a comment', 'trail ', 'a: b'), { maxLength: 5 }),
  ).map(([header, body]) => [header, ...body]),
  fc.tuple(plain, fc.array(fc.constantFrom('more', 'and: more', '- dash', '', '# c', 'x # c', '"q"'), { minLength: 1, maxLength: 3 })).map(([first, rest]) => [first, ...rest]),
);

const key = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('a', 'b', 'expr', 'labels', 'x.y/z', '_k', 'k-1') }, fc.constantFrom('null', 'True', '__proto__', '-a', 'a b', '"q"', '1', 'a:b'));

const doc: fc.Arbitrary<Doc> = fc.letrec<{ node: Doc }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(inline.map((l) => [l]), multiLine).map((lines): Doc => ({ kind: 'scalar', lines })),
    fc.record({ kind: fc.constant('map' as const), entries: fc.array(fc.record({ key, value: tie('node'), comment: fc.constantFrom('', '', ' # c', '#c') }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), compact: fc.boolean() }),
  ),
})).node;

/** Lines of `node` as the value after `key:` (or `-`): on the same line when it fits there, else below. */
function render(node: Doc, indent: number, opener: string, comment: string): string[] {
  const pad = ' '.repeat(indent);
  if (node.kind === 'scalar') {
    const [first = '', ...rest] = node.lines;
    // Continuation and body lines sit two columns deeper; blank lines stay as they are.
    return [`${pad}${opener} ${first}`, ...rest.map((l) => (l.trim() === '' ? l : `${pad}  ${l}`))];
  }
  const below = render0(node, indent + (node.kind === 'seq' && node.compact && opener.endsWith(':') ? 0 : 2));
  return [`${pad}${opener}${comment}`, ...below];
}

function render0(node: Doc, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (node.kind === 'scalar') return node.lines.map((l, i) => (i === 0 ? pad + l : `${pad}  ${l}`));
  if (node.kind === 'map') return node.entries.flatMap((e) => render(e.value, indent, `${e.key}:`, e.comment));
  return node.items.flatMap((item) => {
    // A mapping item starts on the dash's line: `- key: value`, its other keys under the first.
    if (item.kind === 'map') {
      const lines = render0(item, indent + 2);
      return [`${pad}- ${(lines[0] as string).slice(indent + 2)}`, ...lines.slice(1)];
    }
    return render(item, indent, '-', '');
  });
}

/** Decorations between lines: comment lines at any column, blank lines (some with spaces). */
const decoration = fc.constantFrom('', '# comment', '  # indented comment', '', '   ');

export const blockYamlText: fc.Arbitrary<string> = fc
  .tuple(doc, fc.array(fc.tuple(fc.nat(), decoration), { maxLength: 3 }), fc.constantFrom('', ' ', '\n'))
  .map(([node, extras, tail]) => {
    const lines = render0(node.kind === 'scalar' ? { kind: 'map', entries: [{ key: 'a', value: node, comment: '' }] } : node, 0);
    for (const [at, line] of extras) lines.splice(at % (lines.length + 1), 0, line);
    return `${lines.join('\n')}\n${tail}`;
  });
