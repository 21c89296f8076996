// `memgen lint --prometheus`: the facts and sources a live server gives the linter. Its metric types and scrape
// intervals go into the LintContext; the online checks (promql/series, alerts/count) run beside the others.
import { UsageError } from '../config/errors.js';
import { ruleRefs } from '../lint/engine.js';
import { liveChecks } from '../lint/live/index.js';
import type { Check, LintFile } from '../lint/types.js';
import type { PrometheusClient } from '../live/client.js';
import { gatherLiveFacts, liveLintSources, type LiveLintSources } from '../live/lint-facts.js';
import { parseDuration } from '../promql/duration.js';

export interface LiveLintFlags {
  range?: string;
  alertsCountMax?: string;
  evaluationInterval?: number;
}

const LOOKBACK = 7 * 86400;

export async function liveLint(client: PrometheusClient, files: readonly LintFile[], flags: LiveLintFlags): Promise<{ sources: LiveLintSources; checks: Check[] }> {
  const alertRange = parseDuration(flags.range ?? '1d');
  if (!alertRange) throw new UsageError(`--range expects a duration such as 1d, got '${flags.range}'`);
  const max = Number(flags.alertsCountMax ?? '10');
  if (!Number.isInteger(max) || max < 0) throw new UsageError(`--alerts-count-max expects a whole number, got '${flags.alertsCountMax}'`);
  const rules = ruleRefs(files);
  const now = Math.floor(Date.now() / 1000);
  const sources = await liveLintSources(client, rules);
  const facts = await gatherLiveFacts(client, rules, { now, lookback: Math.max(LOOKBACK, alertRange), alertRange, alertsCountMax: max, evaluationInterval: flags.evaluationInterval ?? 60 }, max);
  return { sources, checks: liveChecks(facts) };
}
