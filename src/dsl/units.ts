// Quantities with units. Configs write them as strings ('900MiB', '5m', '5MiB/min', '90%'), the same in TS
// and YAML; everything downstream works in base units (bytes, seconds, per second) and converts back only
// to print. MiB and MB are different units and are never confused.
import { parseDuration as parsePromDuration } from '../promql/duration.js';

/** A byte size: a number and a unit, e.g. '900MiB', '100MB', '512KiB', '2GiB', '1.5Gi'. */
export type ByteSize = `${number}${ByteUnit}`;
/** A Prometheus duration, e.g. '30s', '5m', '1h30m', '500ms'. */
export type Duration = `${number}${DurationUnit}` | `${number}${DurationUnit}${string}`;
/** A growth rate of bytes per unit of time, e.g. '5MiB/min', '100MB/h'. */
export type ByteRate = `${number}${ByteUnit}/${RateTimeUnit}`;
/** A share of a whole, e.g. '90%'. */
export type Percent = `${number}%`;

export type ByteUnit =
  | 'B'
  | 'kB' | 'KB' | 'MB' | 'GB' | 'TB'
  | 'KiB' | 'MiB' | 'GiB' | 'TiB'
  | 'Ki' | 'Mi' | 'Gi' | 'Ti';
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y';
export type RateTimeUnit = 's' | 'sec' | 'm' | 'min' | 'h' | 'hour';

const BYTE_UNITS: Record<ByteUnit, { factor: number; family: ByteFamily }> = {
  B: { factor: 1, family: 'iec' },
  kB: { factor: 1e3, family: 'si' },
  KB: { factor: 1e3, family: 'si' },
  MB: { factor: 1e6, family: 'si' },
  GB: { factor: 1e9, family: 'si' },
  TB: { factor: 1e12, family: 'si' },
  KiB: { factor: 2 ** 10, family: 'iec' },
  MiB: { factor: 2 ** 20, family: 'iec' },
  GiB: { factor: 2 ** 30, family: 'iec' },
  TiB: { factor: 2 ** 40, family: 'iec' },
  Ki: { factor: 2 ** 10, family: 'iec' },
  Mi: { factor: 2 ** 20, family: 'iec' },
  Gi: { factor: 2 ** 30, family: 'iec' },
  Ti: { factor: 2 ** 40, family: 'iec' },
};

// Prometheus's own duration units (model.ParseDuration).
const DURATION_UNITS: Record<DurationUnit, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

const RATE_TIME_UNITS: Record<RateTimeUnit, { seconds: number; label: string }> = {
  s: { seconds: 1, label: 's' },
  sec: { seconds: 1, label: 's' },
  m: { seconds: 60, label: 'min' },
  min: { seconds: 60, label: 'min' },
  h: { seconds: 3600, label: 'h' },
  hour: { seconds: 3600, label: 'h' },
};

export type ByteFamily = 'iec' | 'si';

/** A parsed quantity in base units, remembering how to print it the way the user wrote it. */
export type Quantity =
  | { dimension: 'bytes'; value: number; family: ByteFamily }
  | { dimension: 'duration'; value: number }
  | { dimension: 'byteRate'; value: number; family: ByteFamily; perSeconds: number }
  | { dimension: 'ratio'; value: number }
  | { dimension: 'number'; value: number };

export type Dimension = Quantity['dimension'];

export class UnitError extends Error {
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'UnitError';
  }
}

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const BYTES_RE = new RegExp(`^${NUMBER}\\s*([A-Za-z]+)$`);
const RATE_RE = new RegExp(`^${NUMBER}\\s*([A-Za-z]+)\\s*/\\s*([A-Za-z]+)$`);
const PERCENT_RE = new RegExp(`^${NUMBER}\\s*%$`);

