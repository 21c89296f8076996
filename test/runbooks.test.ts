// Runbooks: one page per alert, numbers read from the same model as the rule, links that resolve, and
// handlebars that neither escapes nor forgives.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fastapi } from '../presets/fastapi.js';
import { ConfigError } from '../src/config/errors.js';
import { validateConfig } from '../src/config/validate.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { formatDurationProse, parseDuration } from '../src/dsl/units.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { syntaxErrors } from '../src/promql/parse.js';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';

function compileConfig(config: MemgenConfig) {
  const source = 'test config';
  const locate = () => ({ file: source });
  return compile({ ...validateConfig(config, locate), source, locate });
}

type Rule = { alert: string; expr: string; for?: string; annotations: Record<string, string> };
function rulesOf(files: Array<{ path: string; content: string }>): Rule[] {
  const alerts = files.find((f) => f.path === 'prometheus/alerts.yaml');
  if (!alerts) throw new Error('no alerts.yaml');
  return (parse(alerts.content).groups as Array<{ rules: Rule[] }>).flatMap((g) => g.rules);
}

function contentOf(files: Array<{ path: string; content: string }>, p: string): string {
  const f = files.find((x) => x.path === p);
  if (!f) throw new Error(`no ${p} among ${files.map((x) => x.path).join(', ')}`);
  return f.content;
}

/** The number the rule compares with: the right-hand side of its final comparison. */
/** The number the rule compares with: before a warm-up guard (`... > N) unless on (...)`), or at its end. */
function thresholdNumber(expr: string): string {
  const m = /[<>]=? ([^\s()]+)\) unless on /.exec(expr) ?? /[<>]=? (\S+)$/.exec(expr);
  if (!m) throw new Error(`no comparison at the end of ${expr}`);
  return m[1] as string;
}

function writeTemplate(text: string): string {
  const dir = tempDir('memgen-templates-');
  writeFileSync(path.join(dir, 'runbook.md.hbs'), text);
  return dir;
}

const preset = compile(loadPreset('fastapi'));

