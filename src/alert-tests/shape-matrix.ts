// The shape matrix `memgen test` prints: for each shape of the catalog, when each alert first fires, read back
// from tests/shapes.test.yaml (the numbers promtool has just checked), with the verdict: a healthy shape must
// fire nothing the config does not accept, and a leak must be caught before it reaches the memory limit.
import { formatDuration, parseDuration } from '../dsl/units.js';

interface ShapeGroup {
  name?: string;
  promql_expr_test?: Array<{ expr?: string; exp_samples?: Array<{ value?: number }> | null }>;
  alert_rule_test?: Array<{ eval_time?: string; alertname?: string; exp_alerts?: unknown[] | null }>;
}

export interface MatrixRow {
  prefix: string;
  shape: string;
  healthy: boolean;
  /** Seconds from the shape's start at which the leak reaches the limit. */
  limitAt?: number;
  /** Alert -> seconds of its first firing (undefined: fires, but no firing check was written). */
  fires: Map<string, number | undefined>;
  accepted: Map<string, string>;
  ok: boolean;
  verdict: string;
}

const NAME = /^(?<prefix>.*?)shape (?<shape>[\w/-]+): .*?(?: \[limit at (?<limit>[\dywdhms]+)\])?(?<accepted>(?: \[accepted [^\]]*\])*)$/;

function secondsOf(d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  try {
    return parseDuration(d);
  } catch {
    return undefined;
  }
}

export function shapeMatrix(suite: unknown): MatrixRow[] {
  const tests = ((suite as { tests?: ShapeGroup[] } | null)?.tests ?? []) as ShapeGroup[];
  return tests.flatMap((g) => {
    const m = NAME.exec(g.name ?? '');
    if (!m?.groups) return [];
    const { prefix, shape, limit, accepted: acceptedText } = m.groups as Record<string, string | undefined>;
    const healthy = !/^(leak|recorded\/leak)/.test(shape as string);
    const fires = new Map<string, number | undefined>();
    for (const t of g.promql_expr_test ?? []) {
      const alert = /alertname="([^"]+)"/.exec(t.expr ?? '')?.[1];
      if (alert && (t.exp_samples ?? []).length > 0) fires.set(alert, undefined);
    }
    for (const t of g.alert_rule_test ?? []) {
      if (t.alertname && (t.exp_alerts ?? []).length > 0 && fires.has(t.alertname)) fires.set(t.alertname, secondsOf(t.eval_time));
    }
    const accepted = new Map<string, string>();
    for (const a of (acceptedText ?? '').matchAll(/ \[accepted ([^:]+): ([^\]]*)\]/g)) accepted.set(a[1] as string, a[2] as string);
    const limitAt = secondsOf(limit);
    let ok: boolean;
    let verdict: string;
    if (healthy) {
      const wrong = [...fires.keys()].filter((a) => !accepted.has(a));
      ok = wrong.length === 0;
      verdict = ok ? (fires.size > 0 ? `ok (accepted: ${[...accepted.keys()].join(', ')})` : 'ok: silent') : `FALSE ALARM: ${wrong.join(', ')}`;
    } else {
      const times = [...fires.values()].filter((t): t is number => t !== undefined);
      const caught = times.length > 0 ? Math.min(...times) : undefined;
      ok = caught !== undefined && limitAt !== undefined && caught < limitAt;
      verdict = ok ? `ok: caught ${formatDuration((limitAt as number) - (caught as number))} before the limit` : 'MISSED: no alert before the limit';
    }
    return [{ prefix: prefix as string, shape: shape as string, healthy, limitAt, fires, accepted, ok, verdict }];
  });
}

/** CamelCase initials: RapidMemoryGrowth -> RMG. */
function code(alert: string): string {
  return alert.replace(/[^A-Z0-9]/g, '') || alert.slice(0, 3);
}

export function formatShapeMatrix(rows: MatrixRow[]): string {
  if (rows.length === 0) return 'shape matrix: no shape tests in the suite (no service with a memoryLimit and an alert on rising memory, or intervals beyond what memgen simulates; see docs/alert-truth.md)\n';
  const alerts = [...new Set(rows.flatMap((r) => [...r.fires.keys()]))].sort();
  const codes = alerts.map(code);
  const width = Math.max(...rows.map((r) => (r.prefix + r.shape).length), 5);
  const cell = (r: MatrixRow, a: string): string => {
    if (!r.fires.has(a)) return '·';
    const t = r.fires.get(a);
    return t === undefined ? 'fires' : formatDuration(t);
  };
  const widths = codes.map((c, i) => Math.max(c.length, ...rows.map((r) => cell(r, alerts[i] as string).length)));
  const line = (first: string, cells: string[], last: string): string => `${first.padEnd(width)}  ${cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ')}  ${last}`.trimEnd();
  const out = [
    'shape matrix: when each alert first fires on each shape of the catalog (time from the shape\'s start; · silent)',
    line('shape', codes, 'verdict'),
    ...rows.map((r) => line(r.prefix + r.shape, alerts.map((a) => cell(r, a)), r.verdict)),
    `  ${alerts.map((a, i) => `${codes[i]} ${a}`).join(', ')}`,
  ];
  const healthy = rows.filter((r) => r.healthy);
  const leaks = rows.filter((r) => !r.healthy);
  out.push(`${healthy.filter((r) => r.ok).length} of ${healthy.length} healthy shapes silent, ${leaks.filter((r) => r.ok).length} of ${leaks.length} leaks caught before the limit`);
  return `${out.join('\n')}\n`;
}
