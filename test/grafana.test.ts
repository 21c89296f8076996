// The generated Grafana dashboard: accepted by Grafana's own schemas, laid out without overlaps, with ids that
// survive unrelated edits, and with threshold lines read from the same model values as the alert rules.
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastapi, type FastapiOptions } from '../presets/fastapi.js';
import { loadConfigFile, type LoadedConfig } from '../src/source/config-file.js';
import { configSchema } from '../src/config/schema.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { dashboardJson } from '../src/emit/grafana.js';
import { compile } from '../src/pipeline.js';
import { GRAFANA_UNITS, grafanaSchemaErrors } from './helpers/grafana-schema.js';
import { ROOT } from './helpers/memgen.js';

const FIXTURES = path.join(ROOT, 'test/fixtures/grafana');

interface Target {
  expr: string;
}
interface GPanel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults: { unit: string; thresholds: { steps: Array<{ color: string; value: number | null }> }; custom?: Record<string, unknown> } };
  links?: Array<{ url: string; title: string }>;
  targets?: Target[];
}
interface GDashboard {
  uid: string;
  panels: GPanel[];
  templating: { list: Array<{ name: string; type: string; current?: { value: string } }> };
  annotations: { list: Array<{ name: string; expr?: string; datasource?: { uid?: string } }> };
}

const loaded = (config: MemgenConfig): LoadedConfig => ({ config, problems: [], source: 'test', locate: () => ({ file: 'test' }) });
const build = (config: MemgenConfig) => compile(loaded(config));
const dashboardOf = (config: MemgenConfig): GDashboard => dashboardJson(build(config).model) as unknown as GDashboard;
const preset = (options: FastapiOptions = {}): GDashboard => dashboardOf(fastapi(options));
const panel = (d: GDashboard, title: string): GPanel => {
  const p = d.panels.find((q) => q.title === title);
  if (!p) throw new Error(`no panel '${title}' in ${d.panels.map((q) => q.title).join(', ')}`);
  return p;
};
const steps = (p: GPanel) => p.fieldConfig?.defaults.thresholds.steps;
const alertExpr = (config: MemgenConfig, name: string) => build(config).model.groups.flatMap((g) => g.alerts).find((a) => a.name === name)?.expr;
const fixture = async (name: string) => loadConfigFile(path.join(FIXTURES, name));

describe("Grafana's JSON Schemas", () => {
  it.each([
    ['the fastapi preset', () => preset()],
    ['the preset with a long service name and no job', () => preset({ service: 'a-service-with-a-rather-long-name-for-grafana', memoryLimit: '2GiB' })],
    ['the custom-panels fixture', async () => dashboardJson(compile(await fixture('custom-panels.yaml')).model)],
    ['the panel-problems fixture', async () => dashboardJson(compile(await fixture('panel-problems.yaml')).model)],
  ])('accept the dashboard of %s', async (_name, make) => {
    expect(grafanaSchemaErrors(await make())).toEqual([]);
  });

  it('would catch a panel the schemas reject (the judge is not blind)', () => {
    const d = preset() as unknown as { panels: Array<Record<string, unknown>> };
    const p = d.panels.find((q) => q.type === 'timeseries') as { options: Record<string, unknown>; fieldConfig: { defaults: Record<string, unknown> } };
    delete p.options.legend;
    p.fieldConfig.defaults.unit = 'megabytes';
    const errors = grafanaSchemaErrors(d).join('\n');
    expect(errors).toMatch(/options: must have required property 'legend'/);
    expect(errors).toMatch(/'megabytes' is not a Grafana unit id/);
  });

  it('every unit the DSL allows is a Grafana unit id', () => {
    const schema = configSchema as { properties: { dashboard: { properties: { panels: { items: { properties: { unit: { enum: string[] } } } } } } } };
    const units = schema.properties.dashboard.properties.panels.items.properties.unit.enum;
    expect(units.length).toBeGreaterThan(0);
    expect(units.filter((u) => !GRAFANA_UNITS.has(u))).toEqual([]);
  });
});

