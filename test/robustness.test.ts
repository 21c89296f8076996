// Bad or hostile input: strings that must survive YAML, JSON and Go templates exactly; keys that could
// pollute prototypes; alias bombs; unsafe output folders; internal errors.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../src/config/errors.js';
import { loadYamlConfig } from '../src/source/config-file.js';
import { buildCheckedModel } from '../src/pipeline.js';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const NASTY = path.join(ROOT, 'test/fixtures/robustness/nasty-strings.yaml');
const source = parse(readFileSync(NASTY, 'utf8'));
const alertConfig = source.alerts[0];

function buildNasty(): string {
  const out = path.join(tempDir(), 'out');
  const r = memgen(['build', '-c', NASTY, '--out', out]);
  expect(r.status, r.stderr).toBe(0);
  return out;
}

describe('user strings', () => {
  it('survive YAML exactly, with prose escaped for Go templates', () => {
    const out = buildNasty();
    const rule = parse(readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8')).groups[0].rules[0];
    const literal = (s: string) => s.split('{{').join('{{ "{{" }}');
    expect(rule.annotations.summary).toBe(literal(alertConfig.summary));
    expect(rule.annotations.description).toBe(alertConfig.description); // declared a template
    expect(rule.annotations.note).toBe('line one\nline two\ttabbed, trailing space ');
    expect(rule.annotations.yamlish).toBe(alertConfig.annotations.yamlish);
    expect(rule.labels.team).toBe('payments: core #1');
    expect(rule.labels.owner).toBe(literal('{{ $labels.job }}'));
  });

  it.skipIf(skipWithout('promtool'))('reach the alert exactly as written once Prometheus expands the templates', () => {
    const out = buildNasty();
    const test = {
      rule_files: [path.join(out, 'prometheus/alerts.yaml')],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [{ series: 'process_rss_bytes{job="api", instance="a:1"}', values: `${2 ** 30}x20` }],
          alert_rule_test: [
            {
              eval_time: '2m',
              alertname: 'MemoryHigh',
              exp_alerts: [
                {
                  exp_labels: { job: 'api', instance: 'a:1', severity: 'critical', team: 'payments: core #1', owner: '{{ $labels.job }}' },
                  exp_annotations: {
                    summary: alertConfig.summary,
                    description: 'Instance a:1: a literal {{ stays; value 1GiB',
                    action: source.tiers.critical.actionText,
                    runbook_url: 'runbooks/MemoryHigh.md',
                    note: alertConfig.annotations.note,
                    yamlish: alertConfig.annotations.yamlish,
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = path.join(out, 'escaping.test.yaml');
    writeFileSync(file, stringify(test));
    const r = promtool('test', 'rules', file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('survive JSON exactly in the dashboard', () => {
    const out = buildNasty();
    const dashboard = JSON.parse(readFileSync(path.join(out, 'grafana/dashboards/memory.json'), 'utf8'));
    expect(typeof dashboard.title).toBe('string');
  });
});

async function configProblems(yaml: string): Promise<string[]> {
  try {
    const loaded = await loadYamlConfig('hostile.yaml', yaml);
    buildCheckedModel(loaded);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
}

const SMALL = `
services: [{ name: api, port: 8001 }]
alerts: []
`;

describe('hostile YAML configs', () => {
  it.each([
    ['__proto__ as a metric key', `metrics:\n  __proto__: { name: x, type: gauge, unit: bytes }\n${SMALL}`],
    ['constructor as a metric key', `metrics:\n  constructor: { name: x, type: gauge, unit: bytes }\n${SMALL}`],
    ['__proto__ in labels', `metrics:\n  rss: { name: x, type: gauge, unit: bytes }\nservices: [{ name: api, port: 8001 }]\nalerts:\n  - { kind: value, name: A, tier: high, metric: rss, above: 1GiB, labels: { __proto__: { polluted: yes } } }\n`],
    ['__proto__ in a selector', `metrics:\n  rss: { name: x, type: gauge, unit: bytes }\nservices: [{ name: api, port: 8001, kubernetes: { selector: { __proto__: x } } }]\nalerts: []\n`],
  ])('reject %s without polluting any prototype', async (_what, yaml) => {
    const problems = await configProblems(yaml);
    expect(problems.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('name');
  });

  it('refer to an alert metric named like an Object.prototype member as unknown, not as a function', async () => {
    const problems = await configProblems(`metrics:\n  rss: { name: x, type: gauge, unit: bytes }\nservices: [{ name: api, port: 8001 }]\nalerts:\n  - { kind: value, name: A, tier: high, metric: toString, above: 1GiB }\n`);
    expect(problems).toEqual(["alerts[0].metric: no metric 'toString' in the catalog"]);
  });

  it('stop an alias bomb with a clear error, quickly', async () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    await expect(loadYamlConfig('bomb.yaml', `${bomb.join('\n')}\n`)).rejects.toThrow(/too many YAML alias expansions/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reject duplicate keys, which YAML parsers otherwise resolve silently', async () => {
    await expect(loadYamlConfig('dup.yaml', 'metrics: {}\nmetrics: {}\n')).rejects.toThrow(/dup\.yaml:2:1.*[Mm]ap keys must be unique/);
  });
});

describe('unsafe output folders', () => {
  it.each([
    ['the filesystem root', '/'],
    ['the home folder', homedir()],
    ['the repository root', '.'],
  ])('refuse %s', (_what, out) => {
    const r = memgen(['build', '--preset', 'fastapi', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to write into/);
  });

  it('refuse a file or a symbolic link in place of the folder', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'out'), 'not a folder\n');
    const file = memgen(['build', '--preset', 'fastapi', '--out', path.join(dir, 'out')]);
    expect(file.status).toBe(2);
    expect(file.stderr).toContain('it is a file, not a folder');
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    const link = memgen(['build', '--preset', 'fastapi', '--out', path.join(dir, 'link')]);
    expect(link.status).toBe(2);
    expect(link.stderr).toContain('symbolic link');
    expect(readFileSync(path.join(dir, 'out'), 'utf8')).toBe('not a folder\n');
  });

  it('refuse a folder with foreign files unless forced, and never touch them', () => {
    const out = path.join(tempDir(), 'deploy');
    mkdirSync(out);
    writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: []\n');
    const r = memgen(['build', '--preset', 'fastapi', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('kustomization.yaml');
    expect(memgen(['build', '--preset', 'fastapi', '--out', out, '--force']).status).toBe(0);
    expect(readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: []\n');
  });
});

describe('internal errors', () => {
  const config = path.join(tempDir(), 'memgen.config.ts');
  writeFileSync(
    config,
    `import { fastapi } from 'memgen';\nconst base = fastapi();\nexport default { ...base, get services() { throw new Error('a bug somewhere'); } };\n`,
  );

  it('print one line and where to report, without a stack trace, and exit 3', () => {
    const r = memgen(['build', '-c', config, '--out', path.join(tempDir(), 'out')]);
    expect(r.status).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('memgen: internal error: a bug somewhere');
    expect(lines[1]).toMatch(/--debug.*report/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('show the stack under --debug', () => {
    const r = memgen(['--debug', 'build', '-c', config, '--out', path.join(tempDir(), 'out')]);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
