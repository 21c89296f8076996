// `memgen lint [FILES...]`: lint rule files, PrometheusRule manifests and prometheus.yml, or (without
// files) the rules memgen would build from the config or preset.
import { readFileSync } from 'node:fs';
import { UsageError } from '../config/errors.js';
import { closest } from '../dsl/units.js';
import { LintContext, type MetricDefinition } from '../lint/context.js';
import { lintFiles, type SeverityOverride } from '../lint/engine.js';
import type { Problem } from '../problem.js';
import { FORMATS, report, type ReportFormat } from '../lint/reporters/index.js';
import { CHECKS } from '../lint/checks/index.js';
import { loadLintInputs, PROMETHEUS_VERSIONS, type PrometheusVersion } from '../lint/sources/load.js';
import { readMetricsFile } from '../lint/sources/metrics-file.js';
import { parseDuration } from '../promql/duration.js';
import { EXIT_OK, EXIT_PROBLEMS } from './exit.js';
import { LIVE_CHECKS } from '../lint/live/index.js';
import { clientFrom, type PrometheusOptions } from './prometheus-options.js';
import type { LiveLintFlags } from './lint-live.js';

export interface LintCommandOptions extends Partial<PrometheusOptions>, LiveLintFlags {
  preset?: string;
  /** The preset's options (--options): JSON or a .json file. */
  options?: string;
  config?: string;
  format: string;
  scrapeInterval?: string;
  metrics?: string;
  maxWarnings?: string;
  check: string[];
  /** The former name of --check, still accepted. */
  rule: string[];
  severities?: string;
  prometheusVersion?: string;
}

const LEVELS = ['off', 'error', 'warning', 'info'];

/** `--check ID=LEVEL` options (or `--rule`, their former name), checked against the ids of the checks that will run. */
export function parseCheckOverrides(specs: readonly string[], ids: readonly string[] = [...CHECKS, ...LIVE_CHECKS].map((c) => c.id)): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=(.*)$/.exec(spec);
    if (!m) throw new UsageError(`--check expects ID=off|error|warning|info, got '${spec}'`);
    const [, id, level] = m as unknown as [string, string, string];
    if (!ids.includes(id)) {
      const guess = closest(id, ids);
      throw new UsageError(`--check: unknown check '${id}'${guess ? `; did you mean '${guess}'?` : ''} (see docs/checks/)`);
    }
    if (!LEVELS.includes(level)) throw new UsageError(`--check ${id}: level must be one of ${LEVELS.join(', ')}, got '${level}'`);
    out[id] = level as SeverityOverride;
  }
  return out;
}

