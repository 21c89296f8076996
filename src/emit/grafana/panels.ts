// One Grafana panel from one model panel. Options and fieldConfig.custom follow the panel plugin's own schema
// (the timeseries, stat and table files in Grafana's JSON Schemas), which the tests validate them against.
import type { DashboardLink, DataSourceRef, Panel as GrafanaPanel } from '@grafana/schema';
import type { PanelType } from '../../dsl/types.js';
import type { Alert, Model, Panel, PanelTarget } from '../../model/types.js';
import type { GridPos } from './layout.js';
import { findAlert, thresholdSteps } from './thresholds.js';

/** Every panel and target reads the dashboard's datasource variable, so one dashboard serves any Prometheus. */
export const DATASOURCE_VARIABLE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

function options(type: PanelType): Record<string, unknown> {
  switch (type) {
    case 'timeseries':
      return {
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] },
        tooltip: { mode: 'multi', sort: 'desc' },
      };
    case 'stat':
      return {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        orientation: 'auto',
        textMode: 'auto',
        colorMode: 'value',
        graphMode: 'area',
        justifyMode: 'auto',
        wideLayout: true,
        showPercentChange: false,
        percentChangeColorMode: 'standard',
      };
    case 'table':
      return { frameIndex: 0, showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], countRows: false } };
  }
}

/** fieldConfig.defaults.custom; the stat panel has no custom field options, so it gets none. */
function customFieldConfig(type: PanelType, alert: Alert | undefined): Record<string, unknown> | undefined {
  switch (type) {
    case 'timeseries':
      return { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', thresholdsStyle: { mode: alert ? 'line' : 'off' } };
    case 'stat':
      return undefined;
    case 'table':
      // Colour the cells past the threshold. Of the cell types, the schema's oneOf can only tell
      // color-background apart from the others when `mode` and `applyToRow` are given.
      return alert
        ? { align: 'auto', inspect: false, cellOptions: { type: 'color-background', mode: 'basic', applyToRow: false } }
        : { align: 'auto', inspect: false };
  }
}

function runbookLinks(alert: Alert | undefined): DashboardLink[] {
  const url = alert?.annotations.runbook_url;
  if (!alert || !url) return [];
  return [
    {
      title: `Runbook: ${alert.name}`,
      type: 'link' as DashboardLink['type'],
      url,
      icon: 'doc',
      tooltip: `What to do when ${alert.name} fires`,
      tags: [],
      asDropdown: false,
      targetBlank: true,
      includeVars: false,
      keepTime: false,
    },
  ];
}

function target(t: PanelTarget, i: number, type: PanelType): Record<string, unknown> {
  const table = t.instant && type === 'table';
  return {
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE_VARIABLE,
    editorMode: 'code',
    expr: t.expr,
    legendFormat: t.legend ?? '__auto',
    range: !t.instant,
    instant: t.instant,
    format: table ? 'table' : 'time_series',
  };
}

export function panelJson(model: Model, panel: Panel, id: number, gridPos: GridPos): GrafanaPanel {
  const alert = findAlert(model, panel.alert);
  const custom = customFieldConfig(panel.type, alert);
  const links = runbookLinks(alert);
  return {
    id,
    type: panel.type,
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE_VARIABLE,
    gridPos,
    ...(links.length > 0 ? { links } : {}),
    fieldConfig: {
      defaults: { unit: panel.unit, thresholds: thresholdSteps(model, alert, panel), ...(custom ? { custom } : {}) },
      overrides: [],
    },
    options: options(panel.type),
    // An instant table query has one Time column of no interest; hide it.
    ...(panel.type === 'table' ? { transformations: [{ id: 'organize', options: { excludeByName: { Time: true } } }] } : {}),
    targets: panel.targets.map((t, i) => target(t, i, panel.type)),
  };
}
