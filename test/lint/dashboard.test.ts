// Table tests for the dashboard checks, in the typescript-eslint shape: each case is a dashboard (built from a
// small valid one by one edit) with the problems expected, by check id and JSON path.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_CHECKS, lintDashboard } from '../../src/lint/dashboard/index.js';
import { ROOT } from '../helpers/memgen.js';

const DS = { type: 'prometheus', uid: '${datasource}' };
const SEL = '{job=~"$job", instance=~"$instance"}';

function variable(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'query', name, datasource: DS, query: { query: `label_values(up, ${name})` }, multi: true, includeAll: true, refresh: 2, ...extra };
}

interface PanelSpec {
  expr?: string;
  [key: string]: unknown;
}

function panel({ expr = `process_rss_bytes${SEL}`, ...rest }: PanelSpec = {}): Record<string, unknown> {
  return {
    id: 1,
    type: 'timeseries',
    title: 'RSS',
    description: 'Resident memory.',
    datasource: DS,
    fieldConfig: { defaults: { unit: 'bytes' }, overrides: [] },
    targets: [{ refId: 'A', datasource: DS, expr }],
    ...rest,
  };
}

function dashboard(panels: unknown[] = [panel()], variables: unknown[] = [{ type: 'datasource', name: 'datasource', query: 'prometheus' }, variable('job'), variable('instance')]) {
  return { uid: 'x', title: 'T', panels, templating: { list: variables } };
}

const TYPES = { process_rss_bytes: 'gauge', gc_collections_total: 'counter', requests_served: 'counter', gc_duration_ms_bucket: 'counter' } as const;

interface Case {
  name: string;
  dashboard: unknown;
  /** `rule @ field` of each problem, in any order. */
  problems: string[];
}

const valid: Array<Omit<Case, 'problems'>> = [
  { name: 'the base dashboard', dashboard: dashboard() },
  { name: 'rate over $__rate_interval', dashboard: dashboard([panel({ expr: `rate(gc_collections_total${SEL}[$__rate_interval])` })]) },
  { name: '${__rate_interval} with braces', dashboard: dashboard([panel({ expr: `increase(gc_collections_total${SEL}[\${__rate_interval}])` })]) },
  { name: 'histogram buckets inside rate', dashboard: dashboard([panel({ expr: `histogram_quantile(0.9, sum by (le) (rate(gc_duration_ms_bucket${SEL}[$__rate_interval])))` })]) },
  { name: 'deriv over a fixed window (not a rate function)', dashboard: dashboard([panel({ expr: `deriv(process_rss_bytes${SEL}[10m])` })]) },
  { name: 'variables written ${job:regex} and [[instance]]', dashboard: dashboard([panel({ expr: 'process_rss_bytes{job=~"${job:regex}", instance=~"[[instance]]"}' })]) },
  { name: 'a target without datasource takes the panel\'s', dashboard: dashboard([panel({ targets: [{ refId: 'A', expr: `process_rss_bytes${SEL}` }] })]) },
  { name: 'a row header has no unit or description', dashboard: dashboard([{ type: 'row', id: 9, title: 'Memory', collapsed: false, panels: [] }, panel()]) },
  { name: 'a text panel needs no unit', dashboard: dashboard([panel({ type: 'text', fieldConfig: { defaults: {}, overrides: [] }, targets: [] })]) },
];

