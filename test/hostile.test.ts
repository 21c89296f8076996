// Property test over hostile text (helpers/hostile-arbitraries.ts): every random config either is refused
// with a config error that names the field and its position, or builds output that every real judge accepts:
// promtool check rules / check config / test rules, amtool check-config, the CRD models, the Compose schema,
// JSON parsers, and Markdown whose structure the text did not change. The tools run once per kind over all
// successes, so hundreds of cases cost a few tool starts. MEMGEN_HOSTILE_RUNS sets a larger run.
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { compilerThread, type CompileOutcome } from './helpers/compile-off-thread.js';
import { composeValidator } from './helpers/compose-schema.js';
import { hostileConfig, type HostileCase } from './helpers/hostile-arbitraries.js';
import { tempDir } from './helpers/memgen.js';
import { runAsync, skipWithout } from './helpers/tools.js';

const SEED = 20261204;
const RUNS = Number(process.env.MEMGEN_HOSTILE_RUNS ?? 120);

async function attempt(compiler: ReturnType<typeof compilerThread>, c: HostileCase): Promise<CompileOutcome> {
  return compiler.compile(c.config).catch((err: Error) => {
    throw new Error(`${c.touched.join(', ')}: ${err.message}`);
  });
}

/** The Markdown structure of a page: headings, fences, table rows, list items; what text must never add. */
function markdownSkeleton(md: string): string[] {
  return md.split('\n').flatMap((l) => {
    const m = /^(#{1,6} |```+|~~~+|\| |- |\d+\. |> )/.exec(l);
    return m ? [m[1]!.trim().replace(/\d+/, 'N')] : [];
  });
}

/** Runs a judge over many files (promtool and amtool take several per call), without blocking the worker. */
async function judge(cmd: string, args: string[], files: string[], chunk = 100): Promise<void> {
  for (let i = 0; i < files.length; i += chunk) {
    const r = await runAsync(cmd, [...args, ...files.slice(i, i + chunk)]);
    expect(r.status, `${cmd} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`.slice(0, 4000)).toBe(0);
  }
}

describe.skipIf(skipWithout('promtool') || skipWithout('amtool'))('hostile text', () => {
  it(`is refused at its field, or built into output every real tool accepts (${RUNS} configs, seed ${SEED})`, async () => {
    const root = tempDir('memgen-hostile-');
    const cases = fc.sample(hostileConfig, { seed: SEED, numRuns: RUNS });
    const validateCompose = composeValidator();
    const files = { rules: [] as string[], configs: [] as string[], tests: [] as string[], alertmanager: [] as string[] };
    let refused = 0;
    const compiler = compilerThread('hostile.yaml');
    onTestFinished(() => void compiler.close());
    for (const [i, c] of cases.entries()) {
      const outcome = await attempt(compiler, c);
      const why = c.touched.join(', ');
      if ('refused' in outcome) {
        refused++;
        for (const p of outcome.refused.problems) expect(p.position?.file, `${why}: ${p.message}`).toBe('hostile.yaml');
        continue;
      }
      const { files: out, problems } = outcome.built;
      // Lint errors stop a build before anything is written: a refusal with a message, also fine.
      if (problems.some((p) => p.severity === 'error')) {
        refused++;
        continue;
      }
      const dir = path.join(root, String(i));
      const byPath: Record<string, string> = {};
      for (const f of out) {
        byPath[f.path] = f.content;
        mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        writeFileSync(path.join(dir, f.path), f.content);
      }
      files.rules.push(path.join(dir, 'prometheus/alerts.yaml'));
      files.configs.push(path.join(dir, 'prometheus/prometheus.yml'));
      files.tests.push(path.join(dir, 'tests/alerts.test.yaml'));
      files.alertmanager.push(path.join(dir, 'alertmanager/alertmanager.yml'));
      new PrometheusRule(parse(byPath['kubernetes/prometheusrule.yaml']!)).validate();
      for (const doc of parseAllDocuments(byPath['kubernetes/servicemonitor.yaml']!)) new ServiceMonitor(doc.toJS()).validate();
      JSON.parse(byPath['grafana/dashboards/memory.json']!);
      const compose = parse(byPath['compose/docker-compose.yml']!) as { services: Record<string, unknown> };
      expect(validateCompose(compose), `${why}: ${JSON.stringify(validateCompose.errors)}`).toBe(true);
      // The stack's own services are all there, beside the app, whatever the app is called.
      for (const s of ['prometheus', 'alertmanager', 'grafana']) expect((compose.services[s] as { image?: string }).image, why).toMatch(new RegExp(s));
      expect(Object.keys(compose.services), why).toHaveLength(4);
      // Runbooks: the same structure as the page of a twin config whose texts are all plain words.
      const twin = await attempt(compiler, { config: plainTwin(c.config), touched: [] });
      if (!('built' in twin)) throw new Error(`${why}: the plain twin was refused`);
      const twinFiles = Object.fromEntries(twin.built.files.map((f) => [f.path, f.content]));
      for (const [p, content] of Object.entries(byPath)) {
        if (p.endsWith('.md') && twinFiles[p] !== undefined) expect(markdownSkeleton(content), `${p}: ${why}`).toEqual(markdownSkeleton(twinFiles[p]!));
      }
    }
    const built = files.rules.length;
    // Both outcomes are common, or the grammar tests less than it claims.
    expect(built, `built ${built}, refused ${refused}`).toBeGreaterThan(RUNS / 5);
    expect(refused).toBeGreaterThan(RUNS / 5);
    await judge('promtool', ['check', 'rules'], files.rules);
    await judge('promtool', ['check', 'config', '--syntax-only'], files.configs);
    await judge('promtool', ['test', 'rules'], files.tests, 50);
    await judge('amtool', ['check-config'], files.alertmanager);
    console.log(`hostile text: ${RUNS} configs, ${built} built and accepted by every tool, ${refused} refused at their field`);
  }, 1_500_000);
});

/** The same config with every free text a plain word: its runbooks show the structure the template gives. */
function plainTwin(config: unknown): HostileCase['config'] {
  const c = structuredClone(config) as Record<string, any>;
  for (const a of c.alerts) {
    if (a.summary !== undefined) a.summary = 'summary';
    if (a.labels) a.labels = Object.fromEntries(Object.keys(a.labels).map((k) => [k, 'v']));
    if (a.annotations) a.annotations = Object.fromEntries(Object.keys(a.annotations).map((k) => [k, 'v']));
  }
  for (const t of Object.values(c.tiers ?? {}) as Array<Record<string, string>>) {
    if (t.severity !== undefined) t.severity = 'sev';
    if (t.actionText !== undefined) t.actionText = 'act';
  }
  if (c.dashboard) c.dashboard.title = 'title';
  return c as HostileCase['config'];
}
