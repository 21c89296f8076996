// Every check has a current docs page, and the page's examples do what they say: the bad example gets
// the check's finding, the good one does not.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintOptions, MetricType } from '../../src/lint/context.js';
import { ALL_CHECKS } from '../../src/lint/all-checks.js';
import { DASHBOARD_CHECKS, lintDashboard } from '../../src/lint/dashboard/index.js';
import { checkDocPath, renderCheckDoc, renderDocsIndex } from '../../src/lint/docs.js';
import { CHECKS } from '../../src/lint/checks/index.js';
import { ROOT } from '../helpers/memgen.js';
import { lintCase } from '../helpers/rule-tester.js';

/** Examples say what context they assume in comments: `# scrape interval 30s`, `# TYPE name type`. */
function exampleOptions(example: string): LintOptions {
  const metrics = [...example.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1] as string, type: m[2] as MetricType }));
  const interval = /^# scrape interval (\d+)s$/m.exec(example);
  return { metrics, ...(interval ? { scrapeInterval: Number(interval[1]) } : {}) };
}

function exampleRules(example: string): string {
  const rules = example.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  return rules.trim() === '' ? '- record: placeholder:metric:none\n  expr: vector(1)' : rules;
}

describe('docs/checks', () => {
  it('has one page per check, each current (run `npm run docs:checks` to refresh)', () => {
    for (const check of ALL_CHECKS) {
      const file = path.join(ROOT, checkDocPath(check));
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8'), file).toBe(renderCheckDoc(check));
    }
    expect(readFileSync(path.join(ROOT, 'docs/checks/README.md'), 'utf8')).toBe(renderDocsIndex(ALL_CHECKS));
  });

  it('check ids are unique and name their module', () => {
    expect(new Set(ALL_CHECKS.map((c) => c.id)).size).toBe(ALL_CHECKS.length);
    for (const check of CHECKS) expect(existsSync(path.join(ROOT, `src/lint/checks/${check.id}.ts`)), check.id).toBe(true);
    for (const check of DASHBOARD_CHECKS) expect(existsSync(path.join(ROOT, `src/lint/${check.id}.ts`)), check.id).toBe(true);
  });

  describe.each(CHECKS.map((c) => [c.id, c] as const))('%s examples', (id, check) => {
    it('the bad example is flagged', () => {
      expect(lintCase({ rules: exampleRules(check.docs.bad), options: exampleOptions(check.docs.bad) }, id).length).toBeGreaterThan(0);
    });
    it('the good example is not', () => {
      expect(lintCase({ rules: exampleRules(check.docs.good), options: exampleOptions(check.docs.good) }, id)).toEqual([]);
    });
  });
});

/**
 * A dashboard check's example is JSON: a panel, or `{ "templating": ... }`, put into a dashboard that is
 * otherwise clean, so only what the example shows can be flagged.
 */
function exampleDashboard(example: string): unknown {
  const part = JSON.parse(example) as Record<string, unknown>;
  const ds = { type: 'prometheus', uid: '${datasource}' };
  const variable = (name: string) => ({ type: 'query', name, datasource: ds, query: { query: `label_values(up, ${name})` }, multi: true, refresh: 2 });
  const panel = {
    type: 'timeseries', title: 'RSS', description: 'Resident memory.', datasource: ds, fieldConfig: { defaults: { unit: 'bytes' } },
    targets: [{ refId: 'A', expr: 'process_resident_memory_bytes{job=~"$job", instance=~"$instance"}' }],
  };
  const templating = { list: [{ type: 'datasource', name: 'datasource', query: 'prometheus' }, variable('job'), variable('instance')] };
  return part.templating ? { uid: 'x', title: 'T', panels: [panel], templating: part.templating } : { uid: 'x', title: 'T', panels: [part], templating };
}

describe.each(DASHBOARD_CHECKS.map((c) => [c.id, c] as const))('%s examples', (id, check) => {
  it('the bad example is flagged', () => {
    expect(lintDashboard(exampleDashboard(check.docs.bad)).filter((p) => p.rule === id).length).toBeGreaterThan(0);
  });
  it('the good example is clean of every check', () => {
    expect(lintDashboard(exampleDashboard(check.docs.good)).map((p) => `${p.rule}: ${p.message}`)).toEqual([]);
  });
});
