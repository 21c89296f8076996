// Which alerts a promtool test file exercises: an alert has a firing test when some test group expects it to
// fire, and a silence test when some test group only ever expects it to be silent. Read from the files on
// disk (the rules and the suite promtool runs), so hand edits to either show up.

export interface AlertCoverage {
  alert: string;
  /** Test groups that expect the alert to fire. */
  firing: number;
  /** Test groups that expect the alert to stay silent throughout. */
  silent: number;
}

export interface Coverage {
  alerts: AlertCoverage[];
  withFiring: number;
  withSilence: number;
}

interface RulesFile {
  groups?: Array<{ rules?: Array<{ alert?: string }> }>;
}

interface SuiteFile {
  tests?: Array<{ alert_rule_test?: Array<{ alertname?: string; exp_alerts?: unknown[] | null }> }>;
}

export function alertNames(rules: unknown): string[] {
  const names = ((rules as RulesFile | null)?.groups ?? []).flatMap((g) => (g.rules ?? []).map((r) => r.alert).filter((a): a is string => typeof a === 'string'));
  return [...new Set(names)];
}

export function coverageOf(rules: unknown, suite: unknown): Coverage {
  const alerts = new Map(alertNames(rules).map((a) => [a, { alert: a, firing: 0, silent: 0 }]));
  for (const group of (suite as SuiteFile | null)?.tests ?? []) {
    const fires = new Map<string, boolean>();
    for (const check of group.alert_rule_test ?? []) {
      if (!check.alertname) continue;
      fires.set(check.alertname, (fires.get(check.alertname) ?? false) || (check.exp_alerts ?? []).length > 0);
    }
    for (const [alert, fired] of fires) {
      const entry = alerts.get(alert);
      if (!entry) continue;
      if (fired) entry.firing++;
      else entry.silent++;
    }
  }
  const list = [...alerts.values()];
  return { alerts: list, withFiring: list.filter((a) => a.firing > 0).length, withSilence: list.filter((a) => a.silent > 0).length };
}

export function formatCoverage(c: Coverage): string {
  const total = c.alerts.length;
  const width = Math.max(5, ...c.alerts.map((a) => a.alert.length));
  const lines = [
    `coverage: ${c.withFiring}/${total} alerts have a firing test, ${c.withSilence}/${total} have a silence test`,
    `  ${'alert'.padEnd(width)}  firing  silent`,
    ...c.alerts.map((a) => `  ${a.alert.padEnd(width)}  ${String(a.firing).padStart(6)}  ${String(a.silent).padStart(6)}`),
  ];
  const noFiring = c.alerts.filter((a) => a.firing === 0).map((a) => a.alert);
  const noSilence = c.alerts.filter((a) => a.silent === 0).map((a) => a.alert);
  if (noFiring.length > 0) lines.push(`  without a firing test: ${noFiring.join(', ')}`);
  if (noSilence.length > 0) lines.push(`  without a silence test: ${noSilence.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
