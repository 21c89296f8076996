// Mutation test of the generated unit tests: edit the emitted alerts.yaml text (not the model) so that one
// number an alert compares with (each one of a correlation join, and a forecast's horizon) is multiplied by
// 10, divided by 10, or its comparison flipped, and check that promtool
// fails at least one test of that alert, for every alert and every edit. An edit that leaves the text
// unchanged (10 × 0 is 0) is an equivalent mutant: counted, not run. Each generated test group exercises
// one alert, so a mutant runs the groups of its own alert only, which keeps the run short.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { TESTS_FILE } from '../src/emit/tests.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { writeOutput } from '../src/write/output.js';
import { tempDir } from './helpers/memgen.js';
import { skipWithout } from './helpers/tools.js';

const RULES_FILE = 'prometheus/alerts.yaml';

/**
 * Mutants of the alert-truth expressions that the generated per-alert tests do not kill yet (the shape suite,
 * tests/shapes.test.yaml, is not run per mutant: it takes promtool about a minute). Each is a known gap, listed
 * so that a new survivor, or one a better scenario kills, changes this list in review:
 * - the forecast limit divided by 10 and one half's minimum growth divided by 10: the firing scenario's binding
 *   term is the older half's growth, and the step scenarios are checked only at the end of their series;
 * - the working-set forecast's restart guard flipped: no scenario has a restart inside the window while the
 *   forecast and both halves still hold.
 */
const KNOWN_SURVIVORS = [
  'MemoryExhaustionForecast: threshold ÷ 10 (> 1048576000)',
  'MemoryExhaustionForecast: threshold ÷ 10 (> 5242880)',
  'MemoryLimitForecast: threshold ÷ 10 (> 5242880)',
  'MemoryLimitForecast: comparison flipped (> 0)',
];
/** promtool runs at once: the machine has 2 cores. */
const PARALLEL = 2;

interface Mutant {
  alert: string;
  edit: string;
  rules: string;
}

type Edit = [name: string, change: (op: string, n: number) => [string, number]];
const EDITS: Edit[] = [
  ['threshold × 10', (op, n) => [op, n * 10]],
  ['threshold ÷ 10', (op, n) => [op, n / 10]],
  ['comparison flipped', (op, n) => [op === '>' ? '<' : '>', n]],
];
/** predict_linear's horizon is a threshold too (how far ahead the limit counts); it has no comparison to flip. */
const HORIZON_EDITS = EDITS.slice(0, 2);

/** A number the expression compares with (`> 5242880`, also inside a join: `> 0.05)`), or a forecast horizon. */
const SITES = / ([<>]) (-?[\d.e+]+)(?=\)|$)|(predict_linear\([^()]*\[[^\]]*\], )(-?[\d.e+]+)\)/g;

/** Every single edit of every alert's `expr:` line: each comparison with a number, and each horizon. */
function mutantsOf(rules: string): { mutants: Mutant[]; equivalent: string[]; alerts: string[] } {
  const lines = rules.split('\n');
  const mutants: Mutant[] = [];
  const equivalent: string[] = [];
  const alerts: string[] = [];
  let alert = '';
  lines.forEach((text, i) => {
    const name = /^\s+- alert: (\S+)$/.exec(text);
    if (name) alert = name[1] as string;
    if (!/^\s+expr: /.test(text)) return;
    const sites = [...text.matchAll(SITES)];
    if (sites.length > 0) alerts.push(alert);
    for (const site of sites) {
      const horizon = site[3] !== undefined;
      const [prefix, op, number] = horizon ? [site[3] as string, '', site[4] as string] : [' ', site[1] as string, site[2] as string];
      for (const [edit, change] of horizon ? HORIZON_EDITS : EDITS) {
        const [newOp, n] = change(op, Number(number));
        const replacement = horizon ? `${prefix}${String(n)})` : ` ${newOp} ${String(n)}`;
        const label = `${alert}: ${edit} (${horizon ? `horizon ${number}` : `${op} ${number}`})`;
        if (replacement === site[0]) {
          equivalent.push(label);
          continue;
        }
        const mutated = text.slice(0, site.index) + replacement + text.slice((site.index as number) + site[0].length);
        mutants.push({ alert, edit: label, rules: [...lines.slice(0, i), mutated, ...lines.slice(i + 1)].join('\n') });
      }
    }
  });
  return { mutants, equivalent, alerts };
}

