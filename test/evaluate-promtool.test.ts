// The diff's evaluator against the real promtool: for several preset alerts (some with changed thresholds)
// and standard profiles, the first evaluation at which promtool's rule engine fires the alert is found on the
// same synthetic series, and must agree with the evaluator's time to fire within one evaluation interval.
// The rule under test is its expression and `for` alone (test/helpers/promtool-firing.ts).
import { describe, expect, it } from 'vitest';
import { snapshotOfModel, type AlertSnapshot } from '../src/diff/snapshot.js';
import { profilesFor, runProfile, type Profile } from '../src/diff/impact.js';
import type { Series } from '../src/diff/evaluate.js';
import { buildCheckedModel, loadPreset } from '../src/pipeline.js';
import { validateConfig } from '../src/config/validate.js';
import { fastapi } from '../presets/fastapi.js';
import { tempDir } from './helpers/memgen.js';
import { promtoolFirstFiring as firstFiringInPromtool, type InputSeries } from './helpers/promtool-firing.js';
import { skipWithout } from './helpers/tools.js';

function presetAlerts(overrides: Parameters<typeof fastapi>[0] = {}): AlertSnapshot[] {
  const loaded = Object.keys(overrides).length === 0 ? loadPreset('fastapi') : { ...validateConfig(fastapi(overrides), () => ({ file: 'test' })), source: 'test', locate: () => ({ file: 'test' }) };
  return snapshotOfModel(buildCheckedModel(loaded)).alerts;
}

function seriesNotation(s: Series, untilMs: number): InputSeries {
  const { __name__: name, ...labels } = s.labels;
  const matchers = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return { series: `${name}{${matchers.join(', ')}}`, values: s.samples.filter((x) => x.t <= untilMs).map((x) => String(x.v)).join(' ') };
}

/** The first candidate time (seconds) at which promtool fires the alert, or undefined if it fires at none. */
function promtoolFirstFiring(dir: string, alert: AlertSnapshot, profile: Profile, candidates: number[], scrape: number, evaluation: number): Promise<number | undefined> {
  const untilMs = (candidates[candidates.length - 1] as number) * 1000;
  return firstFiringInPromtool(dir, { alert: alert.name, expr: alert.expr, for: alert.for }, profile.series.map((s) => seriesNotation(s, untilMs)), candidates, scrape, evaluation);
}

const CASES: Array<{ alert: string; profile: string; overrides?: Parameters<typeof fastapi>[0] }> = [
  { alert: 'RapidMemoryGrowth', profile: 'leak-20MiB-per-min' },
  { alert: 'RapidMemoryGrowth', profile: 'leak-20MiB-per-min', overrides: { alerts: { RapidMemoryGrowth: { above: '8MiB/min' } } } },
  { alert: 'MemoryLeakDetected', profile: 'leak-5MiB-per-min' },
  { alert: 'CriticalMemoryUsage', profile: 'leak-20MiB-per-min' },
  { alert: 'AnomalousMemoryPattern', profile: 'leak-5MiB-per-min' },
  { alert: 'MonotonicMemoryGrowth', profile: 'leak-1MiB-per-min' },
  { alert: 'GCSlowdown', profile: 'step-2x' },
  { alert: 'HighMemoryEndpoint', profile: 'step-2x', overrides: { alerts: { HighMemoryEndpoint: { above: '20MiB' } } } },
  // Scrape and evaluation out of step, so windows start and end between samples (extrapolation, lookback).
  { alert: 'MemoryLeakDetected', profile: 'leak-20MiB-per-min', overrides: { scrapeInterval: '45s', evaluationInterval: '20s' } },
  { alert: 'RapidMemoryGrowth', profile: 'leak-20MiB-per-min', overrides: { scrapeInterval: '45s', evaluationInterval: '20s' } },
  { alert: 'GCSlowdown', profile: 'step-2x', overrides: { scrapeInterval: '45s', evaluationInterval: '20s' } },
];

describe.skipIf(skipWithout('promtool'))('time to fire: evaluator vs promtool test rules', () => {
  const dir = tempDir('memgen-ttf-');

  async function evaluatorAndPromtool(c: (typeof CASES)[number], forSkew = 0): Promise<{ ours: number; theirs: number | undefined; step: number }> {
    const alert = presetAlerts(c.overrides).find((a) => a.name === c.alert);
    if (!alert) throw new Error(`no alert ${c.alert}`);
    // The profiles and the evaluation read the alert as written: its expression, through the PromQL engine.
    const profile = profilesFor(alert, alert.impact).find((p) => p.id === c.profile);
    if (!profile) throw new Error(`no profile ${c.profile} for ${c.alert}`);
    const outcome = runProfile(alert, alert.for + forSkew, profile, alert.impact.evaluationInterval);
    expect(typeof outcome.firesAfter, 'the cases are chosen so the alert fires').toBe('number');
    const ours = profile.onset + (outcome.firesAfter as number);
    const step = alert.impact.evaluationInterval;
    // Every evaluation from 10 minutes before our time to two intervals after; the first must be silent in promtool too.
    const candidates: number[] = [];
    for (let t = Math.max(profile.onset, ours - 600); t <= ours + 2 * step; t += step) candidates.push(t);
    const theirs = await promtoolFirstFiring(dir, alert, profile, candidates, alert.impact.scrapeInterval, step);
    expect(theirs, 'promtool fires within the candidate times').toBeDefined();
    expect(theirs).not.toBe(candidates[0]);
    return { ours, theirs, step };
  }

  it('the cross-check can fail: an evaluator that waits 2 minutes too long disagrees with promtool', async () => {
    const { ours, theirs, step } = await evaluatorAndPromtool({ alert: 'RapidMemoryGrowth', profile: 'leak-20MiB-per-min' }, 120);
    expect(Math.abs((theirs as number) - ours)).toBeGreaterThan(step);
  });

  // Where the evaluator says "never", promtool stays silent too: at 5 MiB/min the slope equals RapidMemoryGrowth's
  // threshold exactly, and `>` must not fire on rounding noise.
  const NEVER: typeof CASES = [
    { alert: 'RapidMemoryGrowth', profile: 'leak-5MiB-per-min' },
    { alert: 'MemoryLeakDetected', profile: 'leak-1MiB-per-min' },
  ];
  for (const c of NEVER) {
    it(`${c.alert} ${c.profile}: never fires, and promtool agrees over the horizon`, async () => {
      const alert = presetAlerts().find((a) => a.name === c.alert);
      const profile = alert && profilesFor(alert, alert.impact).find((p) => p.id === c.profile);
      if (!alert || !profile) throw new Error(`no ${c.alert} ${c.profile}`);
      expect(runProfile(alert, alert.for, profile, alert.impact.evaluationInterval).firesAfter).toBeNull();
      const step = alert.impact.evaluationInterval;
      const candidates: number[] = [];
      for (let t = profile.onset; t <= profile.onset + 3 * 3600; t += step) candidates.push(t);
      expect(await promtoolFirstFiring(dir, alert, profile, candidates, alert.impact.scrapeInterval, step)).toBeUndefined();
    });
  }

  for (const c of CASES) {
    const label = `${c.alert} ${c.profile}${c.overrides ? ` with ${JSON.stringify(c.overrides)}` : ''}`;
    it(`${label} fires at the same evaluation as promtool's, within one evaluation interval`, async () => {
      const { ours, theirs, step } = await evaluatorAndPromtool(c);
      expect(Math.abs((theirs as number) - ours)).toBeLessThanOrEqual(step);
    });
  }
});
