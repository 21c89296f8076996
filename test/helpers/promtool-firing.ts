// When does the real Prometheus rule engine first fire an alert on given series? A promtool unit test that
// expects silence at every candidate evaluation time: promtool names each time the alert fires instead.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { runAsync } from './tools.js';

export interface RuleUnderTest {
  alert: string;
  expr: string;
  /** Seconds. */
  for: number;
}

/** Series in promtool's notation: `metric{label="v"}` and space-separated values, one per scrape interval. */
export interface InputSeries {
  series: string;
  values: string;
}

export function parseGoDuration(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/([0-9.]+)(h|m|s)/g)) total += Number(m[1]) * { h: 3600, m: 60, s: 1 }[m[2] as 'h' | 'm' | 's'];
  return total;
}

/** The first candidate time (seconds) at which promtool fires the alert, or undefined if it fires at none. */
export async function promtoolFirstFiring(dir: string, rule: RuleUnderTest, series: InputSeries[], candidates: number[], scrape: number, evaluation: number): Promise<number | undefined> {
  const name = `${rule.alert}-${Math.random().toString(36).slice(2, 8)}`;
  const rules = { groups: [{ name: 'under-test', rules: [{ alert: rule.alert, expr: rule.expr, ...(rule.for > 0 ? { for: `${rule.for}s` } : {}) }] }] };
  writeFileSync(path.join(dir, `${name}.rules.yaml`), stringify(rules));
  const test = {
    rule_files: [`${name}.rules.yaml`],
    evaluation_interval: `${evaluation}s`,
    tests: [{ interval: `${scrape}s`, input_series: series, alert_rule_test: candidates.map((t) => ({ eval_time: `${t}s`, alertname: rule.alert, exp_alerts: [] })) }],
  };
  const file = path.join(dir, `${name}.test.yaml`);
  writeFileSync(file, stringify(test, { lineWidth: 0 }));
  const r = await runAsync('promtool', ['test', 'rules', file]);
  const output = r.stdout + r.stderr;
  const times = [...output.matchAll(/alertname: \w+, time: ([0-9hms.]+),/g)].map((m) => parseGoDuration(m[1] as string));
  if (r.status !== 0 && times.length === 0) throw new Error(`promtool failed without naming a time:\n${output}`);
  return times.length ? Math.min(...times) : undefined;
}