const execFileAsync = promisify(execFile);

async function promtoolTest(dir: string): Promise<{ status: number; output: string }> {
  try {
    const r = await execFileAsync('promtool', ['test', 'rules', path.join(dir, TESTS_FILE)], { maxBuffer: 64 * 1024 * 1024 });
    return { status: 0, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function inPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

describe.skipIf(skipWithout('promtool'))('mutation test of the generated alert tests', () => {
  const base = tempDir('memgen-mutation-');
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const { files } = compile(loadPreset('fastapi'));
  const original = path.join(base, 'original');
  writeOutput(original, files.filter((f) => f.path === RULES_FILE || f.path === TESTS_FILE));
  const rules = files.find((f) => f.path === RULES_FILE)?.content ?? '';
  const { mutants, equivalent, alerts } = mutantsOf(rules);
  const suite = parse(files.find((f) => f.path === TESTS_FILE)?.content ?? '') as { tests: Array<{ alert_rule_test: Array<{ alertname: string }> }> };
  const testsOf = (alert: string): string =>
    stringify({ ...suite, tests: suite.tests.filter((t) => t.alert_rule_test.every((c) => c.alertname === alert)) });

  it('finds every alert, correlation joins included, and only scaled zeros as equivalent mutants', () => {
    const model = compile(loadPreset('fastapi')).model;
    const all = model.groups.flatMap((g) => g.alerts);
    expect(alerts).toEqual(all.map((a) => a.name));
    expect(all.filter((a) => a.kind === 'correlation').length).toBeGreaterThan(0);
    // A zero threshold ×10 or ÷10 is still zero; every other edit changes the rule.
    for (const e of equivalent) expect(e).toMatch(/: threshold [×÷] 10 \([<>] 0\)$/);
    const zeros = all.filter((a) => a.threshold.promValue === 0).map((a) => a.name);
    for (const a of zeros) expect(equivalent).toContain(`${a}: threshold × 10 (> 0)`);
    // The forecasts now write their horizon as a factor of the floor's growth (`* 4`, `* 43200 / 10800`), not as
    // predict_linear's argument; their thresholds (the limit, each half's minimum growth) are edited instead.
    expect(mutants.some((m) => m.edit.startsWith('MemoryExhaustionForecast: threshold'))).toBe(true);
  });

  it('passes on the unedited rules', async () => {
    const r = await promtoolTest(original);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it(
    'kills every mutant: some test of the edited alert fails',
    async () => {
      const results = await inPool(mutants, PARALLEL, async (m) => {
        const dir = path.join(base, `mutant-${mutants.indexOf(m)}`);
        mkdirSync(path.join(dir, 'prometheus'), { recursive: true });
        mkdirSync(path.join(dir, 'tests'), { recursive: true });
        writeFileSync(path.join(dir, RULES_FILE), m.rules);
        writeFileSync(path.join(dir, TESTS_FILE), testsOf(m.alert));
        const r = await promtoolTest(dir);
        return { mutant: m.edit, killed: r.status === 1 && r.output.includes(`alertname: ${m.alert},`) };
      });
      const survivors = results.filter((r) => !r.killed).map((r) => r.mutant);
      console.log(`mutation test: ${results.length - survivors.length}/${results.length} mutants killed, ${equivalent.length} equivalent (${equivalent.join('; ')})`);
      expect(survivors).toEqual(KNOWN_SURVIVORS);
    },
    900_000,
  );
});