describe('layout and ids', () => {
  it('packs panels on the 24-column grid without overlaps, a row header above each concern', () => {
    const d = preset();
    const boxes = d.panels.map((p) => p.gridPos);
    for (const b of boxes) expect(b.x + b.w).toBeLessThanOrEqual(24);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]] as [GPanel['gridPos'], GPanel['gridPos']];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${d.panels[i]?.title} overlaps ${d.panels[j]?.title}`).toBe(false);
      }
    }
    expect(d.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Memory', 'GC', 'Endpoints']);
    // Each row header sits directly above the panels of its concern.
    const rowOf = (title: string) => {
      const at = d.panels.findIndex((p) => p.title === title);
      return d.panels.slice(0, at).reverse().find((p) => p.type === 'row')?.title;
    };
    expect(rowOf('GC collections per second by generation')).toBe('GC');
    expect(rowOf('Top memory endpoints (p95 delta per request)')).toBe('Endpoints');
    expect(rowOf('Memory used (% of limit)')).toBe('Memory');
  });

  it('gives unique ids, unchanged when unrelated panels are added or removed, or alerts edited', () => {
    const ids = (d: GDashboard) => new Map(d.panels.map((p) => [p.title, p.id]));
    const base = ids(preset());
    expect(new Set(base.values()).size).toBe(base.size);

    const withExtra = fastapi();
    withExtra.dashboard?.panels?.unshift({ title: 'Extra', description: 'x', type: 'stat', unit: 'short', row: 'Extra', targets: [{ expr: 'up{job=~"$job", instance=~"$instance"}' }] });
    const withoutOne = fastapi();
    withoutOne.dashboard?.panels?.splice(1, 1);
    const edited = fastapi({ alerts: { GCSlowdown: { above: '800ms' } }, port: 9000 });

    for (const variant of [dashboardOf(withExtra), dashboardOf(withoutOne), dashboardOf(edited)]) {
      for (const [title, id] of ids(variant)) if (base.has(title)) expect(id, title).toBe(base.get(title));
      expect(variant.uid).toBe(preset().uid);
    }
  });

  it('rejects two panels with one title, since the title is what the id is derived from', () => {
    const config = fastapi();
    const panels = config.dashboard?.panels ?? [];
    panels.push({ ...(panels[0] as (typeof panels)[number]), row: 'Again' });
    expect(() => build(config)).toThrow(/duplicate panel title 'RSS timeline'/);
  });

  it("keeps one uid whatever the services (test/stable-names.test.ts), the config's own when it sets one", () => {
    expect(preset().uid).toBe('memgen-memory');
    expect(preset({ service: 'another' }).uid).toBe('memgen-memory');
    const config = fastapi();
    expect(dashboardOf({ ...config, dashboard: { ...config.dashboard, uid: 'payments-memory' } }).uid).toBe('payments-memory');
  });
});

describe('thresholds follow the alert rules', () => {
  it('moves the RapidMemoryGrowth rule and its panel line together (done-when)', () => {
    const before = fastapi();
    const after = fastapi({ alerts: { RapidMemoryGrowth: { above: '8MiB/min' } } });
    const growth = 'RSS growth rate';
    // The rule's comparison comes before its warm-up guard (`unless on (job, instance) (...)`).
    expect(alertExpr(before, 'RapidMemoryGrowth')).toMatch(/ > 5242880\) unless /);
    expect(steps(panel(dashboardOf(before), growth))?.at(-1)?.value).toBe(5242880);
    expect(alertExpr(after, 'RapidMemoryGrowth')).toMatch(/ > 8388608\) unless /);
    expect(steps(panel(dashboardOf(after), growth))?.at(-1)?.value).toBe(8 * 1024 * 1024);
    // The rule's number and the panel's step are one model value.
    const model = build(after).model;
    const alert = model.groups[0]?.alerts.find((a) => a.name === 'RapidMemoryGrowth');
    expect(steps(panel(dashboardOf(after), growth))?.at(-1)?.value).toBe(alert?.threshold.promValue);
  });

  it('keeps the growth panel in the time unit of the threshold, as the rule is', () => {
    const config = fastapi({ alerts: { RapidMemoryGrowth: { above: '300MiB/h' } } });
    const p = panel(dashboardOf(config), 'RSS growth rate');
    expect(alertExpr(config, 'RapidMemoryGrowth')).toMatch(/\) \* 3600 > 314572800\) unless /);
    expect(p.targets?.[0]?.expr).toMatch(/\) \* 3600$/);
    expect(steps(p)?.at(-1)?.value).toBe(300 * 1024 * 1024);
    expect(p.id).toBe(panel(preset(), 'RSS growth rate').id);
  });

  it('draws CriticalMemoryUsage in bytes on the RSS panel and as a ratio of the limit on the percentage panel', () => {
    const d = preset({ alerts: { CriticalMemoryUsage: { above: '95%' } }, memoryLimit: '2GiB' });
    expect(steps(panel(d, 'RSS timeline'))?.at(-1)?.value).toBe(Math.round(0.95 * 2 * 1024 ** 3));
    const percent = panel(d, 'Memory used (% of limit)');
    expect(percent.fieldConfig?.defaults.unit).toBe('percentunit');
    expect(steps(percent)?.at(-1)).toEqual({ color: 'red', value: 0.95 });
    expect(percent.targets?.[0]?.expr).toContain(`/ ${2 * 1024 ** 3}`);
    expect(percent.fieldConfig?.defaults.custom?.thresholdsStyle).toEqual({ mode: 'line' });
  });

  it('draws a below alert as colour up to the threshold and green from it, and converts table units', async () => {
    const d = dashboardJson(compile(await fixture('custom-panels.yaml')).model) as unknown as GDashboard;
    expect(steps(panel(d, 'Free heap'))).toEqual([
      { color: 'orange', value: null },
      { color: 'green', value: 64 * 1024 * 1024 },
    ]);
    expect(steps(panel(d, 'Slowest queues (p99)'))?.at(-1)).toEqual({ color: 'yellow', value: 30 });
    expect(steps(panel(d, 'Worker RSS'))?.at(-1)?.value).toBe(Math.round(0.8 * 512 * 1024 * 1024));
    expect(steps(panel(d, 'Jobs per second'))).toEqual([{ color: 'green', value: null }]);
  });

  it('links each alert panel to its runbook and shows firing alerts filtered by $job and $instance', () => {
    const config = fastapi({ runbookBaseUrl: 'https://runbooks.example.com/memory' });
    const d = dashboardOf(config);
    expect(panel(d, 'GC pause p95 by generation').links?.map((l) => l.url)).toEqual(['https://runbooks.example.com/memory/GCSlowdown.md']);
    expect(panel(d, 'Object count trend').links).toBeUndefined();
    const firing = d.annotations.list.find((a) => a.name === 'Firing alerts');
    expect(firing?.expr).toMatch(/^ALERTS\{.*alertstate="firing", job=~"\$job", instance=~"\$instance"\}$/);
    expect(firing?.expr).toContain('RapidMemoryGrowth');
    expect(firing?.datasource?.uid).toBe('${datasource}');
  });
});

describe('panels', () => {
  it('has the guide\'s five plus memory % of limit, time to limit and GC collections by generation', () => {
    const d = preset();
    const timeToLimit = panel(d, 'Predicted time to memory limit');
    expect(timeToLimit.type).toBe('stat');
    expect(timeToLimit.fieldConfig?.defaults.unit).toBe('s');
    expect(timeToLimit.targets?.[0]?.expr).toContain('predict_linear(');
    const gc = panel(d, 'GC collections per second by generation');
    expect(gc.targets?.[0]?.expr).toMatch(/rate\(gc_collections_total\{[^}]*\}\[\$__rate_interval\]\)/);
    expect(gc.targets?.[0]?.expr).toContain('generation');
    expect(d.panels.filter((p) => p.type !== 'row')).toHaveLength(8);
  });
});

describe('provisioning', () => {
  it('pins the datasource uid the dashboard defaults to, and points a file provider at the dashboards', () => {
    const { files, model } = build(fastapi());
    const read = (p: string) => parse(files.find((f) => f.path === p)?.content ?? '') as Record<string, unknown>;
    const datasources = read('grafana/provisioning/datasources/prometheus.yaml') as { datasources: Array<{ uid: string; type: string }> };
    const providers = read('grafana/provisioning/dashboards/memgen.yaml') as { providers: Array<{ type: string; options: { path: string } }> };
    const variable = (dashboardJson(model) as unknown as GDashboard).templating.list.find((v) => v.type === 'datasource');
    expect(datasources.datasources).toHaveLength(1);
    expect(datasources.datasources[0]?.type).toBe('prometheus');
    expect(variable?.current?.value).toBe(datasources.datasources[0]?.uid);
    expect(providers.providers[0]?.type).toBe('file');
    expect(providers.providers[0]?.options.path).toBeTruthy();
    expect(files.some((f) => f.path === 'grafana/dashboards/memory.json')).toBe(true);
  });
});