const invalid: Case[] = [
  { name: 'no datasource variable', dashboard: dashboard([panel()], [variable('job'), variable('instance')]), problems: ['dashboard/template-datasource @ templating.list'] },
  {
    name: 'datasource variable listing loki',
    dashboard: dashboard([panel()], [{ type: 'datasource', name: 'datasource', query: 'loki' }, variable('job'), variable('instance')]),
    problems: ['dashboard/template-datasource @ templating.list[0].query'],
  },
  {
    name: 'panel with a hard-coded datasource',
    dashboard: dashboard([panel({ datasource: { type: 'prometheus', uid: 'abc123' } })]),
    problems: ['dashboard/panel-datasource @ panels[0].datasource'],
  },
  {
    name: 'target with a hard-coded datasource',
    dashboard: dashboard([panel({ targets: [{ refId: 'A', datasource: { uid: 'abc123' }, expr: `up${SEL}` }] })]),
    problems: ['dashboard/panel-datasource @ panels[0].targets[0].datasource'],
  },
  { name: 'no job variable', dashboard: dashboard([panel()], [{ type: 'datasource', name: 'datasource', query: 'prometheus' }, variable('instance')]), problems: ['dashboard/template-job-instance @ templating.list'] },
  {
    name: 'single-select instance, refreshed on load only',
    dashboard: dashboard([panel()], [{ type: 'datasource', name: 'datasource', query: 'prometheus' }, variable('job'), variable('instance', { multi: false, refresh: 1 })]),
    problems: ['dashboard/template-job-instance @ templating.list[2].multi', 'dashboard/template-job-instance @ templating.list[2].refresh'],
  },
  { name: 'query without job and instance matchers', dashboard: dashboard([panel({ expr: 'process_rss_bytes' })]), problems: ['dashboard/target-job-instance @ panels[0].targets[0].expr', 'dashboard/target-job-instance @ panels[0].targets[0].expr'] },
  { name: 'job matched with = (not =~)', dashboard: dashboard([panel({ expr: 'process_rss_bytes{job="$job", instance=~"$instance"}' })]), problems: ['dashboard/target-job-instance @ panels[0].targets[0].expr'] },
  {
    name: 'second selector of a binary expression unfiltered',
    dashboard: dashboard([panel({ expr: `process_rss_bytes${SEL} / on(instance) process_rss_bytes{job=~"$job"}` })]),
    problems: ['dashboard/target-job-instance @ panels[0].targets[0].expr'],
  },
  { name: 'panel without unit', dashboard: dashboard([panel({ fieldConfig: { defaults: {}, overrides: [] } })]), problems: ['dashboard/panel-units @ panels[0].fieldConfig.defaults.unit'] },
  { name: 'panel without title', dashboard: dashboard([panel({ title: '' })]), problems: ['dashboard/panel-title-description @ panels[0].title'] },
  { name: 'panel without description', dashboard: dashboard([panel({ description: undefined })]), problems: ['dashboard/panel-title-description @ panels[0].description'] },
  { name: 'rate over a fixed 5m', dashboard: dashboard([panel({ expr: `rate(gc_collections_total${SEL}[5m])` })]), problems: ['dashboard/rate-interval @ panels[0].targets[0].expr'] },
  { name: 'increase over $__interval', dashboard: dashboard([panel({ expr: `increase(gc_collections_total${SEL}[$__interval])` })]), problems: ['dashboard/rate-interval @ panels[0].targets[0].expr'] },
  { name: 'a raw counter', dashboard: dashboard([panel({ expr: `gc_collections_total${SEL}` })]), problems: ['dashboard/counter-rate @ panels[0].targets[0].expr'] },
  { name: 'a counter known from the catalog (no _total)', dashboard: dashboard([panel({ expr: `requests_served${SEL}` })]), problems: ['dashboard/counter-rate @ panels[0].targets[0].expr'] },
  // The PromQL checks of rule files run on panel queries too; promql/deriv-on-counter names the fix.
  { name: 'a counter under delta()', dashboard: dashboard([panel({ expr: `delta(gc_collections_total${SEL}[$__rate_interval])` })]), problems: ['promql/deriv-on-counter @ panels[0].targets[0].expr'] },
  { name: 'PromQL that does not parse', dashboard: dashboard([panel({ expr: `sum(rate(gc_collections_total${SEL}[$__rate_interval])` })]), problems: ['dashboard/target-promql @ panels[0].targets[0].expr'] },
  {
    name: 'a problem inside a collapsed row',
    dashboard: dashboard([{ type: 'row', id: 9, title: 'Memory', collapsed: true, panels: [panel({ fieldConfig: { defaults: {}, overrides: [] } })] }]),
    problems: ['dashboard/panel-units @ panels[0].panels[0].fieldConfig.defaults.unit'],
  },
];

const located = (d: unknown) => lintDashboard(d, TYPES).map((p) => `${p.rule} @ ${p.field}`).sort();

