// The alerting rules to backtest, from rule files as the linter reads them (a config's rules come through the
// same shape: modelLintFile). Durations are Prometheus strings there; the group's interval falls back to the
// evaluation interval of the config or of the server.
import { UsageError } from '../config/errors.js';
import type { LintFile } from '../lint/types.js';
import { parseDuration } from '../promql/duration.js';
import type { BacktestRule } from './backtest.js';

function seconds(text: string | undefined, where: string): number {
  if (text === undefined) return 0;
  const s = parseDuration(text);
  if (s === undefined) throw new UsageError(`${where}: invalid duration '${text}'`);
  return s;
}

export function alertingRules(files: readonly LintFile[], defaultInterval: number): BacktestRule[] {
  return files.flatMap((file) =>
    file.groups.flatMap((group) => {
      const interval = group.interval ? seconds(group.interval, `${file.path}: group ${group.name} interval`) : defaultInterval;
      return group.rules.flatMap((r) => {
        if (r.alert === undefined) return [];
        const where = `${file.path}: ${group.name}/${r.alert}`;
        return [{ name: r.alert, group: group.name, expr: r.expr, for: seconds(r.for, `${where} for`), keepFiringFor: seconds(r.keep_firing_for, `${where} keep_firing_for`), interval }];
      });
    }),
  );
}
