// The online checks: they need facts from a live server (memgen lint --prometheus), so they are bound to
// those facts per run and are not in CHECKS, which runs offline everywhere (memgen build, lint).
import { ALERTS_COUNT_META, alertsCount } from '../checks/alerts/count.js';
import { PROMQL_SERIES_META, promqlSeries } from '../checks/promql/series.js';
import type { Check } from '../types.js';
import type { LiveFacts } from './facts.js';

/** Metadata of the online checks, for --check and the docs pages. */
export const LIVE_CHECKS: readonly Check[] = [PROMQL_SERIES_META, ALERTS_COUNT_META];

export function liveChecks(facts: LiveFacts): Check[] {
  return [promqlSeries(facts), alertsCount(facts)];
}

export type { LiveFacts };
