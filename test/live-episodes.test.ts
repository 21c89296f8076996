// The rule manager's state machine replayed over query_range results, case by case (the backfilled-server
// tests compare whole histories with promtool; these pin the edges), and how ranges split into chunks.
import { describe, expect, it } from 'vitest';
import { episodesOf } from '../src/live/episodes.js';
import { chunks } from '../src/live/range.js';

const range = { start: 0, end: 600, step: 60 };
// Minutes at which the expression returned the series.
const at = (...minutes: number[]) => ({ labels: {}, times: minutes.map((m) => m * 60) });
const spans = (e: ReturnType<typeof episodesOf>) => e.map((x) => [x.start / 60, x.end / 60, x.ongoing]);

describe('episodesOf', () => {
  it('fires once t - activeAt >= for, and resolves at the first evaluation without the series', () => {
    expect(spans(episodesOf(at(1, 2, 3, 4), range, { for: 120, keepFiringFor: 0 }))).toEqual([[3, 5, false]]);
    // Two minutes present is pending only: the third evaluation is missing.
    expect(episodesOf(at(1, 2), range, { for: 120, keepFiringFor: 0 })).toEqual([]);
  });

  it('fires at once without for, and a gap starts the for clock over', () => {
    expect(spans(episodesOf(at(1, 3), range, { for: 0, keepFiringFor: 0 }))).toEqual([[1, 2, false], [3, 4, false]]);
    expect(episodesOf(at(1, 2, 4, 5), range, { for: 120, keepFiringFor: 0 })).toEqual([]);
  });

  it('keeps firing for keep_firing_for after the series is gone, counted from the first missing evaluation', () => {
    // Gone from 3: kept firing at 3 and 4 (less than 2m since 3), resolved at 5.
    expect(spans(episodesOf(at(1, 2), range, { for: 0, keepFiringFor: 120 }))).toEqual([[1, 5, false]]);
    // Back at 4 while kept: one episode, and the keep clock starts over at the next gap (6): resolved at 8.
    expect(spans(episodesOf(at(1, 2, 4, 5), range, { for: 0, keepFiringFor: 120 }))).toEqual([[1, 8, false]]);
    // Pending alerts are not kept.
    expect(episodesOf(at(1), range, { for: 120, keepFiringFor: 300 })).toEqual([]);
  });

  it('an alert still firing at the end of the range is one ongoing episode up to the end', () => {
    expect(spans(episodesOf(at(8, 9, 10), range, { for: 60, keepFiringFor: 0 }))).toEqual([[9, 10, true]]);
  });
});

describe('chunks', () => {
  it('covers every evaluation once, with at most maxPoints per chunk', () => {
    const c = chunks({ start: 0, end: 60 * 24, step: 60 }, 10);
    expect(c[0]).toEqual([0, 540]);
    expect(c[1]).toEqual([600, 1140]);
    expect(c.at(-1)?.[1]).toBe(1440);
    const points = c.flatMap(([a, b]) => Array.from({ length: (b - a) / 60 + 1 }, (_, i) => a + i * 60));
    expect(points).toEqual(Array.from({ length: 25 }, (_, i) => i * 60));
    expect(chunks({ start: 0, end: 600, step: 60 })).toEqual([[0, 600]]);
  });
});
