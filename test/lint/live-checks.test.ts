// The online checks over facts as a server would give them (the real server's answers are tested in
// test/live.test.ts): what each flags, where, and with what message; and their docs pages are current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintContext } from '../../src/lint/context.js';
import { checkDocPath, renderCheckDoc } from '../../src/lint/docs.js';
import { lintFiles } from '../../src/lint/engine.js';
import { alertKey, type LiveFacts } from '../../src/lint/live/facts.js';
import { LIVE_CHECKS, liveChecks } from '../../src/lint/live/index.js';
import { parseLintText, type LintInputs } from '../../src/lint/sources/load.js';
import { ROOT } from '../helpers/memgen.js';

const NOW = 1_800_000_000;
const facts: LiveFacts = {
  server: 'http://prom:9090',
  now: NOW,
  lookback: 7 * 86400,
  names: ['process_resident_memory_bytes', 'old_rss_bytes', 'up'],
  metrics: new Map([
    ['process_resident_memory_bytes', { state: 'present' as const }],
    ['old_rss_bytes', { state: 'gone' as const, lastSeen: NOW - 3 * 86400 }],
    ['ancient_bytes', { state: 'gone' as const }],
    ['process_resident_memory_bytez', { state: 'never' as const }],
  ]),
  labelValues: new Map([['process_resident_memory_bytes', new Map([['job', new Set(['shop', 'billing'])], ['pod', new Set([''])]])]]),
  alertFires: new Map([[alertKey('g', 'Flappy'), { fires: 12, firingSeconds: 3600 }], [alertKey('g', 'Calm'), { fires: 2, firingSeconds: 600 }]]),
  alertRange: 86400,
  alertsCountMax: 10,
};

function lint(rules: string): Array<{ rule: string; line?: number; column?: number; endColumn?: number; message: string; name?: string }> {
  const text = `groups:\n  - name: g\n    rules:\n${rules}`;
  const inputs: LintInputs = { files: [], problems: [], jobIntervals: new Map() };
  parseLintText('case.yaml', 'case.yaml', text, inputs);
  return lintFiles(inputs.files, new LintContext(), { checks: liveChecks(facts) });
}

describe('promql/series', () => {
  it('a name that never existed, with the closest existing name, under the name', () => {
    const [p, ...rest] = lint('      - alert: A\n        expr: process_resident_memory_bytez{job="shop"} > 1\n');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ rule: 'promql/series', line: 5, column: 15, endColumn: 44 });
    expect(p?.message).toBe('process_resident_memory_bytez has never existed on http://prom:9090 (no series in its whole retention); did you mean process_resident_memory_bytes?');
  });

  it('a metric that disappeared: when it was last seen, or that it is older than the lookback', () => {
    const found = lint('      - alert: A\n        expr: old_rss_bytes > 1 or ancient_bytes > 1\n');
    expect(found.map((p) => p.message)).toEqual([
      'old_rss_bytes disappeared from http://prom:9090: its last series was seen about 3d ago (2027-01-12 08:00 UTC); was the metric renamed or its exporter removed?',
      'ancient_bytes disappeared from http://prom:9090: its last series was seen not in the last 1w; was the metric renamed or its exporter removed?',
    ]);
  });

  it('a label value no series has (with a suggestion), a label no series has; regexes and negative matchers', () => {
    const found = lint([
      '      - alert: A',
      '        expr: process_resident_memory_bytes{job="shopp"} > 1',
      '      - alert: B',
      '        expr: process_resident_memory_bytes{pod="api-0"} > 1',
      '      - alert: C',
      '        expr: process_resident_memory_bytes{job=~"sh.*", pod!="x"} > 1 and process_resident_memory_bytes{job=~"bill.*|x"}',
      '      - alert: D',
      '        expr: process_resident_memory_bytes{job=~"web.*"} > 1',
      '      - record: r:rss',
      '        expr: up',
      '      - alert: E',
      '        expr: r:rss > 1',
      '',
    ].join('\n'));
    expect(found.map((p) => [p.name, p.column, p.message])).toEqual([
      ['A', 45, 'no series of process_resident_memory_bytes on http://prom:9090 has job="shopp"; job takes "billing", "shop" (did you mean "shop"?)'],
      ['B', 45, 'no series of process_resident_memory_bytes on http://prom:9090 has the label pod, so this selector matches nothing'],
      ['D', 45, 'no series of process_resident_memory_bytes on http://prom:9090 has job=~"web.*"; job takes "billing", "shop"'],
    ]);
  });
});

describe('alerts/count', () => {
  it('warns above the maximum, on alerts only', () => {
    const found = lint('      - alert: Flappy\n        expr: up == 0\n      - alert: Calm\n        expr: up == 0\n');
    expect(found.map((p) => [p.rule, p.name, p.message])).toEqual([
      ['alerts/count', 'Flappy', 'would have fired 12 times in the last 1d on http://prom:9090 (1h firing in all), more than 10; raise the threshold or add for'],
    ]);
  });
});

describe('docs pages of the online checks', () => {
  for (const check of LIVE_CHECKS) {
    it(`${checkDocPath(check)} is current (npm run docs:checks)`, () => {
      expect(readFileSync(path.join(ROOT, checkDocPath(check)), 'utf8')).toBe(renderCheckDoc(check));
    });
  }
});
