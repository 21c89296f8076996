// Go's float formatting (fmt %g, %f, %e and Prometheus's humanize functions), reproduced exactly so a
// generated test can state the annotation text Prometheus will render. Go rounds the exact binary value
// half-to-even; JavaScript's toPrecision rounds ties up, so both work on the exact decimal expansion here.

interface Decimal {
  /** Significant digits without leading or trailing zeros ('' for zero). */
  digits: string;
  /** Position of the decimal point relative to the first digit: value = 0.digits × 10^point. */
  point: number;
}

/** The exact decimal value of a finite double's magnitude. */
function exactDecimal(x: number): Decimal {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (exponentBits === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = exponentBits - 1075;
  }
  if (mantissa === 0n) return { digits: '', point: 0 };
  let text: string;
  let fraction: number;
  if (exp >= 0) {
    text = (mantissa << BigInt(exp)).toString();
    fraction = 0;
  } else {
    text = (mantissa * 5n ** BigInt(-exp)).toString();
    fraction = -exp;
  }
  const point = text.length - fraction;
  const lead = text.match(/^0*/)?.[0].length ?? 0;
  const digits = text.slice(lead).replace(/0+$/, '');
  return { digits, point: point - lead };
}

/** Rounds to `keep` digits half-to-even and trims trailing zeros. */
function roundDecimal(d: Decimal, keep: number): Decimal {
  if (keep < 0) return { digits: '', point: 0 };
  if (d.digits.length <= keep) return d;
  const head = d.digits.slice(0, keep);
  const rest = d.digits.slice(keep);
  const half = rest[0] === '5' && /^5$/.test(rest.replace(/0+$/, ''));
  const up = rest[0] !== undefined && (rest[0] > '5' || (rest[0] === '5' && !half) || (half && keep > 0 && Number(head[keep - 1]) % 2 === 1));
  if (!up) {
    const digits = head.replace(/0+$/, '');
    return { digits, point: digits === '' ? 0 : d.point };
  }
  // Add one in the last kept place.
  const chars = head.split('');
  let i = chars.length - 1;
  while (i >= 0 && chars[i] === '9') chars[i--] = '0';
  if (i < 0) return { digits: '1', point: d.point + 1 };
  chars[i] = String(Number(chars[i]) + 1);
  return { digits: chars.join('').replace(/0+$/, ''), point: d.point };
}

function fixedDigits(d: Decimal, decimals: number): string {
  const intPart = d.point > 0 ? (d.digits.slice(0, d.point).padEnd(d.point, '0') || '0') : '0';
  if (decimals === 0) return intPart;
  let frac = d.point >= 0 ? d.digits.slice(d.point) : '0'.repeat(-d.point) + d.digits;
  frac = frac.padEnd(decimals, '0').slice(0, decimals);
  return `${intPart}.${frac}`;
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return undefined;
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** Go's %.{decimals}f. */
export function goFixed(x: number, decimals: number): string {
  const s = special(x);
  if (s) return s;
  const d = exactDecimal(x);
  return sign(x) + fixedDigits(roundDecimal(d, d.point + decimals), decimals);
}

function expString(d: Decimal, decimals: number): string {
  const digits = d.digits || '0';
  const mant = decimals > 0 ? `${digits[0]}.${digits.slice(1).padEnd(decimals, '0')}` : digits[0];
  const e = d.digits ? d.point - 1 : 0;
  const abs = Math.abs(e);
  return `${mant}e${e < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
}

/** Go's %.{precision}g (strconv 'g' with a precision: shortest form of the rounded digits). */
export function goG(x: number, precision: number): string {
  const s = special(x);
  if (s) return s;
  const p = precision === 0 ? 1 : precision;
  const d = roundDecimal(exactDecimal(x), p);
  const nd = d.digits.length;
  const dp = d.digits ? d.point : 1;
  let eprec = p;
  if (eprec > nd && nd >= dp) eprec = nd;
  const exp = dp - 1;
  if (exp < -4 || exp >= eprec) return sign(x) + expString(d, Math.min(p, Math.max(nd, 1)) - 1);
  const decimals = Math.max((p > dp ? nd : p) - dp, 0);
  return sign(x) + fixedDigits(d, decimals);
}

/** Go's %v of a float64 (strconv 'g', shortest): shortest digits, exponent form below 1e-4 and from 1e6. */
export function goValue(x: number): string {
  const s = special(x);
  if (s) return s;
  if (x === 0) return sign(x) + '0';
  const shortest = Math.abs(x).toExponential();
  const [mant, e] = shortest.split('e') as [string, string];
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${sign(x)}${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  return sign(x) + String(Math.abs(x));
}

const SI_UP = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
const SI_DOWN = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];
const IEC_UP = ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi'];

/** Divides by `base` while the magnitude reaches it, taking the next prefix each time, as Prometheus does. */
function scaleUp(v: number, prefixes: string[], base: number): { v: number; prefix: string } {
  let prefix = '';
  for (const p of prefixes) {
    if (Math.abs(v) < base) break;
    prefix = p;
    v /= base;
  }
  return { v, prefix };
}

function scaleDown(v: number): { v: number; prefix: string } {
  let prefix = '';
  for (const p of SI_DOWN) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return { v, prefix };
}

/** Prometheus's humanize: SI prefixes, 4 significant digits. */
export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return goG(v, 4);
  const scaled = Math.abs(v) >= 1 ? scaleUp(v, SI_UP, 1000) : scaleDown(v);
  return `${goG(scaled.v, 4)}${scaled.prefix}`;
}

/** Prometheus's humanize1024: binary prefixes, 4 significant digits. */
export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return goG(v, 4);
  const scaled = scaleUp(v, IEC_UP, 1024);
  return `${goG(scaled.v, 4)}${scaled.prefix}`;
}

/** Prometheus's humanizeDuration, from seconds. */
export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return goG(v, 4);
  if (v === 0) return `${goG(v, 4)}s`;
  if (Math.abs(v) >= 1) {
    const s = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const seconds = whole % 60;
    const minutes = Math.trunc(whole / 60) % 60;
    const hours = Math.trunc(whole / 3600) % 24;
    const days = Math.trunc(whole / 86400);
    if (days !== 0) return `${s}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0) return `${s}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0) return `${s}${minutes}m ${seconds}s`;
    return `${s}${goG(abs, 4)}s`;
  }
  const down = scaleDown(v);
  return `${goG(down.v, 4)}${down.prefix}s`;
}

/** Prometheus's humanizePercentage: a ratio as a percentage, 4 significant digits. */
export function humanizePercentage(v: number): string {
  return `${goG(v * 100, 4)}%`;
}