describe('dashboard checks', () => {
  it.each(valid)('valid: $name', ({ dashboard: d }) => {
    expect(lintDashboard(d, TYPES)).toEqual([]);
  });
  it.each(invalid)('invalid: $name', ({ dashboard: d, problems }) => {
    expect(located(d)).toEqual([...problems].sort());
  });

  it('points at the range itself, in the text the user wrote', () => {
    const expr = `rate(gc_collections_total${SEL}[5m])`;
    const [p] = lintDashboard(dashboard([panel({ expr })]), TYPES);
    expect(p?.span && expr.slice(...p.span)).toBe('5m');
    expect(p?.panel).toBe('RSS');
  });

  describe('the PromQL checks of rule files, on panel queries', () => {
    const rules = (expr: string) =>
      lintDashboard(dashboard([panel({ expr })]), TYPES)
        .map((p) => p.rule)
        .filter((id) => !id.startsWith('dashboard/'));

    it('flags rate() of a gauge, pointing at the call in the text the user wrote', () => {
      const expr = `sum(rate(process_rss_bytes${SEL}[$__rate_interval]))`;
      const problems = lintDashboard(dashboard([panel({ expr })]), TYPES);
      expect(problems.map((p) => `${p.rule} @ ${p.field}`)).toEqual(['promql/rate-on-gauge @ panels[0].targets[0].expr']);
      expect(expr.slice(...(problems[0]?.span ?? [0, 0]))).toBe(`rate(process_rss_bytes${SEL}[$__rate_interval])`);
    });

    it('flags a quantile of raw buckets and a regex written with =', () => {
      expect(rules(`histogram_quantile(0.99, sum by (le) (gc_duration_ms_bucket${SEL}))`)).toContain('histogram/quantile-input');
      expect(rules('process_rss_bytes{job=~"$job", instance=~"$instance", path="/api/.*"}')).toEqual(['selectors/regex-in-equality']);
    });

    it('does not judge what Grafana substitutes: variables in matchers and ranges', () => {
      expect(rules('process_rss_bytes{job=~"${job:regex}", instance=~"$instance", path="[[path]]"}')).toEqual([]);
      expect(rules(`max_over_time(process_rss_bytes${SEL}[$__range])`)).toEqual([]);
    });

    it('does not judge the placeholders of variables that stand for numbers, ranges or names', () => {
      expect(rules(`histogram_quantile($q, sum by (le) (rate(gc_duration_ms_bucket${SEL}[$__rate_interval])))`)).toEqual([]);
      expect(rules(`rate(gc_collections_total${SEL}[$window])`)).toEqual([]);
      expect(rules('rate($metric[5m])')).toEqual([]);
      // ... while what is written out is still checked around them.
      expect(rules(`histogram_quantile(99, sum by (le) (rate(gc_duration_ms_bucket${SEL}[$window])))`)).toEqual(['histogram/quantile-range']);
    });

    it('leaves alert-only checks and the rule result type to rule files', () => {
      expect(rules(`topk(5, process_rss_bytes${SEL})`)).toEqual([]);
    });
  });

  it('without metric types, takes _total names for counters', () => {
    const d = dashboard([panel({ expr: `gc_collections_total${SEL} + requests_served${SEL}` })]);
    expect(lintDashboard(d).map((p) => p.rule)).toEqual(['dashboard/counter-rate']);
  });

  it('flags each check once or more in a hand-made dashboard fixture that breaks them all', () => {
    const json: unknown = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/grafana/foreign-dashboard.json'), 'utf8'));
    const flagged = new Set(lintDashboard(json).map((p) => p.rule));
    expect([...flagged].sort()).toEqual(DASHBOARD_CHECKS.map((c) => c.id).sort());
  });

  it('every check has an id under dashboard/ and a docs page', () => {
    for (const c of DASHBOARD_CHECKS) {
      expect(c.id).toMatch(/^dashboard\/[a-z-]+$/);
      expect(existsSync(path.join(ROOT, `docs/checks/${c.id}.md`)), `docs/checks/${c.id}.md`).toBe(true);
    }
  });
});

describe('dashboard checks are lint checks like the others', () => {
  const raw = dashboard([panel({ expr: `gc_collections_total${SEL}` }), panel({ id: 2, title: 'Other', expr: `gc_collections_total${SEL}` })]);

  it('take --rule overrides, and off drops them', () => {
    expect(lintDashboard(raw, TYPES, { overrides: { 'dashboard/counter-rate': 'warning' } }).map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(lintDashboard(raw, TYPES, { overrides: { 'dashboard/counter-rate': 'off' } })).toEqual([]);
  });

  it('are silenced per panel title or for the whole dashboard', () => {
    const panels = new Map([['RSS', ['dashboard/counter-rate']]]);
    expect(lintDashboard(raw, TYPES, { silences: { panels } }).map((p) => p.panel)).toEqual(['Other']);
    expect(lintDashboard(raw, TYPES, { silences: { dashboard: ['dashboard/counter-rate'] } })).toEqual([]);
  });

  it('sort by position in the JSON, panels[2] before panels[10]', () => {
    const many = dashboard(Array.from({ length: 11 }, (_, i) => panel({ id: i + 1, title: `P${i}`, fieldConfig: { defaults: {}, overrides: [] } })));
    expect(lintDashboard(many, TYPES).map((p) => p.field)).toEqual(Array.from({ length: 11 }, (_, i) => `panels[${i}].fieldConfig.defaults.unit`));
  });

  it('share the rule checks\' type sources: a well-known counter without _total, a name guess that stays info', () => {
    const types = lintDashboard(dashboard([panel({ expr: `nginx_ingress_controller_requests${SEL}` }), panel({ id: 2, title: 'B', expr: `queue_items_count${SEL}` })]));
    expect(types.map((p) => [p.rule, p.severity, p.panel])).toEqual([
      ['dashboard/counter-rate', 'error', 'RSS'],
      ['dashboard/counter-rate', 'info', 'B'],
    ]);
    expect(types[1]?.message).toMatch(/may be a counter \(a guess from its name/);
  });

  it('read queries through the PromQL AST: escaped quotes in a matcher value do not hide the job matcher', () => {
    expect(lintDashboard(dashboard([panel({ expr: 'process_rss_bytes{path="a\\"b", job=~"$job", instance=~"$instance"}' })]), TYPES)).toEqual([]);
    const [p] = lintDashboard(dashboard([panel({ expr: 'process_rss_bytes{path="a\\"b", instance=~"$instance"}' })]), TYPES);
    expect(p?.message).toMatch(/^process_rss_bytes\{path="a\\"b", instance=~"\$instance"\} has no job=~"\$job" matcher/);
  });
});
