// The Grafana dashboard (the raw JSON model file provisioning takes) and its provisioning files. Types come
// from @grafana/schema; panels, layout and thresholds live in ./grafana/.
import type { AnnotationQuery, Dashboard, RowPanel, VariableModel } from '@grafana/schema';
import type { Model, Panel } from '../model/types.js';
import { layout, panelKey, rowKey, stableIds } from './grafana/layout.js';
import { DATASOURCE_VARIABLE, panelJson } from './grafana/panels.js';
import { promString } from '../promql/print.js';
import { DASHBOARD_MARK, type OutputDocument } from './types.js';

/** Where the dashboards folder is mounted in the Grafana container (the local stack mounts it there). */
export const GRAFANA_DASHBOARDS_MOUNT = '/var/lib/grafana/dashboards/memgen';

/** The datasource uid the provisioning file pins and the dashboard's datasource variable defaults to. */
export const DATASOURCE_UID = 'memgen-prometheus';
// Grafana's dashboard schema version these dashboards are written for.
const SCHEMA_VERSION = 39;
/** Refresh a query variable when the time range changes (VariableRefresh 2), so new instances appear. */
const REFRESH_ON_TIME_RANGE = 2;

/** Prometheus annotation queries carry fields the generic AnnotationQuery type of @grafana/schema leaves out. */
interface PrometheusAnnotationQuery extends AnnotationQuery {
  expr: string;
  step: string;
  titleFormat: string;
  textFormat: string;
  tagKeys: string;
  useValueForTime: boolean;
}

/** The services' jobs as a regex alternation, each matched literally. */
export function jobRegex(model: Model): string {
  return model.services.map((s) => s.job.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

function variables(model: Model): VariableModel[] {
  // `up` is the one series Prometheus writes for every scrape target, so every job and instance is listed,
  // whatever metrics each service exports.
  const metricName = 'up';
  const queryVariable = (name: string, label: string, query: string): VariableModel => ({
    type: 'query',
    name,
    label,
    datasource: DATASOURCE_VARIABLE,
    // A plain string: the dashboard schema's object form only admits objects as values, not {query, refId}.
    query,
    refresh: REFRESH_ON_TIME_RANGE,
    multi: true,
    includeAll: true,
    allValue: '.+',
    current: { text: 'All', value: '$__all' },
    sort: 1,
    hide: 0,
  });
  return [
    {
      type: 'datasource',
      name: 'datasource',
      label: 'Data source',
      query: 'prometheus',
      current: { text: 'Prometheus', value: DATASOURCE_UID },
      refresh: 1,
      hide: 0,
    },
    // Only the config's jobs: one service or a fleet, the dashboard lists what memgen monitors.
    queryVariable('job', 'Job', `label_values(${metricName}{job=~${promString(jobRegex(model))}}, job)`),
    queryVariable('instance', 'Instance', `label_values(${metricName}{job=~"$job"}, instance)`),
  ];
}

/** Firing memgen alerts of the selected jobs and instances, drawn on every time series. */
function firingAlerts(model: Model): PrometheusAnnotationQuery {
  const names = [...new Set(model.groups.flatMap((g) => g.alerts.map((a) => a.name)))].sort();
  const alertname = names.length > 0 ? `alertname=~"${names.join('|')}", ` : '';
  return {
    name: 'Firing alerts',
    datasource: DATASOURCE_VARIABLE,
    enable: true,
    hide: false,
    iconColor: 'red',
    expr: `ALERTS{${alertname}alertstate="firing", job=~"$job", instance=~"$instance"}`,
    step: '60s',
    titleFormat: '{{alertname}}',
    textFormat: '{{severity}} on {{instance}}',
    tagKeys: 'alertname,severity',
    useValueForTime: false,
  };
}

/** Ids of every panel and row, derived from their titles (see ./grafana/layout.ts). */
function panelIds(model: Model, placements = layout(model.dashboard.panels)): Map<string, number> {
  return stableIds(placements.flatMap((p) => [...(p.row ? [rowKey(p.row.title)] : []), ...p.panels.map((q) => panelKey(q.panel.title))]));
}

// Laying out the dashboard to number its panels is the same work for every alert's runbook: once per model.
const idsOfPanels = new WeakMap<readonly Panel[], Map<string, number>>();

/** The id a panel gets in the dashboard JSON; runbooks link to panels through it, so read it only from here. */
export function panelId(model: Model, panel: Panel): number {
  let ids = idsOfPanels.get(model.dashboard.panels);
  if (!ids) idsOfPanels.set(model.dashboard.panels, (ids = panelIds(model)));
  return ids.get(panelKey(panel.title)) as number;
}

function panels(model: Model): Dashboard['panels'] {
  const placements = layout(model.dashboard.panels);
  const ids = panelIds(model, placements);
  return placements.flatMap((p) => {
    const row: RowPanel[] = p.row
      ? [{ type: 'row', id: ids.get(rowKey(p.row.title)) as number, title: p.row.title, collapsed: false, gridPos: p.row.gridPos, panels: [] }]
      : [];
    return [...row, ...p.panels.map(({ panel, gridPos }) => panelJson(model, panel, ids.get(panelKey(panel.title)) as number, gridPos))];
  });
}

export function dashboardJson(model: Model): Dashboard {
  const d = model.dashboard;
  return {
    uid: d.uid,
    title: d.title,
    // The mark is how a later build recognises this file as memgen's (see write/output.ts).
    description: `${DASHBOARD_MARK} from ${model.source}. Edit the memgen config, not this file.`,
    tags: d.tags,
    timezone: 'browser',
    editable: false,
    graphTooltip: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    schemaVersion: SCHEMA_VERSION,
    fiscalYearStartMonth: 0,
    liveNow: false,
    links: [],
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
        firingAlerts(model),
      ],
    },
    templating: { list: variables(model) },
    panels: panels(model),
  };
}

export function emitDashboard(model: Model): OutputDocument {
  return { path: 'grafana/dashboards/memory.json', format: 'json', data: dashboardJson(model) };
}

export function emitGrafanaProvisioning(): OutputDocument[] {
  return [
    {
      path: 'grafana/provisioning/dashboards/memgen.yaml',
      format: 'yaml',
      data: {
        apiVersion: 1,
        providers: [
          {
            name: 'memgen',
            type: 'file',
            disableDeletion: true,
            allowUiUpdates: false,
            // Where the dashboards folder is mounted in the Grafana container; change it to match yours.
            options: { path: GRAFANA_DASHBOARDS_MOUNT, foldersFromFilesStructure: false },
          },
        ],
      },
    },
    {
      path: 'grafana/provisioning/datasources/prometheus.yaml',
      format: 'yaml',
      data: {
        apiVersion: 1,
        datasources: [
          { name: 'Prometheus', uid: DATASOURCE_UID, type: 'prometheus', access: 'proxy', url: 'http://prometheus:9090', isDefault: true },
        ],
      },
    },
  ];
}
