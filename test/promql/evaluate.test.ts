// The shared evaluator's edges that the diff's and the unit tests' callers rely on alike: the instant selector's
// lookback boundary (judged by the real promtool) and the `for` state of several series at once.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ActiveSeries, alertTimeline } from '../../src/promql/alert-state.js';
import { instant } from '../../src/promql/evaluate.js';
import { tempDir } from '../helpers/memgen.js';
import { promtool, skipWithout } from '../helpers/tools.js';

describe.skipIf(skipWithout('promtool'))('instant selector lookback, against promtool', () => {
  it('keeps a sample exactly 5 minutes old and drops one a second older, as Prometheus 2.x does', () => {
    const samples = [{ t: 0, v: 7 }];
    const times = [299, 300, 301];
    const values = times.map((s) => instant(samples, s * 1000));
    expect(values.map((v) => v !== undefined)).toEqual([true, true, false]);
    const dir = tempDir('memgen-lookback-');
    const file = path.join(dir, 'lookback.test.yaml');
    const test = {
      evaluation_interval: '1m',
      tests: [
        {
          interval: '10m',
          input_series: [{ series: 'x{job="a"}', values: '7' }],
          promql_expr_test: times.map((s, i) => ({
            expr: 'x',
            eval_time: `${s}s`,
            exp_samples: values[i] === undefined ? [] : [{ labels: 'x{job="a"}', value: values[i] }],
          })),
        },
      ],
    };
    writeFileSync(file, stringify(test));
    const r = promtool('test', 'rules', file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('ActiveSeries (`for` over labelled series)', () => {
  it('tracks each series on its own and forgets one the expression stops returning', () => {
    const active = new ActiveSeries(60_000);
    expect([...active.evaluate(0, ['a'])]).toEqual([['a', 'pending']]);
    expect([...active.evaluate(30_000, ['a', 'b'])]).toEqual([['a', 'pending'], ['b', 'pending']]);
    expect([...active.evaluate(60_000, ['b'])]).toEqual([['b', 'pending']]);
    // 'a' returned after a gap starts over; 'b' has been active for 60 s.
    expect([...active.evaluate(90_000, ['a', 'b'])]).toEqual([['a', 'pending'], ['b', 'firing']]);
  });

  it('gives one series a state at every evaluation; NaN and empty results are inactive', () => {
    const values: Record<number, number | undefined> = { 0: 5, 10_000: 5, 20_000: Number.NaN, 30_000: 5, 40_000: 5, 50_000: undefined };
    const steps = alertTimeline((t) => values[t], (v) => v > 1, 10_000, 50_000, 10_000);
    expect(steps.map((s) => s.state)).toEqual(['pending', 'firing', 'inactive', 'pending', 'firing', 'inactive']);
  });
});
