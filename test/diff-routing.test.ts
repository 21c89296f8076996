// The diff's route resolution against the real `amtool config routes test` on a hand-written tree that uses
// what memgen's own trees do not (nesting, `continue` in the middle, match/match_re, inherited receivers,
// anchored regexes), and the small pure pieces of the diff's wording.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { changedPart } from '../src/diff/expr-delta.js';
import { rateBetween } from '../src/diff/impact.js';
import { keyedOnAlertName, resolveReceivers, routingOf, type AmConfig } from '../src/diff/routing.js';
import { memgenAsync, tempDir } from './helpers/memgen.js';
import { runAsync, skipWithout } from './helpers/tools.js';

const TREE: AmConfig = {
  route: {
    receiver: 'default',
    group_by: ['alertname'],
    routes: [
      { receiver: 'audit', matchers: ['team=~".+"'], continue: true },
      {
        receiver: 'platform',
        match_re: { job: 'shop-.*' },
        routes: [
          { matchers: ['severity="critical"'], routes: [{ receiver: 'pager', matchers: ['env!="staging"'] }] },
          { receiver: 'chat', match: { severity: 'medium' }, continue: true },
          { receiver: 'tickets', matchers: ['severity=~"medium|low"'] },
        ],
      },
      { receiver: 'db', matchers: ['job="db"', 'alertname!~"Test.*"'] },
    ],
  },
  receivers: ['default', 'audit', 'platform', 'pager', 'chat', 'tickets', 'db'].map((name) => ({ name })),
};

const LABEL_SETS: Array<Record<string, string>> = [
  { alertname: 'A', job: 'shop-api', severity: 'critical' },
  { alertname: 'A', job: 'shop-api', severity: 'critical', env: 'staging' },
  { alertname: 'A', job: 'shop-api', severity: 'medium', team: 'x' },
  { alertname: 'A', job: 'shop-api', severity: 'low' },
  { alertname: 'A', job: 'shop-api', severity: 'high' },
  { alertname: 'A', job: 'my-shop-api', severity: 'medium' },
  { alertname: 'A', job: 'db', severity: 'high' },
  { alertname: 'TestA', job: 'db' },
  { alertname: 'A', team: '' },
];

describe.skipIf(skipWithout('amtool'))('route resolution vs amtool config routes test', () => {
  it('agrees on every label set of a tree with nesting, continue, match_re and inherited receivers', async () => {
    const file = path.join(tempDir('memgen-routes-'), 'alertmanager.yml');
    writeFileSync(file, stringify(TREE));
    const check = await runAsync('amtool', ['check-config', file]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const tree = routingOf(TREE).tree;
    const answers = await Promise.all(LABEL_SETS.map((labels) => runAsync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)])));
    const theirs = answers.map((r) => r.stdout.trim().split(','));
    expect(LABEL_SETS.map((labels) => resolveReceivers(tree, labels))).toEqual(theirs);
    // The cases differ: the tree is not answered by one receiver everywhere.
    expect(new Set(theirs.map((t) => t.join())).size).toBeGreaterThanOrEqual(6);
  });
});

describe('bad routing in an output folder', () => {
  it('exits 2 naming the file and the route whose matcher cannot be read', async () => {
    const dir = tempDir('memgen-badroute-');
    const built = await memgenAsync(['build', '--preset', 'fastapi', '--out', path.join(dir, 'out')]);
    expect(built.status, built.stderr).toBe(0);
    const file = path.join(dir, 'out/alertmanager/alertmanager.yml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('- severity="medium"', '- severity=~"medium(" '));
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    const r = await memgenAsync(['diff', path.join(dir, 'out'), path.join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/alertmanager\/alertmanager\.yml: route\.routes\[\d+\]: 'severity=~"medium\("' has an invalid regular expression/);
  });
});

describe('what is keyed on an alert name', () => {
  it('finds alertname matchers in routes and inhibit rules, by value or regex, and nothing else', () => {
    const routing = routingOf({ ...TREE, inhibit_rules: [{ source_matchers: ['alertname=~"Billing.*"'], target_matchers: ['severity="medium"'] }] });
    expect(keyedOnAlertName(routing, 'BillingMemoryHigh')).toBe(true);
    expect(keyedOnAlertName(routing, 'MemoryHigh')).toBe(false);
    // TREE's `alertname!~"Test.*"` excludes names; a rename away from it changes nothing that was keyed on it.
    expect(keyedOnAlertName(routingOf(TREE), 'TestA')).toBe(false);
  });
});

describe('wording pieces', () => {
  it('a leak rate strictly between two thresholds, as round as it can be', () => {
    expect(rateBetween(8, 6)).toBe(7);
    expect(rateBetween(5, 8)).toBe(7);
    expect(rateBetween(5, 6)).toBe(5.5);
    expect(rateBetween(5, 5)).toBeUndefined();
    for (const [a, b] of [[1, 1.01], [0.3, 0.31], [20, 100]] as Array<[number, number]>) {
      const r = rateBetween(a, b) as number;
      expect(r).toBeGreaterThan(Math.min(a, b));
      expect(r).toBeLessThan(Math.max(a, b));
    }
  });

  it('the changed part of a long text, with whole tokens of context', () => {
    const before = 'process_rss_bytes{job="shop-api"} > 838860800 and on (job, instance) (sum by (job, instance) (rate(errors[5m])) / sum by (job, instance) (rate(requests[5m])) > 0.05)';
    const d = changedPart(before, before.replace('> 0.05', '> 0.1'));
    expect(d).toEqual({ before: '…(rate(requests[5m])) > 0.05)', after: '…(rate(requests[5m])) > 0.1)' });
    expect(changedPart('short a', 'short b')).toEqual({ before: 'short a', after: 'short b' });
  });
});
