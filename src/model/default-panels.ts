// The dashboard of a config that declares no panels, derived from what it has: one panel per alert showing
// the quantity the alert compares, with its threshold line (../emit/grafana/thresholds.ts draws it from the
// rule's own number), and panels of the catalog's metrics no alert panel shows: memory and heap gauges, their
// growth rate, GC histograms, summaries and counters; in rows Memory, Heap, GC, Runtime by metric name.
// Queries filter on the dashboard's $job and $instance.
import { formatDuration, formatDurationProse, formatQuantity } from '../dsl/units.js';
import type { PanelUnit } from '../dsl/types.js';
import { promNumber } from '../promql/print.js';
import type { Alert, Metric, Panel } from './types.js';

const SEL = '{job=~"$job", instance=~"$instance"}';
const CONFIG_PATH = 'dashboard.panels';
/** Window of the growth-rate panels: long enough that GC sawtooth does not dominate the slope. */
const GROWTH_WINDOW = '15m';

const series = (name: string) => `${name}${SEL}`;
const range = (name: string, window: string) => `${name}${SEL}[${window}]`;
const floorOf = (name: string, floor: number, offset = 0) =>
  `min_over_time(${range(name, formatDuration(floor))}${offset ? ` offset ${formatDuration(offset)}` : ''})`;

function unitOf(metric: Metric): PanelUnit {
  return ({ bytes: 'bytes', seconds: 's', milliseconds: 'ms', count: 'short' } as const)[metric.unit];
}

function panel(p: Omit<Panel, 'configPath' | 'description'> & { description: string }): Panel {
  return { ...p, configPath: CONFIG_PATH };
}

/** What the alert compares, without the comparison: the line on the panel is where it fires. */
function alertPanel(alert: Exclude<Alert, { kind: 'correlation' }>): Panel {
  const m = alert.metric;
  const line = `the line is the ${alert.name} threshold (${alert.threshold.display})`;
  const common = { alert: alert.name, row: rowOf(m), type: 'timeseries' as const };
  switch (alert.kind) {
    case 'value':
      return panel({ ...common, title: `${alert.name}: ${m.name}`, unit: unitOf(m), description: `${m.name} of each instance; ${line}.`, targets: [{ expr: series(m.name), legend: '{{instance}}', instant: false }] });
    case 'growth': {
      const fn = m.type === 'counter' ? 'increase' : 'delta';
      return panel({
        ...common,
        title: `${alert.name}: ${m.name} change over ${formatDuration(alert.window)}`,
        unit: unitOf(m),
        description: `How much ${m.name} changed over the last ${formatDurationProse(alert.window)}; ${line}.`,
        targets: [{ expr: `${fn}(${range(m.name, formatDuration(alert.window))})`, legend: '{{instance}}', instant: false }],
        // The alert's own window, so the line means what the rule means.
        lintDisable: ['dashboard/rate-interval'],
      });
    }
    case 'slope': {
      const q = alert.threshold.quantity;
      const perSeconds = q.dimension === 'byteRate' ? q.perSeconds : 1;
      const per = formatQuantity(q).split('/')[1] ?? 's';
      return panel({
        ...common,
        title: `${alert.name}: ${m.name} growth per ${per}`,
        unit: 'bytes',
        description: `Growth of ${m.name} per ${per} (linear regression over ${formatDurationProse(alert.window)}); ${line}.`,
        targets: [{ expr: `deriv(${range(m.name, formatDuration(alert.window))})${perSeconds === 1 ? '' : ` * ${promNumber(perSeconds)}`}`, legend: '{{instance}}', instant: false }],
      });
    }
    case 'floorGrowth':
      return panel({
        ...common,
        title: `${alert.name}: ${m.name} floor growth over ${formatDuration(alert.window)}`,
        unit: 'bytes',
        description: `How much the floor of ${m.name} (its lowest value over ${formatDurationProse(alert.floor)}) rose in ${formatDurationProse(alert.window)}; ${line}.`,
        targets: [{ expr: `${floorOf(m.name, alert.floor)} - ${floorOf(m.name, alert.floor, alert.window)}`, legend: '{{instance}}', instant: false }],
      });
    case 'forecast': {
      const now = floorOf(m.name, alert.floor);
      const start = floorOf(m.name, alert.floor, alert.window);
      return panel({
        ...common,
        title: `${alert.name}: ${m.name} in ${formatDuration(alert.horizon)}`,
        unit: 'bytes',
        description: `The floor of ${m.name} extrapolated ${formatDurationProse(alert.horizon)} ahead at its growth of the last ${formatDurationProse(alert.window)}; ${line}.`,
        targets: [{ expr: `${now} + (${now} - ${start}) * ${promNumber(alert.horizon / alert.window)}`, legend: '{{instance}}', instant: false }],
      });
    }
    case 'quantile': {
      const by = alert.keepLabels.filter((l) => l !== 'job');
      return panel({
        ...common,
        title: `${alert.name}: p${promNumber(alert.quantile * 100)} of ${m.name}`,
        unit: unitOf(m),
        description: `The ${promNumber(alert.quantile * 100)}th percentile of ${m.name}; ${line}.`,
        targets: [
          {
            expr: `histogram_quantile(${promNumber(alert.quantile)}, sum by (${[...by, 'le'].join(', ')}) (rate(${range(`${m.name}_bucket`, '$__rate_interval')})))`,
            legend: by.map((l) => `{{${l}}}`).join(' '),
            instant: false,
          },
        ],
      });
    }
  }
}

