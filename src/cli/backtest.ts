// `memgen backtest`: how often the alerting rules of a config (or of rule files) would have fired over a live
// server's history, per alert and per series.
import { UsageError } from '../config/errors.js';
import { backtestRule, type BacktestRule, type RuleResult } from '../live/backtest.js';
import { renderBacktest, type HistoryFormat } from '../live/render.js';
import { alertingRules } from '../live/rules.js';
import { parseDuration } from '../promql/duration.js';
import { EXIT_OK } from './exit.js';
import { clientFrom, windowFrom, type PrometheusOptions, type WindowOptions } from './prometheus-options.js';

export interface BacktestOptions extends PrometheusOptions, WindowOptions {
  preset?: string;
  /** The preset's options (--options): JSON or a .json file. */
  options?: string;
  config?: string;
  format: string;
  evaluationInterval: string;
  alert: string[];
}

export const HISTORY_FORMATS: HistoryFormat[] = ['text', 'markdown', 'json'];

async function rulesOf(files: string[], opts: BacktestOptions): Promise<BacktestRule[]> {
  const fallback = parseDuration(opts.evaluationInterval);
  if (!fallback) throw new UsageError(`--evaluation-interval expects a duration such as 1m, got '${opts.evaluationInterval}'`);
  if (files.length > 0) {
    if (opts.preset || opts.config) throw new UsageError('give rule files or --preset/--config, not both');
    const { loadLintInputs } = await import('../lint/sources/load.js');
    const inputs = loadLintInputs(files);
    const unreadable = inputs.problems.find((p) => p.severity === 'error');
    if (unreadable) throw new UsageError(`${unreadable.file ?? files[0]}${unreadable.line ? `:${unreadable.line}` : ''}: ${unreadable.message}`);
    return alertingRules(inputs.files, fallback);
  }
  const [{ buildCheckedModel }, { loadSource }, { modelLintFile }] = await Promise.all([import('../pipeline.js'), import('./build.js'), import('../lint/model.js')]);
  const model = buildCheckedModel(await loadSource(opts));
  return alertingRules([modelLintFile(model)], model.prometheus.evaluationInterval);
}

export async function runBacktest(files: string[], opts: BacktestOptions): Promise<number> {
  if (!HISTORY_FORMATS.includes(opts.format as HistoryFormat)) throw new UsageError(`unknown --format '${opts.format}' (formats: ${HISTORY_FORMATS.join(', ')})`);
  const client = await clientFrom(opts);
  if (!client) throw new UsageError('memgen backtest needs --prometheus URL: the server whose history to replay');
  const window = windowFrom(opts);
  let rules = await rulesOf(files, opts);
  if (opts.alert.length > 0) {
    const unknown = opts.alert.filter((a) => !rules.some((r) => r.name === a));
    if (unknown.length) throw new UsageError(`--alert: no alerting rule named ${unknown.join(', ')}`);
    rules = rules.filter((r) => opts.alert.includes(r.name));
  }
  const results: RuleResult[] = [];
  for (const rule of rules) results.push(await backtestRule(client, rule, window));
  process.stdout.write(renderBacktest(results, opts.format as HistoryFormat, client.display));
  return EXIT_OK;
}
