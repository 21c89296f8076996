// Per-service alert overrides: in a fleet, one alert list serves every service, and a service changes only
// what differs for it (a worker that batches may grow faster than an API before anyone should be paged).
import type { AlertConfig, MetricAlertConfig, ServiceAlertOverride, ServiceConfig } from '../dsl/types.js';
import { closest } from '../dsl/units.js';

type AddProblem = (segments: Array<string | number>, message: string, hint?: string) => void;

/** The alert as this service gets it. A new threshold replaces the old one whichever side it was on. */
export function applyOverride(alert: MetricAlertConfig, o: ServiceAlertOverride): MetricAlertConfig {
  const out: MetricAlertConfig = { ...alert };
  if (o.above !== undefined) {
    out.above = o.above;
    delete out.below;
  }
  if (o.below !== undefined) {
    out.below = o.below;
    delete out.above;
  }
  if (o.for !== undefined) out.for = o.for;
  if (o.tier !== undefined) out.tier = o.tier;
  return out;
}

/** Fields of the override that compileAlert may report problems on. */
export function overriddenFields(o: ServiceAlertOverride): string[] {
  return (['above', 'below', 'for', 'tier'] as const).filter((k) => o[k] !== undefined);
}

/** Every override must name an alert that applies to its service. */
export function checkOverrides(services: ServiceConfig[], alerts: AlertConfig[], problem: AddProblem): void {
  const names = alerts.map((a) => a.name);
  services.forEach((s, i) => {
    for (const name of Object.keys(s.alerts ?? {})) {
      const at = ['services', i, 'alerts', name];
      const alert = alerts.find((a) => a.name === name);
      if (!alert) {
        const guess = closest(name, names);
        problem(at, `no alert '${name}' to override`, guess ? `did you mean '${guess}'?` : `alerts: ${names.join(', ') || 'none'}`);
      } else if (alert.services && !alert.services.includes(s.name)) {
        problem(at, `alert '${name}' does not apply to service '${s.name}'`, `add '${s.name}' to the alert's services`);
      }
    }
  });
}
