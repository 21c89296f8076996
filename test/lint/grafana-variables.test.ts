import { describe, expect, it } from 'vitest';
import { isRateInterval, withGrafanaVariables } from '../../src/promql/grafana-variables.js';
import { syntaxErrors } from '../../src/promql/parse.js';

describe('withGrafanaVariables', () => {
  it.each([
    'rate(x{job=~"$job"}[$__rate_interval])',
    'increase(x[${__rate_interval}]) * $__range_s',
    'sum_over_time(x[$__interval]) / $scale',
    'avg_over_time(x[$__range])',
    'x offset $__interval',
  ])('keeps positions and makes %s parse', (expr) => {
    const out = withGrafanaVariables(expr);
    expect(out).toHaveLength(expr.length);
    expect(syntaxErrors(out)).toEqual([]);
  });

  it('leaves variables inside strings alone', () => {
    const expr = 'x{job=~"$job", path="a\\"$b"} + y{i=~\'$instance\'}';
    expect(withGrafanaVariables(expr)).toBe(expr);
  });

  it('with inStrings, turns variables inside strings into letters of the same length', () => {
    const expr = 'x{job=~"$job|[[env]]", path="a\\"${b:regex}"} + y{i=~\'$instance\'}';
    const out = withGrafanaVariables(expr, { inStrings: true });
    expect(out).toBe('x{job=~"xxxx|xxxxxxx", path="a\\"xxxxxxxxxx"} + y{i=~\'xxxxxxxxx\'}');
    expect(syntaxErrors(out)).toEqual([]);
  });

  it('recognises $__rate_interval in both spellings only', () => {
    expect(['$__rate_interval', '${__rate_interval}'].every(isRateInterval)).toBe(true);
    expect(['$__interval', '5m', '$rate_interval'].some(isRateInterval)).toBe(false);
  });
});
