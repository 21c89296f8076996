// A panel's threshold steps, read from the same model value as the alert rule (threshold.promValue) and
// converted into the unit of the panel's query, so the line on the graph is where the alert fires.
import type { ThresholdsConfig, ThresholdsMode } from '@grafana/schema';
import type { TierName } from '../../dsl/types.js';
import type { Alert, Model, Panel } from '../../model/types.js';

// Colours by tier, so the line says how bad crossing it is.
const TIER_COLORS: Record<TierName, string> = { critical: 'red', high: 'orange', medium: 'yellow' };
const OK_COLOR = 'green';
// ThresholdsMode is a runtime enum in @grafana/schema; only its type is imported, and its value is this string.
const ABSOLUTE = 'absolute' as ThresholdsMode;

export function findAlert(model: Model, name: string | undefined): Alert | undefined {
  if (!name) return undefined;
  for (const group of model.groups) {
    const alert = group.alerts.find((a) => a.name === name);
    if (alert) return alert;
  }
  return undefined;
}

/**
 * The alert's threshold in the panel's unit, or undefined when the two cannot be related. The rule compares
 * promValue with its expression's value (bytes, ms, bytes per the threshold's time unit); a panel may show the
 * same quantity as a fraction of the memory limit (percentunit) or in the other time unit.
 */
export function thresholdInPanelUnit(model: Model, alert: Alert, panel: Panel): number | undefined {
  const value = alert.threshold.promValue;
  const metricUnit = alert.metric.unit;
  switch (panel.unit) {
    case 'percentunit': {
      if (metricUnit !== 'bytes' || alert.kind === 'slope') return undefined;
      // A percentage threshold is the ratio itself; the rule's byte value is that ratio of the limit, rounded.
      if (alert.threshold.quantity.dimension === 'ratio') return alert.threshold.quantity.value;
      const limit = model.services.find((s) => s.name === alert.service)?.memoryLimit;
      return limit ? value / limit : undefined;
    }
    case 's':
      return metricUnit === 'milliseconds' ? value / 1000 : value;
    case 'ms':
      return metricUnit === 'seconds' ? value * 1000 : value;
    default:
      return value;
  }
}

/**
 * Steps are "from this value up, this colour". An `above` alert is green up to the threshold and the tier's
 * colour from it; a `below` alert is the tier's colour up to the threshold and green from it.
 */
export function thresholdSteps(model: Model, alert: Alert | undefined, panel: Panel): ThresholdsConfig {
  const value = alert && thresholdInPanelUnit(model, alert, panel);
  if (!alert || value === undefined) return { mode: ABSOLUTE, steps: [{ color: OK_COLOR, value: null }] };
  const bad = TIER_COLORS[alert.tier.name];
  const steps =
    alert.threshold.op === '>'
      ? [{ color: OK_COLOR, value: null }, { color: bad, value }]
      : [{ color: bad, value: null }, { color: OK_COLOR, value }];
  return { mode: ABSOLUTE, steps };
}
