// Property tests with a fixed seed: random valid configs compile to output the real tools accept; random
// invalid configs give a clean config error and leave the output folder byte-identical.
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { runBuild } from '../src/cli/build.js';
import { ConfigError } from '../src/config/errors.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { BREAKAGES, validConfig } from './helpers/arbitraries.js';
import { compilerThread } from './helpers/compile-off-thread.js';
import { tempDir } from './helpers/memgen.js';
import { runAsync, skipWithout } from './helpers/tools.js';

const SEED = 20261124;
const RUNS = 200;

/** Labels, annotations and summaries come back from the rule file as the user wrote them (`{{` escaped as a literal). */
function expectUserStringsIntact(config: MemgenConfig, rules: { groups: Array<{ rules: Array<Record<string, any>> }> }): void {
  const literal = (s: string) => s.split('{{').join('{{ "{{" }}');
  for (const a of config.alerts) {
    for (const group of rules.groups) {
      const rule = group.rules.find((r) => r.alert === a.name);
      if (!rule) continue;
      if (a.summary) expect(rule.annotations.summary).toBe(literal(a.summary));
      for (const [k, v] of Object.entries(a.labels ?? {})) expect(rule.labels[k]).toBe(literal(v));
      for (const [k, v] of Object.entries(a.annotations ?? {})) expect(rule.annotations[k]).toBe(literal(v));
    }
  }
}

// The valid configs are sampled once and serve every check, so the compile, the slow part, runs once per case,
// in a thread of its own (helpers/compile-off-thread.ts).
describe.skipIf(skipWithout('promtool'))('random valid configs', () => {
  it(`compile to output promtool, the CRD models and the JSON parsers accept, every user string intact (${RUNS} cases, seed ${SEED})`, async () => {
    const root = tempDir('memgen-prop-');
    const samples = fc.sample(validConfig, { seed: SEED, numRuns: RUNS });
    const ruleFiles: string[] = [];
    const configFiles: string[] = [];
    const compiler = compilerThread('generated');
    onTestFinished(() => void compiler.close());
    const compileObject = async (config: MemgenConfig) => {
      const outcome = await compiler.compile(config);
      if ('refused' in outcome) throw new Error(`a valid config was refused: ${JSON.stringify(outcome.refused.problems)}`);
      return outcome.built;
    };
    for (const [i, config] of samples.entries()) {
      const { files, problems } = await compileObject(config);
      expect(problems.filter((p) => p.severity === 'error'), JSON.stringify(config)).toEqual([]);
      const dir = path.join(root, String(i));
      for (const f of files) {
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.content);
      }
      ruleFiles.push(path.join(dir, 'prometheus/alerts.yaml'));
      configFiles.push(path.join(dir, 'prometheus/prometheus.yml'));
      const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
      new PrometheusRule(parse(byPath['kubernetes/prometheusrule.yaml']!)).validate();
      for (const doc of parseAllDocuments(byPath['kubernetes/servicemonitor.yaml']!)) new ServiceMonitor(doc.toJS()).validate();
      JSON.parse(byPath['grafana/dashboards/memory.json']!);
      expectUserStringsIntact(config, parse(byPath['prometheus/alerts.yaml']!));
      // Same input, same bytes.
      expect((await compileObject(config)).files).toEqual(files);
    }
    // One promtool run per kind of check over all cases keeps this affordable on two cores.
    const rules = await runAsync('promtool', ['check', 'rules', ...ruleFiles]);
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
    expect(rules.stdout.match(/SUCCESS/g)).toHaveLength(RUNS);
    const configs = await runAsync('promtool', ['check', 'config', ...configFiles]);
    expect(configs.status, configs.stdout + configs.stderr).toBe(0);
  }, 1_200_000);
});

describe('random invalid configs', () => {
  it(`give a clean config error and leave the output folder byte-identical (${RUNS} cases, seed ${SEED})`, async () => {
    const dir = tempDir('memgen-prop-bad-');
    const out = path.join(dir, 'out');
    expect(await runBuild({ preset: 'fastapi', out })).toBe(0);
    const before = readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8') + readFileSync(path.join(out, 'grafana/dashboards/memory.json'), 'utf8');
    const cases = fc.sample(fc.tuple(validConfig, fc.constantFrom(...BREAKAGES)), { seed: SEED, numRuns: RUNS });
    const seen = new Set<string>();
    for (const [i, [config, breakage]] of cases.entries()) {
      const broken = structuredClone(config) as unknown as Record<string, unknown>;
      breakage.apply(broken);
      seen.add(breakage.name);
      const file = path.join(dir, `case-${i}.yaml`);
      writeFileSync(file, stringify(broken));
      const error = await runBuild({ config: file, out }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error, `${breakage.name}: ${stringify(broken)}`).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.map((p) => `${p.path}: ${p.message}`).join('\n'), breakage.name).toMatch(breakage.message);
      expect(problems.every((p) => p.position?.file === file && p.position.line !== undefined), breakage.name).toBe(true);
    }
    expect([...seen].sort()).toEqual(BREAKAGES.map((b) => b.name).sort());
    const after = readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8') + readFileSync(path.join(out, 'grafana/dashboards/memory.json'), 'utf8');
    expect(after).toBe(before);
  }, 300_000);
});
