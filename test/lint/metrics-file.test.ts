// --metrics: a saved /metrics page or a plain list gives the linter metric types (and histogram buckets),
// which outrank the shipped table and the guess from the name.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintContext } from '../../src/lint/context.js';
import { readMetricsFile } from '../../src/lint/sources/metrics-file.js';
import { lintCase } from '../helpers/rule-tester.js';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'lint', 'metrics');

describe('--metrics files', () => {
  it('reads # TYPE lines and the le values of histogram buckets from a saved page', () => {
    const defs = readMetricsFile(path.join(DIR, 'scrape.txt'));
    expect(defs.map((d) => [d.name, d.type, d.line])).toEqual([
      ['gc_pause_seconds', 'histogram', 3],
      ['worker_queue_depth', 'gauge', 10],
    ]);
    expect(defs[0]?.buckets).toEqual([0.005, 0.05, 0.5, Infinity]);
  });

  it('reads a plain list of name and type, skipping comments, blank lines and samples', () => {
    const defs = readMetricsFile(path.join(DIR, 'list.txt'));
    expect(defs.map((d) => `${d.name}:${d.type}:${d.line}`)).toEqual(['shop_orders:counter:2', 'shop_cart_items:gauge:3', 'shop_checkout_seconds:histogram:5']);
  });

  it('names the file and line of a type it does not know', () => {
    const file = path.join(DIR, 'bad-type.txt');
    expect(() => readMetricsFile(file)).toThrow(`${file}:2: unknown metric type 'gauged' for shop_cart_items`);
  });

  it('feeds the checks: a listed counter without _total is not a gauge, a page bucket bounds quantiles', () => {
    const metrics = [...readMetricsFile(path.join(DIR, 'list.txt')), ...readMetricsFile(path.join(DIR, 'scrape.txt'))];
    const options = { metrics, metricSource: 'metrics file' };
    expect(lintCase({ expr: 'rate(shop_orders[5m]) > 1', options }, 'promql/rate-on-gauge')).toEqual([]);
    const gauge = lintCase({ expr: 'rate(shop_cart_items[5m]) > 1', options }, 'promql/rate-on-gauge');
    expect(gauge.map((p) => [p.severity, p.message.includes(`metrics file ${path.join(DIR, 'list.txt')}:3`)])).toEqual([['warning', true]]);
    const quantile = lintCase({ expr: 'histogram_quantile(0.9, sum by (le) (rate(gc_pause_seconds_bucket[5m]))) > 1', options }, 'promql/impossible-comparison');
    expect(quantile.map((p) => p.message)).toEqual([expect.stringMatching(/le="0\.5"/)]);
    expect(new LintContext(options).metricKind('gc_pause_seconds_count')).toMatchObject({ type: 'counter', guess: false });
  });
});
