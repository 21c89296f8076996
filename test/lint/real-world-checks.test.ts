// The checks on rule files nobody on this team wrote (test/fixtures/corpus/real-world, see its NOTICE.md):
// type warnings only where a type source states the type, guesses only as info, and the rules the
// never-fire checks prove dead, each listed with why. (Verdicts against promtool and the snapshot of all
// findings are in real-world-corpus.test.ts.)
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintContext } from '../../src/lint/context.js';
import { lintFiles } from '../../src/lint/engine.js';
import type { Problem } from '../../src/problem.js';
import { loadLintInputs } from '../../src/lint/sources/load.js';
import { ROOT } from '../helpers/memgen.js';

const CORPUS = path.join(ROOT, 'test/fixtures/corpus/real-world');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [path.relative(CORPUS, full)] : [];
  });
}

const files = yamlFiles(CORPUS).sort();
const inputs = loadLintInputs(files, CORPUS);
const problems: Problem[] = lintFiles(inputs.files, new LintContext({ scrapeInterval: inputs.scrapeInterval, jobIntervals: inputs.jobIntervals }));
const of = (...rules: string[]) => problems.filter((p) => rules.includes(p.rule));

/** Rules that can never fire, by file, line and check, with the reason. */
const PROVEN_DEAD: Array<{ at: string; rule: string; why: string }> = [
  {
    at: 'monitoring-mixins+website/assets/alertmanager/alerts.yaml:71',
    rule: 'selectors/never-matches',
    why: 'AlertmanagerClusterFailedToSendAlerts (critical integrations): the mixin rendered an empty list as integration!~".*", which excludes every series',
  },
  { at: 'monitoring-mixins+website/assets/alertmanager/alerts.yaml:73', rule: 'selectors/never-matches', why: 'the same alert\'s denominator, same matcher' },
  {
    at: 'monitoring-mixins+website/assets/f5-bigip/alerts.yaml:44',
    rule: 'promql/join-never-matches',
    why: '`max without (instance, job) (...) / clamp_min(rate(...), 1)`: the left side has no job, the right always has one, and `/` matches on all labels',
  },
  { at: 'monitoring-mixins+website/assets/kafka/alerts.yaml:279', rule: 'promql/impossible-comparison', why: '`count by (...) (...) == 0`: count() returns no series rather than 0' },
  { at: 'monitoring-mixins+website/assets/kafka/alerts.yaml:300', rule: 'promql/impossible-comparison', why: 'an average of rate() compared `< 0`: rates are never negative' },
  { at: 'prometheus-operator+kube-prometheus/manifests/alertmanager-prometheusRule.yaml:81', rule: 'selectors/never-matches', why: 'kube-prometheus ships that alert as it is' },
  { at: 'prometheus-operator+kube-prometheus/manifests/alertmanager-prometheusRule.yaml:83', rule: 'selectors/never-matches', why: 'its denominator' },
];

describe('the real-world corpus: what the checks find', () => {
  it('is all there', () => {
    expect(files.length).toBeGreaterThanOrEqual(260);
  });

  it('warns of rate() on a gauge and deriv() on a counter only where a type source states the type; guesses are info', () => {
    const typed = of('promql/rate-on-gauge', 'promql/deriv-on-counter');
    expect(typed.filter((p) => p.severity === 'info').length).toBeGreaterThan(50);
    for (const p of typed) {
      if (p.severity === 'info') expect(p.message).toMatch(/a guess from its name/);
      else expect(p.message).not.toMatch(/guess/);
    }
    expect(typed.filter((p) => p.severity !== 'info').map((p) => `${p.file}:${p.line} ${/but (\S+) is/.exec(p.message)?.[1]}`)).toEqual([
      'monitoring-mixins+website/assets/postgres-exporter/alerts.yaml:56 pg_stat_activity_max_tx_duration',
      'prometheus+prometheus/cmd/promtool/testdata/features.yml:8 up',
    ]);
  });

  it('accepts the idioms: topk by (...) (1, ...), .Labels inside range query, recording rules that write different series', () => {
    expect(of('alerts/topk')).toEqual([]);
    expect(of('template/missing-label').filter((p) => p.file?.includes('ceph'))).toEqual([]);
    expect(of('rules/duplicate').filter((p) => p.name === 'code_verb:apiserver_request_total:increase1h' && p.message.includes('another expression'))).toEqual([]);
  });

  it('finds the rules that can never fire, and only those', () => {
    const dead = of('selectors/never-matches', 'promql/join-never-matches', 'promql/impossible-comparison');
    expect(dead.map((p) => ({ at: `${p.file}:${p.line}`, rule: p.rule, severity: p.severity }))).toEqual(PROVEN_DEAD.map(({ at, rule }) => ({ at, rule, severity: 'error' })));
  });
});