const ROW_ORDER = ['Memory', 'Heap', 'GC', 'Runtime'];

/** The dashboard row a catalog metric belongs in, by what its name says it measures. */
function rowOf(metric: Metric): string {
  if (/(^|_)gc(_|$)|garbage|collect/i.test(metric.name)) return 'GC';
  if (/heap|arena|pool/i.test(metric.name)) return 'Heap';
  return metric.unit === 'bytes' ? 'Memory' : 'Runtime';
}

/** Panels of a catalog metric no alert panel shows; none for what a graph says nothing about (a start time). */
function metricPanels(metric: Metric, shownByAlert: boolean): Panel[] {
  const row = rowOf(metric);
  const help = metric.help ? ` ${metric.help}` : '';
  const legend = '{{instance}}';
  switch (metric.type) {
    case 'gauge': {
      if (/start_time/.test(metric.name)) return [];
      const level = panel({ title: metric.name, type: 'timeseries', unit: unitOf(metric), row, description: `${metric.name} of each instance.${help}`, targets: [{ expr: series(metric.name), legend, instant: false }] });
      if (metric.unit !== 'bytes') return shownByAlert ? [] : [level];
      // Bytes per hour: a leak shows as a rate that stays above zero.
      const growth = panel({
        title: `${metric.name} growth per hour`,
        type: 'timeseries',
        unit: 'bytes',
        row,
        description: `Growth of ${metric.name} per hour (linear regression over ${GROWTH_WINDOW}); a leak keeps it above zero.`,
        targets: [{ expr: `deriv(${range(metric.name, GROWTH_WINDOW)}) * 3600`, legend, instant: false }],
      });
      return shownByAlert ? [growth] : [level, growth];
    }
    case 'counter': {
      if (shownByAlert) return [];
      // Seconds per second is a share of time; bytes per second a throughput; anything else events per second.
      const unit: PanelUnit = metric.unit === 'bytes' ? 'Bps' : metric.unit === 'seconds' ? 'percentunit' : 'ops';
      return [panel({ title: `${metric.name} per second`, type: 'timeseries', unit, row, description: `${metric.name} per second.${help}`, targets: [{ expr: `rate(${range(metric.name, '$__rate_interval')})`, legend, instant: false }] })];
    }
    case 'histogram':
      if (shownByAlert) return [];
      return [
        panel({
          title: `p95 of ${metric.name}`,
          type: 'timeseries',
          unit: unitOf(metric),
          row,
          description: `95th percentile of ${metric.name}.${help}`,
          targets: [{ expr: `histogram_quantile(0.95, sum by (instance, le) (rate(${range(`${metric.name}_bucket`, '$__rate_interval')})))`, legend, instant: false }],
        }),
      ];
    case 'summary':
      return [
        panel({
          title: `Mean ${metric.name}`,
          type: 'timeseries',
          unit: unitOf(metric),
          row,
          description: `Mean ${metric.name} per observation (sum over count).${help}`,
          targets: [{ expr: `rate(${range(`${metric.name}_sum`, '$__rate_interval')}) / rate(${range(`${metric.name}_count`, '$__rate_interval')})`, legend, instant: false }],
        }),
      ];
  }
}

/** `alerts`: one compiled alert per name (the first service's), in config order. */
export function defaultPanels(metrics: Record<string, Metric>, alerts: Alert[]): Panel[] {
  const metricAlerts = alerts.filter((a): a is Exclude<Alert, { kind: 'correlation' }> => a.kind !== 'correlation');
  const shown = new Set(metricAlerts.map((a) => a.metric.id));
  // Each row holds its metrics' alert panels first, then the rest; the sort is stable.
  const panels = [...metricAlerts.map(alertPanel), ...Object.values(metrics).flatMap((m) => metricPanels(m, shown.has(m.id)))].sort(
    (a, b) => ROW_ORDER.indexOf(a.row as string) - ROW_ORDER.indexOf(b.row as string),
  );
  // Titles key panel ids; two metrics could spell one title only through a catalog listing a metric twice.
  return [...new Map(panels.map((p) => [p.title, p])).values()];
}
