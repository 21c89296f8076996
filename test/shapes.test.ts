// The alert-truth bar: over the whole shape catalog (synthetic and recorded from a real FastAPI service), the
// fastapi preset fires nothing on a healthy shape and catches every leak before the memory limit, with a page
// within 20 minutes for leaks of 8 MiB/min and faster and an hour of lead time for slower ones, for limits of
// 512 MiB, 1000 MiB and 4 GiB and scrapes of 15s, 30s and 60s. The engine's verdicts are then proven by the
// real promtool on the generated tests/shapes.test.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fastapi, type FastapiOptions } from '../presets/fastapi.js';
import { SHAPE_TESTS_FILE } from '../src/emit/shape-tests.js';
import { buildCheckedModel, compile } from '../src/pipeline.js';
import { shapeCatalog, SYNTHETIC_SHAPES } from '../src/shapes/catalog.js';
import { MIB } from '../src/shapes/types.js';
import { catalogSkipped, judgeCatalog, type ShapeResult } from '../src/shapes/judge.js';
import { sampleShape } from '../src/shapes/sample.js';
import { formatShapeValues } from '../src/shapes/series.js';
import { writeOutput } from '../src/write/output.js';
import { memgen, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

function presetModel(options: FastapiOptions) {
  return buildCheckedModel({ config: fastapi(options), problems: [], source: 'preset fastapi', locate: () => ({ file: 'preset fastapi' }) });
}

function judge(options: FastapiOptions): ShapeResult[] {
  const model = presetModel(options);
  return judgeCatalog(model, model.services[0]!, model.groups[0]!.alerts);
}

const FROM_START = new Set(['leak/from-start', 'recorded/leak']);

describe('the shape catalog', () => {
  it('has the healthy and leaking shapes the issue lists, and three recorded traces', () => {
    const ids = shapeCatalog().map((s) => s.id);
    for (const id of ['healthy/flat', 'healthy/gc-sawtooth', 'healthy/warmup-fast', 'healthy/warmup-cache', 'healthy/restart', 'healthy/new-pod', 'healthy/burst', 'healthy/step', 'healthy/batch-job', 'healthy/high-stable']) expect(ids).toContain(id);
    for (const id of ['leak/fast', 'leak/medium', 'leak/slow', 'leak/staircase', 'leak/sawtooth', 'leak/late']) expect(ids).toContain(id);
    expect(ids.filter((id) => id.startsWith('recorded/')).sort()).toEqual(['recorded/cache-fill', 'recorded/leak', 'recorded/transient']);
  });

  it('is deterministic, in whole pages, and a leak ends one scrape before it reaches the limit', () => {
    const ctx = { memoryLimit: 1000 * MIB, scrapeInterval: 30 };
    for (const shape of shapeCatalog()) {
      const a = sampleShape(shape, ctx);
      const b = sampleShape(shape, ctx);
      expect(a.lives.map((l) => l.rss)).toEqual(b.lives.map((l) => l.rss));
      for (const l of a.lives) for (const v of l.rss) expect(v % 4096).toBe(0);
      const all = a.lives.flatMap((l) => l.rss);
      if (shape.healthy) {
        expect(Math.max(...all), shape.id).toBeLessThan(0.85 * ctx.memoryLimit);
      } else {
        const run = a.run;
        const life = run.lives[run.lives.length - 1]!;
        expect(life.rss(run.limitAt! - ctx.scrapeInterval), shape.id).toBeLessThan(ctx.memoryLimit);
        expect(life.rss(run.limitAt!), shape.id).toBeGreaterThanOrEqual(ctx.memoryLimit);
      }
    }
  });

  it('replays the recorded traces at their sidecar time scale, RSS unchanged', () => {
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '../shapes/recorded');
    const meta = JSON.parse(readFileSync(path.join(dir, 'fastapi-cache-fill.json'), 'utf8')) as { replay: { time_scale: number } };
    const rows = readFileSync(path.join(dir, 'fastapi-cache-fill.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    const shape = shapeCatalog().find((s) => s.id === 'recorded/cache-fill')!;
    const rss = shape.generate({ memoryLimit: 1000 * MIB, scrapeInterval: 30 }).lives[0]!.rss;
    const scale = meta.replay.time_scale;
    expect(rss(100 * scale)).toBe(rows[100]);
    expect(rss(500 * scale)).toBe(rows[500]);
    // Past the recording, the settled last quarter repeats.
    expect(rss(rows.length * scale)).toBe(rows[rows.length - Math.floor(rows.length / 4)]);
  });

  it("writes values in promtool's expanding notation that expand to the same numbers", () => {
    expect(formatShapeValues([1, 2, 3, 3, undefined, undefined, 7])).toBe('1+1x2 3 _x2 7');
    expect(formatShapeValues([5, 5, 5])).toBe('5+0x2');
    expect(formatShapeValues([9, 4])).toBe('9-5x1');
  });
});

describe('the fastapi preset over the catalog (engine)', () => {
  const variants: FastapiOptions[] = [{}, { memoryLimit: '512MiB' }, { memoryLimit: '4GiB' }, { scrapeInterval: '15s' }, { scrapeInterval: '60s' }, { memoryLimit: '512MiB', scrapeInterval: '60s' }];
  for (const options of variants) {
    it(`fires nothing on a healthy shape and pages on every leak in time: ${JSON.stringify(options)}`, () => {
      for (const r of judge(options)) {
        const fired = r.cells.filter((c) => c.firstFiring !== undefined).map((c) => c.alert.name);
        if (r.shape.healthy) {
          expect(fired, r.shape.id).toEqual([]);
          continue;
        }
        const { leakStart, limitAt, leakRate } = r.sampled.run;
        expect(r.verdict, r.shape.id).toBe('ok');
        if (FROM_START.has(r.shape.id)) continue;
        expect(r.pagedAt, `${r.shape.id} is paged`).toBeDefined();
        if (leakRate !== undefined && leakRate >= 8 * MIB) {
          expect(r.pagedAt! - leakStart!, `${r.shape.id}: paged within 20 minutes of the leak's start`).toBeLessThanOrEqual(20 * 60);
        } else {
          expect(limitAt! - r.pagedAt!, `${r.shape.id}: paged an hour before the limit`).toBeGreaterThanOrEqual(3600);
        }
      }
    });
  }

  it('a 1s scrape and evaluation is beyond what memgen simulates: the catalog is not run, and says why', () => {
    const model = presetModel({ scrapeInterval: '1s', evaluationInterval: '1s' });
    expect(catalogSkipped(model, model.services[0]!)).toMatch(/more than memgen simulates/);
    expect(judgeCatalog(model, model.services[0]!, model.groups[0]!.alerts)).toEqual([]);
    expect(catalogSkipped(presetModel({}), presetModel({}).services[0]!)).toBeUndefined();
  });

  it('the from-start leaks are caught before the limit, after the warm-up grace', () => {
    for (const r of judge({ memoryLimit: '512MiB' }).filter((x) => FROM_START.has(x.shape.id))) {
      expect(r.leadTime, r.shape.id).toBeGreaterThan(0);
      expect(r.caughtAt, r.shape.id).toBeGreaterThanOrEqual(3600);
    }
  });

  it('the guide-style alerts without the new signals do fire on healthy shapes, so the judge can fail', () => {
    const config = fastapi();
    config.alerts = [{ kind: 'slope', name: 'NaiveGrowth', tier: 'high', metric: 'rss', window: '10m', above: '5MiB/min', for: '10m' }];
    config.dashboard = { ...config.dashboard, panels: [] };
    const model = buildCheckedModel({ config, problems: [], source: 'x', locate: () => ({ file: 'x' }) });
    const results = judgeCatalog(model, model.services[0]!, model.groups[0]!.alerts);
    const falseAlarms = results.filter((r) => r.verdict === 'false alarm').map((r) => r.shape.id);
    expect(falseAlarms).toContain('healthy/warmup-fast');
    expect(falseAlarms).toContain('healthy/batch-job');
  });
});

describe.skipIf(skipWithout('promtool'))('the shape tests with the real promtool', () => {
  const variants: Array<[string, FastapiOptions]> = [
    ['default', {}],
    ['512MiB, 60s scrape', { memoryLimit: '512MiB', scrapeInterval: '60s' }],
    ['4GiB, 15s scrape', { memoryLimit: '4GiB', scrapeInterval: '15s' }],
  ];
  for (const [title, options] of variants) {
    it(`promtool confirms every count and first firing the engine predicts: ${title}`, { timeout: 600_000 }, () => {
      const dir = tempDir();
      const { files } = compile({ config: fastapi(options), problems: [], source: 'preset fastapi', locate: () => ({ file: 'preset fastapi' }) });
      writeOutput(dir, files);
      const suite = parse(readFileSync(path.join(dir, SHAPE_TESTS_FILE), 'utf8')) as { tests: Array<{ name: string; alert_rule_test: unknown[] }> };
      expect(suite.tests.map((t) => t.name.split(':')[0])).toContain('shape recorded/cache-fill');
      expect(suite.tests.some((t) => t.alert_rule_test.length > 0)).toBe(true);
      const r = promtool('test', 'rules', path.join(dir, SHAPE_TESTS_FILE));
      expect(r.stdout + r.stderr).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });
  }

  it('promtool fails the suite when the engine would be wrong: a count off by one', { timeout: 600_000 }, () => {
    const dir = tempDir();
    const { files } = compile({ config: fastapi(), problems: [], source: 'preset fastapi', locate: () => ({ file: 'preset fastapi' }) });
    writeOutput(dir, files);
    const file = path.join(dir, SHAPE_TESTS_FILE);
    const suite = parse(readFileSync(file, 'utf8')) as { tests: Array<{ name: string; promql_expr_test: Array<{ exp_samples: Array<{ value: number }> }> }> };
    const leak = suite.tests.find((t) => t.name.startsWith('shape leak/fast'))!;
    const counted = leak.promql_expr_test.find((p) => p.exp_samples.length > 0)!;
    counted.exp_samples[0]!.value += 1;
    suite.tests = [leak] as typeof suite.tests;
    writeFileSync(file, JSON.stringify(suite));
    const r = promtool('test', 'rules', file);
    expect(r.status).not.toBe(0);
  });

  it('memgen test fails on a healthy shape that fires, and passes once the config accepts it with a reason', { timeout: 600_000 }, () => {
    const dir = tempDir();
    const config = (accept: boolean): string => `metrics:
  rss: { name: process_rss_bytes, type: gauge, unit: bytes }
services:
  - { name: api, port: 9100, memoryLimit: 1000MiB }
alerts:
  - { kind: value, name: NearLimit, tier: critical, metric: rss, above: 90%, for: 2m }
  - kind: slope
    name: FastGrowth
    tier: high
    metric: rss
    window: 10m
    above: 5MiB/min
    for: 10m
${accept ? "    accept:\n      - { shape: healthy/warmup-fast, reason: 'restarts are rare here' }\n      - { shape: healthy/batch-job, reason: 'no batch jobs on this service' }\n      - { shape: healthy/burst, reason: 'bursts page by design' }\n      - { shape: healthy/step, reason: 'steps page by design' }\n      - { shape: healthy/restart, reason: 'restarts are rare here' }\n      - { shape: healthy/new-pod, reason: 'restarts are rare here' }\n      - { shape: healthy/warmup-cache, reason: 'the cache is small' }\n      - { shape: recorded/cache-fill, reason: 'the cache is small' }\n      - { shape: healthy/high-stable, reason: 'restarts are rare here' }\n" : ''}`;
    writeFileSync(path.join(dir, 'memgen.config.yaml'), config(false));
    const failing = memgen(['test', '-c', path.join(dir, 'memgen.config.yaml')]);
    expect(failing.stdout).toContain('shape matrix');
    expect(failing.stdout).toMatch(/healthy\/warmup-fast .*FALSE ALARM: FastGrowth/);
    expect(failing.status).toBe(1);
    writeFileSync(path.join(dir, 'memgen.config.yaml'), config(true));
    const passing = memgen(['test', '-c', path.join(dir, 'memgen.config.yaml')]);
    expect(passing.stdout).toMatch(/healthy\/warmup-fast .*ok \(accepted: FastGrowth\)/);
    expect(passing.status, passing.stderr).toBe(0);
  });
});

describe('the preset alerts and what they rule out', () => {
  it('every growth alert waits out the warm-up and says what it ruled out', () => {
    const model = presetModel({});
    for (const name of ['MemoryLeakDetected', 'RapidMemoryGrowth', 'MonotonicMemoryGrowth', 'AnomalousMemoryPattern', 'MemoryExhaustionForecast']) {
      const alert = model.groups[0]!.alerts.find((a) => a.name === name)!;
      expect(alert.expr, name).toContain('unless on (job, instance) (time() - process_start_time_seconds{job="fastapi-app"} < 3600)');
      expect(alert.annotations.description, name).toMatch(/Not a warm-up/);
    }
  });

  it('the synthetic catalog alone has no recorded shape in it', () => {
    expect(SYNTHETIC_SHAPES.some((s) => s.id.startsWith('recorded/'))).toBe(false);
  });
});
