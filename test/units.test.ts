import { describe, expect, it } from 'vitest';
import {
  closest,
  formatByteRate,
  formatBytes,
  formatDuration,
  parseByteRate,
  parseBytes,
  parseDuration,
  parseQuantity,
  UnitError,
} from '../src/dsl/units.js';

describe('byte sizes', () => {
  it.each([
    ['900MiB', 900 * 1024 * 1024],
    ['100MB', 100_000_000],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['512KiB', 512 * 1024],
    ['1Gi', 2 ** 30],
    ['10 MiB', 10 * 2 ** 20],
    ['64B', 64],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseBytes(text).value).toBe(bytes);
  });

  it('never confuses MiB and MB', () => {
    expect(parseBytes('100MiB').value).not.toBe(parseBytes('100MB').value);
    expect(parseBytes('100MiB').value - parseBytes('100MB').value).toBe(4_857_600);
  });

  it('rejects a duration where bytes are expected, and suggests the unit for a wrong case', () => {
    expect(() => parseBytes('5m')).toThrow(/is a duration/);
    expect(() => parseBytes('5mib')).toThrow(UnitError);
    try {
      parseBytes('5mib');
    } catch (e) {
      expect((e as UnitError).suggestion).toBe('MiB');
    }
  });

  it('prints in the family the user wrote', () => {
    expect(formatBytes(943_718_400)).toBe('900 MiB');
    expect(formatBytes(100_000_000, 'si')).toBe('100 MB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

describe('durations', () => {
  it.each([
    ['30s', 30],
    ['5m', 300],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1d', 86400],
    ['2w', 1_209_600],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('round-trips through Prometheus syntax', () => {
    for (const s of [30, 300, 5400, 0.5, 86400, 3661]) expect(parseDuration(formatDuration(s))).toBe(s);
    expect(formatDuration(5400)).toBe('1h30m');
  });

  it('rejects units Prometheus does not know and byte sizes', () => {
    expect(() => parseDuration('5min')).toThrow(/not a duration/);
    expect(() => parseDuration('100MiB')).toThrow(/byte size/);
    expect(() => parseDuration('')).toThrow(UnitError);
  });
});

describe('rates', () => {
  it('parses bytes per time unit into bytes per second', () => {
    expect(parseByteRate('5MiB/min')).toEqual({ value: (5 * 2 ** 20) / 60, family: 'iec', perSeconds: 60 });
    expect(parseByteRate('50MB/h').value).toBeCloseTo(50e6 / 3600);
  });

  it('demands a time unit', () => {
    expect(() => parseByteRate('5MiB')).toThrow(/no time unit/);
    expect(() => parseQuantity('5MiB/fortnight')).toThrow(/unknown time unit/);
  });

  it('prints per minute as written', () => {
    expect(formatByteRate((5 * 2 ** 20) / 60, 'iec', 60)).toBe('5 MiB/min');
  });
});

describe('parseQuantity', () => {
  it('finds the dimension from the text', () => {
    expect(parseQuantity('90%')).toEqual({ dimension: 'ratio', value: 0.9 });
    expect(parseQuantity('500ms')).toEqual({ dimension: 'duration', value: 0.5 });
    expect(parseQuantity('100MiB').dimension).toBe('bytes');
    expect(parseQuantity('5MiB/min').dimension).toBe('byteRate');
    expect(parseQuantity(42)).toEqual({ dimension: 'number', value: 42 });
    expect(parseQuantity('42')).toEqual({ dimension: 'number', value: 42 });
  });

  it('suggests a close unit for a typo', () => {
    expect(() => parseQuantity('5Mb')).toThrow(UnitError);
  });
});

describe('closest', () => {
  it('suggests within a small edit distance only', () => {
    expect(closest('fastpai', ['fastapi', 'django'])).toBe('fastapi');
    expect(closest('zzzzzz', ['fastapi'])).toBeUndefined();
  });
});

describe('prose durations', () => {
  it('agree in number', async () => {
    const { formatDurationProse } = await import('../src/dsl/units.js');
    expect(formatDurationProse(1)).toBe('1 second');
    expect(formatDurationProse(30)).toBe('30 seconds');
    expect(formatDurationProse(3600)).toBe('1 hour');
    expect(formatDurationProse(0.5)).toBe('500 ms');
  });
});