function unitSuggestion(unit: string, known: readonly string[]): string | undefined {
  const lower = unit.toLowerCase();
  const sameCase = known.filter((k) => k.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase.join(' or ');
  return closest(unit, known);
}

export function parseBytes(text: string): { value: number; family: ByteFamily } {
  const m = BYTES_RE.exec(text.trim());
  if (!m) throw new UnitError(`'${text}' is not a byte size; write a number and a unit, e.g. '900MiB' or '100MB'`);
  const unit = m[2] as string;
  const spec = BYTE_UNITS[unit as ByteUnit];
  if (!spec) {
    if (unit in DURATION_UNITS) throw new UnitError(`'${text}' is a duration, but a byte size is expected here (e.g. '900MiB')`);
    const hint = unitSuggestion(unit, Object.keys(BYTE_UNITS));
    throw new UnitError(`'${text}' has the unknown byte unit '${unit}'`, hint);
  }
  return { value: Number(m[1]) * spec.factor, family: spec.family };
}

/** Parses a Prometheus duration ('1h30m', '500ms') to seconds; a config error names what was written instead. */
export function parseDuration(text: string): number {
  const t = text.trim();
  const seconds = parsePromDuration(t);
  if (seconds === undefined) {
    if (BYTES_RE.test(t) && BYTE_UNITS[(BYTES_RE.exec(t) as RegExpExecArray)[2] as ByteUnit]) {
      throw new UnitError(`'${text}' is a byte size, but a duration is expected here (e.g. '5m')`);
    }
    throw new UnitError(`'${text}' is not a duration; use Prometheus units ms, s, m, h, d, w, y (e.g. '30s', '5m', '1h30m')`);
  }
  return seconds;
}

export function parseByteRate(text: string): { value: number; family: ByteFamily; perSeconds: number } {
  const m = RATE_RE.exec(text.trim());
  if (!m) {
    if (BYTES_RE.test(text.trim())) {
      throw new UnitError(`'${text}' has no time unit; a rate needs one, e.g. '5MiB/min'`);
    }
    throw new UnitError(`'${text}' is not a byte rate; write bytes per time, e.g. '5MiB/min' or '50MB/h'`);
  }
  const bytes = parseBytes(`${m[1]}${m[2]}`);
  const per = RATE_TIME_UNITS[m[3] as RateTimeUnit];
  if (!per) {
    throw new UnitError(`'${text}' has the unknown time unit '${m[3]}'`, unitSuggestion(m[3] as string, Object.keys(RATE_TIME_UNITS)));
  }
  return { value: bytes.value / per.seconds, family: bytes.family, perSeconds: per.seconds };
}

export function parsePercent(text: string): number {
  const m = PERCENT_RE.exec(text.trim());
  if (!m) throw new UnitError(`'${text}' is not a percentage (e.g. '90%')`);
  return Number(m[1]) / 100;
}

/** Parses any threshold: the dimension follows from the text. */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') return { dimension: 'number', value: input };
  const text = input.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return { dimension: 'number', value: Number(text) };
  if (PERCENT_RE.test(text)) return { dimension: 'ratio', value: parsePercent(text) };
  if (text.includes('/')) return { dimension: 'byteRate', ...parseByteRate(text) };
  const m = BYTES_RE.exec(text);
  if (m && (m[2] as string) in BYTE_UNITS) return { dimension: 'bytes', ...parseBytes(text) };
  if (parsePromDuration(text) !== undefined) return { dimension: 'duration', value: parseDuration(text) };
  const unit = m?.[2];
  if (unit) {
    const hint = unitSuggestion(unit, [...Object.keys(BYTE_UNITS), ...Object.keys(DURATION_UNITS)]);
    throw new UnitError(`'${input}' has the unknown unit '${unit}'`, hint);
  }
  throw new UnitError(
    `'${input}' is not a quantity memgen knows: use bytes ('900MiB'), a duration ('500ms'), a rate ('5MiB/min'), a percentage ('90%') or a plain number`,
  );
}

const DIMENSION_NAMES: Record<Dimension, string> = {
  bytes: 'a byte size',
  duration: 'a duration',
  byteRate: 'a byte rate',
  ratio: 'a percentage',
  number: 'a plain number',
};

export function describeDimension(d: Dimension): string {
  return DIMENSION_NAMES[d];
}

// ---------------------------------------------------------------------------------------------------------
// Printing

/** Shortest decimal form, at most `digits` decimals: 900, 4.88, 0.5. */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toFixed(digits));
  return String(rounded);
}

const IEC_STEPS: Array<[string, number]> = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
];
const SI_STEPS: Array<[string, number]> = [
  ['TB', 1e12],
  ['GB', 1e9],
  ['MB', 1e6],
  ['kB', 1e3],
];

/** '900 MiB', '100 MB', '512 B'. Large units are used from 1 upwards, so 1000 MiB stays '1000 MiB' only below 1 GiB. */
export function formatBytes(bytes: number, family: ByteFamily = 'iec'): string {
  const steps = family === 'iec' ? IEC_STEPS : SI_STEPS;
  for (const [unit, size] of steps) {
    if (Math.abs(bytes) >= size) return `${formatNumber(bytes / size)} ${unit}`;
  }
  return `${formatNumber(bytes)} B`;
}

function rateLabel(perSeconds: number): string {
  if (perSeconds === 60) return 'min';
  if (perSeconds === 3600) return 'h';
  if (perSeconds === 1) return 's';
  return formatDuration(perSeconds);
}

export function formatByteRate(bytesPerSecond: number, family: ByteFamily, perSeconds: number): string {
  return `${formatBytes(bytesPerSecond * perSeconds, family)}/${rateLabel(perSeconds)}`;
}

/** Prometheus duration syntax, largest units first: 90 -> '1m30s', 0.5 -> '500ms'. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let ms = Math.round(seconds * 1000);
  let out = '';
  for (const [unit, size] of [
    ['y', 31536000000],
    ['w', 604800000],
    ['d', 86400000],
    ['h', 3600000],
    ['m', 60000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${unit}`;
      ms %= size;
    }
  }
  return out;
}

/** A humane duration for prose: '500 ms', '5 minutes', '1 hour'. */
export function formatDurationProse(seconds: number): string {
  if (seconds < 1) return `${formatNumber(seconds * 1000)} ms`;
  for (const [unit, size] of [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  if (seconds >= 60) return formatDuration(seconds);
  return `${formatNumber(seconds)} second${seconds === 1 ? '' : 's'}`;
}

export function formatQuantity(q: Quantity): string {
  switch (q.dimension) {
    case 'bytes':
      return formatBytes(q.value, q.family);
    case 'duration':
      return formatDurationProse(q.value);
    case 'byteRate':
      return formatByteRate(q.value, q.family, q.perSeconds);
    case 'ratio':
      return `${formatNumber(q.value * 100)}%`;
    case 'number':
      return formatNumber(q.value);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Suggestions

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0] as number;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j] as number;
      dp[j] = Math.min((dp[j] as number) + 1, (dp[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length] as number;
}

/** The closest candidate within a third of the word's length, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.ceil(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}
