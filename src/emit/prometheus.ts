// prometheus.yml and alerts.yaml.
import { formatDuration } from '../dsl/units.js';
import type { Model } from '../model/types.js';
import { ruleGroups } from './rules.js';
import type { OutputDocument } from './types.js';

export const ALERTS_FILE = 'alerts.yaml';

export function emitPrometheusConfig(model: Model): OutputDocument {
  const p = model.prometheus;
  const global: Record<string, unknown> = {
    scrape_interval: formatDuration(p.scrapeInterval),
    evaluation_interval: formatDuration(p.evaluationInterval),
  };
  if (Object.keys(p.externalLabels).length > 0) global.external_labels = p.externalLabels;
  return {
    path: 'prometheus/prometheus.yml',
    format: 'yaml',
    data: {
      global,
      // Relative to prometheus.yml's own folder, as Prometheus resolves it.
      rule_files: [ALERTS_FILE],
      alerting: { alertmanagers: [{ static_configs: [{ targets: p.alertmanagers }] }] },
      scrape_configs: model.services.map((s) => ({
        job_name: s.job,
        scrape_interval: formatDuration(s.scrapeInterval),
        metrics_path: s.path,
        static_configs: [{ targets: s.targets }],
      })),
    },
  };
}

export function emitAlertRules(model: Model): OutputDocument {
  return { path: `prometheus/${ALERTS_FILE}`, format: 'yaml', data: { groups: ruleGroups(model) } };
}