describe('runbooks of the fastapi preset', () => {
  const rules = rulesOf(preset.files);

  it('exist for every alert, with the rule, its threshold number and its `for` in the page', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const page = contentOf(preset.files, rule.annotations.runbook_url as string);
      expect(page).toContain(`# ${rule.alert}\n`);
      expect(page).toContain(`\n${rule.expr}\n`);
      const shown = /`([^`]+)` in the expression/.exec(page)?.[1] ?? '';
      // A correlation alert joins several comparisons (`... > 0.05)`); its page quotes the number in the
      // expression that its threshold is. Every other rule ends with its threshold.
      if (rule.expr.endsWith(')')) expect(` ${rule.expr.replace(/[(),]/g, ' ')} `, rule.alert).toContain(` ${shown} `);
      else expect(shown).toBe(thresholdNumber(rule.expr));
      if (rule.for) expect(page).toContain(`${formatDurationProse(parseDuration(rule.for))} (\`for: ${rule.for}\`)`);
    }
  });

  it('link each runbook_url to a file the build wrote, relative to the output folder', () => {
    const out = tempDir();
    const r = memgen(['build', '--preset', 'fastapi', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const written = rulesOf([{ path: 'prometheus/alerts.yaml', content: readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8') }]);
    for (const rule of written) {
      const url = rule.annotations.runbook_url as string;
      expect(path.isAbsolute(url)).toBe(false);
      expect(existsSync(path.join(out, url)), url).toBe(true);
    }
  });

  it('follow a changed threshold', () => {
    const changed = compileConfig(fastapi({ alerts: { RapidMemoryGrowth: { above: '8MiB/min' } } }));
    const rule = rulesOf(changed.files).find((r) => r.alert === 'RapidMemoryGrowth') as Rule;
    const before = rulesOf(preset.files).find((r) => r.alert === 'RapidMemoryGrowth') as Rule;
    expect(thresholdNumber(rule.expr)).not.toBe(thresholdNumber(before.expr));
    const page = contentOf(changed.files, 'runbooks/RapidMemoryGrowth.md');
    expect(page).toContain(`\`${thresholdNumber(rule.expr)}\` in the expression`);
    expect(page).toContain('above 8 MiB/min');
    expect(page).not.toContain(thresholdNumber(before.expr));
    expect(page).not.toContain('5 MiB/min');
  });

  it('link to the panel that draws the alert, by the id the dashboard gives it', () => {
    const dashboard = JSON.parse(contentOf(preset.files, 'grafana/dashboards/memory.json'));
    // The first panel that draws an alert is the one its runbook sends people to.
    const panelsWithAlert = preset.model.dashboard.panels.filter((p, i, all) => p.alert && all.findIndex((q) => q.alert === p.alert) === i);
    expect(panelsWithAlert.length).toBeGreaterThan(0);
    for (const panel of panelsWithAlert) {
      const json = dashboard.panels.find((p: { title: string }) => p.title === panel.title);
      const page = contentOf(preset.files, `runbooks/${panel.alert}.md`);
      expect(page).toContain(`[${panel.title}](http://localhost:3000/d/${dashboard.uid}?var-job=fastapi-app&viewPanel=${json.id})`);
    }
  });

  it('give PromQL that parses and uses the catalog names and the job', () => {
    const page = contentOf(preset.files, 'runbooks/HighMemoryEndpoint.md');
    const queries = [...page.matchAll(/```promql\n(.*)\n```/g)].map((m) => m[1] as string);
    expect(queries.length).toBeGreaterThan(3);
    for (const q of queries) expect(syntaxErrors(q), q).toEqual([]);
    for (const metric of Object.values(preset.model.metrics)) expect(queries.some((q) => q.includes(metric.name)), metric.name).toBe(true);
    for (const q of queries) expect(q).toContain('job="fastapi-app"');
  });

  it('name the debug endpoints, configurable per service', () => {
    expect(contentOf(preset.files, 'runbooks/GCSlowdown.md')).toContain('`GET /api/debug/memory/snapshot`');
    const config = fastapi();
    config.services[0]!.debugEndpoints = ['/debug/heap'];
    const page = contentOf(compileConfig(config).files, 'runbooks/GCSlowdown.md');
    expect(page).toContain('`GET /debug/heap`');
    expect(page).not.toContain('/api/debug/memory/snapshot');
  });
});

describe('runbook options', () => {
  it('runbooks.baseUrl and grafanaUrl change the annotation and the links', () => {
    const config = { ...fastapi(), runbooks: { baseUrl: 'https://git.example/ops/runbooks/', grafanaUrl: 'https://grafana.example' } };
    const { files } = compileConfig(config);
    const rule = rulesOf(files).find((r) => r.alert === 'GCSlowdown') as Rule;
    expect(rule.annotations.runbook_url).toBe('https://git.example/ops/runbooks/GCSlowdown.md');
    expect(contentOf(files, 'runbooks/GCSlowdown.md')).toContain('(https://grafana.example/d/');
  });

  it('refuse a runbooks.baseUrl that contradicts runbookBaseUrl', () => {
    const config = { ...fastapi(), runbookBaseUrl: 'a', runbooks: { baseUrl: 'b' } };
    expect(() => compileConfig(config)).toThrow(/runbooks\.baseUrl: differs from runbookBaseUrl 'a'/);
  });
});

describe('runbook templates', () => {
  it('render values verbatim: no HTML escaping, no second template pass', () => {
    const description = `On {{ $labels.instance }}: "quoted" 'single' <b>tag</b> & {{ printf "%.0f" $value }}`;
    const config = fastapi();
    config.alerts.find((a) => a.name === 'GCSlowdown')!.description = description;
    const page = contentOf(compileConfig(config).files, 'runbooks/GCSlowdown.md');
    expect(page).toContain(`\n${description}\n`);
  });

  it('use the user template folder', () => {
    const dir = writeTemplate('{{alert.name}} at {{#each services}}{{threshold.display}}{{/each}}\n');
    const { files } = compileConfig({ ...fastapi(), runbooks: { templates: dir } });
    expect(contentOf(files, 'runbooks/RapidMemoryGrowth.md')).toBe('<!-- Code generated by memgen from test config. DO NOT EDIT. -->\nRapidMemoryGrowth at 5 MiB/min\n');
  });

  it('fail the build on an unknown variable, naming the template file and line', () => {
    const dir = writeTemplate('# {{alert.name}}\n\nThreshold: {{alert.thresold}}\n');
    let error: unknown;
    try {
      compileConfig({ ...fastapi(), runbooks: { templates: dir } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${path.join(dir, 'runbook.md.hbs')}:3:`);
    expect((error as Error).message).toContain('"thresold" not defined');
  });

  it('fail the build on a syntax error with its line, and the CLI exits 2 writing nothing', () => {
    const dir = writeTemplate('ok\n{{#each services}}\n{{name}}\n');
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'tpl'));
    writeFileSync(path.join(cwd, 'tpl', 'runbook.md.hbs'), readFileSync(path.join(dir, 'runbook.md.hbs')));
    const config = readFileSync(path.join(ROOT, 'test/fixtures/configs/minimal.yaml'), 'utf8');
    writeFileSync(path.join(cwd, 'memgen.config.yaml'), `${config}runbooks:\n  templates: tpl\n`);
    const r = memgen(['build', '--out', 'out'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join('tpl', 'runbook.md.hbs')}:`);
    expect(r.stderr).toMatch(/runbook\.md\.hbs:\d+:\d+: template error: syntax error: the template ends inside a block/);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
  });

  it('report a missing template folder as a config error', () => {
    expect(() => compileConfig({ ...fastapi(), runbooks: { templates: '/nonexistent/memgen-templates' } })).toThrow(/cannot read template/);
  });
});
