// memgen's YAML writer against the yaml library it replaced: the same bytes on random documents (so committed
// output cannot change), and text that both the yaml library and promtool read back as the data written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../src/source/config-file.js';
import { emitAll } from '../src/emit/index.js';
import { buildCheckedModel, loadPreset } from '../src/pipeline.js';
import { writeYaml } from '../src/write/yaml.js';
import { FLEET_CONFIG } from './helpers/outputs.js';
import { referenceYaml } from './helpers/yaml-reference.js';

// Strings that hit each rule of plain, single- and double-quoted scalars.
const TRICKY = [
  '', ' ', 'a', ' a', 'a ', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '-', '- a', '-a', '?', '? a', ':', 'a:', '[a]', '{a}', 'a,b',
  '&a', '*a', '!a', '|', '>', "'", '"', '%a', '@a', '`a', 'null', 'Null', 'NULL', '~', 'true', 'False', 'TRUE', 'yes', 'on',
  '0', '-1', '+1', '007', '0o17', '0x1F', '0xG', '1e3', '-1.5E-3', '.5', '1.', '.inf', '-.Inf', '.nan', '.NaN', '12:30',
  '---', '--- a', '...', '... a', 'a\n---', 'a\nb', 'a\n\nb', 'a \nb', 'a\n b', 'a\n', '\n', ' \n', 'a\tb', '\ta', "it's",
  'say "hi"', `both ' and "`, 'a\n"b', "a\n'b", 'x\u0085y', 'x\u2028y', 'x\u2029y', '\ufeffx', 'é', '\u00a0', 'a\u0000b',
  'a\u0007b', 'a\u001bb', 'a\u007fb', '\ud800', 'a\\u0000b', 'a\\nb', 'a \\n', '{{ $value }}', 'sum by (job) (rate(x[5m])) > 0.5',
  'http://localhost:9090', 'k'.repeat(1030),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '"', "'", '\\', '\t', '0', '.'), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...TRICKY), { maxLength: 3 }).map((parts) => parts.join('')) },
);

const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1e21, 5e-7, 0.1, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity),
  fc.boolean(),
  fc.constant(null),
);

const { document } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
  map: fc.dictionary(text, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 5 }),
  document: fc.oneof(tie('map'), tie('list')),
}));

/** What a document means once written: maps drop undefined values, sequences keep their place as null. */
function asWritten(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(asWritten);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, asWritten(v)]));
  }
  return value;
}

describe('the YAML writer', () => {
  it('writes the bytes the yaml library writes, on random documents', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(writeYaml(doc)).toBe(referenceYaml(doc));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes text the yaml library reads back as the data written', () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(parse(writeYaml(doc))).toEqual(parse(referenceYaml(doc)));
        expect(parse(writeYaml(doc))).toEqual(asWritten(doc));
      }),
      { numRuns: 1000 },
    );
  });

  it.each(TRICKY.map((s) => [s]))('writes %j as the yaml library does, as a key and as a value at any depth', (s) => {
    // Long strings are classified once per document: the same string at other depths must still come out right.
    for (const text of [s, `${s}${'x'.repeat(32)}${s}`]) {
      const doc = { [text]: text, nested: { [text]: [text, { [text]: text }] }, list: [[text]] };
      expect(writeYaml(doc)).toBe(referenceYaml(doc));
      expect(writeYaml([text])).toBe(referenceYaml([text]));
    }
  });

  it.each([
    ['the fastapi preset', async () => loadPreset('fastapi')],
    ['the fleet fixture', async () => loadConfigFile(FLEET_CONFIG)],
  ])('writes every YAML document of %s as the yaml library does', async (_name, load) => {
    const docs = emitAll(buildCheckedModel(await load())).filter((d) => d.format === 'yaml');
    expect(docs.length).toBeGreaterThan(5);
    for (const d of docs) {
      for (const data of d.multiDocument ? (d.data as unknown[]) : [d.data]) expect(writeYaml(data), d.path).toBe(referenceYaml(data));
    }
  });

  it('writes an iterable that is not an array as a sequence, taking its items one at a time', () => {
    let taken = 0;
    const lazy = (items: unknown[]): Iterable<unknown> => ({
      *[Symbol.iterator]() {
        for (const item of items) {
          taken++;
          yield item;
        }
      },
    });
    const doc = () => ({ tests: lazy([{ name: 'a', series: lazy(['x', 'y']) }, lazy([]), 3]), none: lazy([]), after: 'z' });
    expect(writeYaml(doc())).toBe(referenceYaml(doc()));
    expect(writeYaml(doc())).toBe('tests:\n  - name: a\n    series:\n      - x\n      - y\n  - []\n  - 3\nnone: []\nafter: z\n');
    expect(taken).toBe(3 * 5);
  });

  it('names the place of data YAML cannot hold', () => {
    expect(() => writeYaml({ a: [{ b: new Date(0) }] })).toThrow(/Date object as YAML at a\[0\]\.b/);
    const cycle: Record<string, unknown> = {};
    cycle.self = { cycle };
    expect(() => writeYaml(cycle)).toThrow(/circular structure as YAML at self\.cycle\.self/);
    expect(() => writeYaml({ f: () => 1 })).toThrow(/function as YAML at f$/);
  });
});
