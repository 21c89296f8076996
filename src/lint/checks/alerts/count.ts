// alerts/count (online): an alert that would have fired more often than a reviewer would accept, replayed on
// the server's recent history with the rule manager's `for` and `keep_firing_for`.
import { formatDuration } from '../../../dsl/units.js';
import { alertKey, type LiveFacts } from '../../live/facts.js';
import type { Check } from '../../types.js';

export const ALERTS_COUNT_META = {
  id: 'alerts/count',
  severity: 'warning',
  alertsOnly: true,
  summary: 'With --prometheus: the alert would have fired more than --alerts-count-max times over --range of the server\'s history.',
  docs: {
    why: 'Runs only with `memgen lint --prometheus URL`. An alert that fires many times a day trains the on-call to ignore it. The check evaluates the expression over the last `--range` (default 1d) with query_range at the group\'s evaluation interval, applies `for` and `keep_firing_for` as the rule manager does, and warns when it would have fired more than `--alerts-count-max` times (default 10), counting each series\' transitions to firing. `memgen backtest` prints the details: per series, firing time, longest episode.',
    bad: '- alert: MemoryHigh\n  expr: process_resident_memory_bytes > 500e6',
    good: '- alert: MemoryHigh\n  expr: process_resident_memory_bytes > 900e6\n  for: 10m',
  },
} as const satisfies Omit<Check, 'rule'>;

export function alertsCount(facts: LiveFacts): Check {
  return {
    ...ALERTS_COUNT_META,
    rule(r) {
      const seen = r.name === undefined ? undefined : facts.alertFires.get(alertKey(r.group.name, r.name));
      if (!seen || seen.fires <= facts.alertsCountMax) return [];
      return [{
        field: 'expr',
        message: `would have fired ${seen.fires} times in the last ${formatDuration(facts.alertRange)} on ${facts.server} (${formatDuration(seen.firingSeconds)} firing in all), more than ${facts.alertsCountMax}; raise the threshold or add for`,
      }];
    },
  };
}