function parseOptions(opts: LintCommandOptions): { format: ReportFormat; maxWarnings: number; scrapeInterval?: number; metrics?: MetricDefinition[]; severities?: string[]; prometheusVersion: PrometheusVersion } {
  const prometheusVersion = (opts.prometheusVersion ?? '3') as PrometheusVersion;
  if (!PROMETHEUS_VERSIONS.includes(prometheusVersion)) throw new UsageError(`--prometheus-version must be one of ${PROMETHEUS_VERSIONS.join(', ')}, got '${opts.prometheusVersion}'`);
  if (!FORMATS.includes(opts.format as ReportFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${opts.format}'`);
  const maxWarnings = opts.maxWarnings === undefined ? Infinity : Number(opts.maxWarnings);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) throw new UsageError(`--max-warnings expects a whole number, got '${opts.maxWarnings}'`);
  if (maxWarnings < 0) throw new UsageError(`--max-warnings must not be negative`);
  const scrapeInterval = opts.scrapeInterval === undefined ? undefined : parseDuration(opts.scrapeInterval);
  if (opts.scrapeInterval !== undefined && !scrapeInterval) throw new UsageError(`--scrape-interval expects a duration such as 30s or 1m, got '${opts.scrapeInterval}'`);
  return {
    format: opts.format as ReportFormat,
    maxWarnings,
    scrapeInterval,
    metrics: opts.metrics ? readMetricsFile(opts.metrics) : undefined,
    severities: opts.severities?.split(',').map((s) => s.trim()).filter(Boolean),
    prometheusVersion,
  };
}

async function lintGivenFiles(
  paths: readonly string[],
  o: ReturnType<typeof parseOptions>,
  overrides: Record<string, SeverityOverride>,
  opts: LintCommandOptions,
  sources: Map<string, string | undefined>,
): Promise<Problem[]> {
  const inputs = loadLintInputs(paths, process.cwd(), { prometheusVersion: o.prometheusVersion });
  // The reporters show the text the loader read (line breaks normalised), not a second read of the file.
  for (const [file, text] of inputs.sources) sources.set(file, text);
  // With --prometheus, the server's metadata and scrape intervals replace guesses and defaults (an explicit
  // --metrics file or --scrape-interval still wins), and the online checks run too.
  const client = await clientFrom({ header: [], timeout: '30s', retries: '2', ...opts });
  const live = client && (await (await import('./lint-live.js')).liveLint(client, inputs.files, opts));
  const ctx = new LintContext({
    metrics: live ? [...live.sources.metrics, ...(o.metrics ?? [])] : o.metrics,
    metricSource: live && !o.metrics ? live.sources.metricSource : 'metrics file',
    scrapeInterval: o.scrapeInterval ?? live?.sources.scrapeInterval ?? inputs.scrapeInterval,
    jobIntervals: live ? new Map([...inputs.jobIntervals, ...live.sources.jobIntervals]) : inputs.jobIntervals,
    severities: o.severities,
  });
  return [...inputs.problems, ...lintFiles(inputs.files, ctx, { overrides, checks: live ? [...CHECKS, ...live.checks] : undefined })];
}

export async function runLint(files: string[], opts: LintCommandOptions): Promise<number> {
  const o = parseOptions(opts);
  let problems: Problem[];
  const sources = new Map<string, string | undefined>();
  if (files.length > 0) {
    if (opts.preset || opts.config) throw new UsageError('give files to lint or --preset/--config, not both');
    problems = await lintGivenFiles(files, o, parseCheckOverrides([...opts.check, ...opts.rule]), opts, sources);
  } else {
    // The pipeline (config loading, model, emitters) loads only when there are no files to lint. It checks
    // what `memgen build` checks: the rules and the dashboards.
    const [{ compile }, { loadSource }, { DASHBOARD_CHECKS }] = await Promise.all([import('../pipeline.js'), import('./build.js'), import('../lint/dashboard/index.js')]);
    const overrides = parseCheckOverrides([...opts.check, ...opts.rule], [...CHECKS, ...DASHBOARD_CHECKS, ...LIVE_CHECKS].map((c) => c.id));
    const compiled = compile(await loadSource(opts), { overrides });
    problems = compiled.problems;
    const client = await clientFrom({ header: [], timeout: '30s', retries: '2', ...opts });
    if (client) {
      // The online checks on the rules the config builds; its catalog keeps giving the metric types.
      const [{ modelLintFile, modelLintContext }, { liveLint }] = await Promise.all([import('../lint/model.js'), import('./lint-live.js')]);
      const file = modelLintFile(compiled.model);
      const live = await liveLint(client, [file], { ...opts, evaluationInterval: compiled.model.prometheus.evaluationInterval });
      problems = [...problems, ...lintFiles([file], modelLintContext(compiled.model), { overrides, checks: live.checks })];
    }
  }
  const source = (file: string): string | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, 'utf8'));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  process.stdout.write(await report(o.format, problems, source));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (errors > 0) return EXIT_PROBLEMS;
  if (warnings > o.maxWarnings) {
    process.stderr.write(`memgen: ${warnings} warnings, more than --max-warnings ${o.maxWarnings}\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}
