// Prometheus duration strings: `1h30m`, `5m`, `500ms`, `1y2w`, units largest first, each at most once.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Seconds, or undefined when the text is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  if (text === '') return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  return n(1) * 31536000 + n(2) * 604800 + n(3) * 86400 + n(4) * 3600 + n(5) * 60 + n(6) + n(7) / 1000;
}

/** Go's time.Duration maximum (about 292 years) in seconds: Prometheus refuses longer durations. */
export const MAX_DURATION_SECONDS = 9223372036.854775;
