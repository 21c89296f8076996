// Prometheus's own parser as the judge of the dashboard's queries: every target (and the firing-alerts
// annotation) goes into a rule file as a recording rule, with $__rate_interval given a real value, and
// `promtool check rules` must accept it. Template variables such as $job only appear inside strings.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/source/config-file.js';
import { dashboardJson } from '../src/emit/grafana.js';
import { compile, loadPreset } from '../src/pipeline.js';
import type { LoadedConfig } from '../src/source/config-file.js';
import { toYaml } from '../src/write/serialise.js';
import { ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

interface Queries {
  panels?: Array<{ targets?: Array<{ expr: string }>; panels?: unknown[] }>;
  annotations: { list: Array<{ expr?: string }> };
}

function queries(loaded: LoadedConfig): string[] {
  const d = dashboardJson(compile(loaded).model) as unknown as Queries;
  const targets = (d.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const annotations = d.annotations.list.flatMap((a) => (a.expr ? [a.expr] : []));
  return [...targets, ...annotations].map((e) => e.replace(/\$\{?__rate_interval\}?/g, '2m'));
}

function checkWithPromtool(exprs: string[]) {
  const file = path.join(tempDir(), 'panels.rules.yaml');
  const rules = exprs.map((expr, i) => ({ record: `memgen:panel_query_${i}`, expr }));
  writeFileSync(file, toYaml({ groups: [{ name: 'panels', rules }] }));
  return promtool('check', 'rules', file);
}

const fixture = (name: string) => loadConfigFile(path.join(ROOT, 'test/fixtures/grafana', name));

describe.skipIf(skipWithout('promtool'))('dashboard queries parse in Prometheus', () => {
  it('the preset and the custom-panels fixture', async () => {
    const exprs = [...queries(loadPreset('fastapi')), ...queries(await fixture('custom-panels.yaml'))];
    expect(exprs.length).toBeGreaterThan(10);
    const result = checkWithPromtool(exprs);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it('and promtool rejects the broken query memgen flags', async () => {
    const result = checkWithPromtool(queries(await fixture('panel-problems.yaml')));
    expect(result.status).not.toBe(0);
  });
});
