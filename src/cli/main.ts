#!/usr/bin/env node
// memgen's command line. Heavy modules (the pipeline, YAML, ajv, the CRD models) load only inside the
// command that needs them, so `memgen --help` stays instant.
import { Command, CommanderError, Option } from 'commander';
import { EXIT_HELP, EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit.js';
import { exitWith, ForeignExitError, installExitGuard, reportForeignExit } from './exit-guard.js';
import { addPrometheusOptions, addWindowOptions } from './prometheus-options.js';

/** The presets of presets/index.ts, for help texts (kept here so `memgen --help` loads no preset). */
const PRESET_NAMES = 'fastapi, python, node, go, jvm';
const OPTIONS_HELP = "the preset's options: JSON ('{\"memoryLimit\":\"2GiB\"}') or a .json file; checked, exit 2 on a mistake";

installExitGuard();

// The CLI ships bundled (scripts/bundle.mjs); with --debug, stack traces point into src/ through the source maps
// beside the bundle. Set before any command's chunk loads, since Node reads a file's map when it loads the file.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

// A reader that stops early (`memgen lint rules.yaml | head`) closes the pipe: leave quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  exitWith(EXIT_OK);
});

// Errors thrown outside the command's own promise chain (a config's timer, a stray callback).
const uncaught = (err: unknown) => {
  if (err instanceof ForeignExitError) return reportForeignExit(err);
  void handleError(err).then(exitWith);
};
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);

const program = new Command();

program
  .name('memgen')
  .description('Compile memory-leak monitoring from a typed config into Prometheus rules, prometheus-operator manifests and Grafana dashboards.')
  .version('0.1.0')
  .option('--debug', 'print stack traces of internal errors')
  .showSuggestionAfterError(true)
  .addHelpText('after', `\n${EXIT_HELP}`)
  .exitOverride();

program
  .command('init')
  .description('Write a starting memgen.config.ts (or .yaml) for a preset, or one detected from a saved /metrics page; asks nothing.')
  .option('-p, --preset <name>', 'start from this preset')
  .option('-m, --metrics <file>', 'a saved /metrics page: pick the preset from the runtime metric families it holds')
  .option('-f, --format <format>', 'ts or yaml', 'ts')
  .option('-s, --service <name>', "the service's name (default: the preset's, or the folder's name)")
  .option('--port <port>', 'the port serving /metrics (config of its own only; default 8000)')
  .option('-d, --dir <dir>', 'folder to write the config into', '.')
  .addHelpText(
    'after',
    `
Examples:
  memgen init --preset fastapi
  curl -s localhost:9464/metrics > metrics.txt && memgen init --metrics metrics.txt --service orders
  memgen init --format yaml            memgen.config.yaml, with the schema line editors read

Exit codes: 0 written, 2 usage error or a config already there (never overwritten), 3 internal error.`,
  )
  .action(async (opts: { preset?: string; metrics?: string; format: string; service?: string; port?: string; dir: string }) => {
    const { runInit } = await import('./init.js');
    process.exitCode = await runInit(opts);
  });

program
  .command('build')
  .description('Compile a config or preset and write the output folder (or compare with it, with --check).')
  .option('-p, --preset <name>', `build a preset instead of a config file (presets: ${PRESET_NAMES})`)
  .option('--options <json|file>', OPTIONS_HELP)
  .option('-c, --config <file>', 'config file: memgen.config.ts or a YAML file of the same shape (default: ./memgen.config.{ts,yaml})')
  .option('-o, --out <dir>', 'output folder', 'out')
  .option('--check', 'write nothing; exit 1 if the output folder differs from what the build would write')
  .option('--force', 'write into a folder that holds files memgen did not write (they are kept)')
  .addOption(new Option('-t, --target <ruler...>', 'also write rule files for these rulers (config: ruler.targets)').choices(['mimir', 'thanos']))
  .addHelpText(
    'after',
    `
Examples:
  memgen build --preset fastapi              write out/ from the fastapi preset
  memgen build -c memgen.config.ts -o deploy
  memgen build --preset fastapi --check      in CI: fail when the committed out/ is stale
  memgen build --preset fastapi --target mimir   also write mimir/rules.yaml for mimirtool
  memgen build --preset node --options '{"service":"api","memoryLimit":"2GiB","alerts":{"GCSlowdown":{"enabled":false}}}'

Exit codes: 0 ok, 1 problems found (lint errors, stale output), 2 usage, config or environment error\n(permissions, disk full, another build holding the folder), 3 internal error.`,
  )
  .action(async (opts: { preset?: string; options?: string; config?: string; out: string; check?: boolean; force?: boolean; target?: Array<'mimir' | 'thanos'> }) => {
    const { runBuild } = await import('./build.js');
    process.exitCode = await runBuild(opts);
  });

const diffCommand = program
  .command('diff')
  .description('Show what a change means for the on-call: alerts, thresholds in their units, time to fire and to the memory limit, who gets each alert, renamed objects, scrape jobs, panels.')
  .argument('[folders...]', 'two output folders to compare instead: OLD_DIR NEW_DIR')
  .option('--base <ref>', 'compare the config at this git ref (e.g. origin/main) with the working tree')
  .option('-p, --preset <name>', `diff a preset instead of a config file (presets: ${PRESET_NAMES})`)
  .option('--options <json|file>', OPTIONS_HELP)
  .option('-c, --config <file>', 'config file (default: ./memgen.config.{ts,yaml}); the same path is read at --base (missing there: all added)')
  .option('-f, --format <format>', 'text, markdown (for a pull-request comment) or json', 'text');
addWindowOptions(addPrometheusOptions(diffCommand, 'replay the old and new alerts on'), '7d')
  .addHelpText(
    'after',
    `
Examples:
  memgen diff --base origin/main                     config at origin/main vs the working tree
  memgen diff --base HEAD~1 -c memgen.config.ts --format markdown
  memgen diff old-out/ out/                          two output folders of memgen build
  memgen diff --base origin/main --prometheus http://prometheus:9090 --range 7d
                                                     also: how often old and new alerts fired last week

Exit codes: 0 (with or without changes), 2 usage, config or environment error (or the --prometheus server could not answer), 3 internal error.`,
  )
  .action(async (folders: string[], opts: import('./diff.js').DiffOptions) => {
    const { runDiff } = await import('./diff.js');
    process.exitCode = await runDiff(folders, opts);
  });

const backtestCommand = program
  .command('backtest')
  .description('Replay alerting rules over a live server\'s history: how often each would have fired, for how long, on which series.')
  .argument('[files...]', 'rule files, PrometheusRule manifests or prometheus.yml (default: the rules of the config or preset)')
  .option('-p, --preset <name>', `backtest the rules a preset builds (presets: ${PRESET_NAMES})`)
  .option('--options <json|file>', OPTIONS_HELP)
  .option('-c, --config <file>', 'backtest the rules a config builds (default: ./memgen.config.{ts,yaml})')
  .option('-f, --format <format>', 'text, markdown (for a pull-request comment) or json', 'text')
  .option('--alert <name>', 'only this alert (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--evaluation-interval <duration>', 'for rule files whose groups set no interval', '1m');
addWindowOptions(addPrometheusOptions(backtestCommand, 'replay the rules on'), '7d')
  .addHelpText(
    'after',
    `
Examples:
  memgen backtest --preset fastapi --prometheus http://localhost:9090
  memgen backtest rules/*.yaml --prometheus https://mimir.example/prometheus --header 'X-Scope-OrgID: team-a' \\
    --bearer-token-file /run/secrets/token --range 30d --format markdown

Exit codes: 0 ok, 2 usage or config error, or the server could not answer.`,
  )
  .action(async (files: string[], opts: import('./backtest.js').BacktestOptions) => {
    const { runBacktest } = await import('./backtest.js');
    process.exitCode = await runBacktest(files, opts);
  });

program
  .command('test')
  .description('Run the generated promtool unit tests of every alert and print which alerts they cover.')
  .option('-p, --preset <name>', `compile a preset into a temporary folder and test that, out/ left alone (presets: ${PRESET_NAMES})`)
  .option('--options <json|file>', OPTIONS_HELP)
  .option('-c, --config <file>', 'compile a config file into a temporary folder and test that')
  .option('-o, --out <dir>', 'output folder holding tests/alerts.test.yaml and prometheus/alerts.yaml', 'out')
  .addHelpText(
    'after',
    `
Examples:
  memgen test                        test the committed out/ folder
  memgen test --preset fastapi       test what the preset compiles to now

Exit codes: 0 all tests pass, 1 a test failed, 2 usage or config error or promtool missing, 3 internal error.`,
  )
  .action(async (opts: { preset?: string; options?: string; config?: string; out: string }) => {
    const { runTest } = await import('./test.js');
    process.exitCode = await runTest(opts);
  });

const lintCommand = program
  .command('lint')
  .description('Lint Prometheus rule files, PrometheusRule manifests and prometheus.yml (or, without files, the rules and dashboards of a config or preset).')
  .argument('[files...]', 'rule files, PrometheusRule manifests, prometheus.yml (its rule_files are followed)')
  .option('-p, --preset <name>', `lint the rules a preset builds, when no files are given (presets: ${PRESET_NAMES})`)
  .option('--options <json|file>', OPTIONS_HELP)
  .option('-c, --config <file>', 'lint the rules a config builds (when no files are given)')
  .option('-f, --format <format>', 'text, json, github or sarif', 'text')
  .option('--scrape-interval <duration>', 'scrape interval for range checks (default: from prometheus.yml or the config)')
  .option('--metrics <file>', 'metric types from a saved /metrics page (# TYPE lines, bucket le values) or a list of "name type" lines')
  .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
  .option('--check <id=level>', 'set a check to off, error, warning or info (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .addOption(new Option('--rule <id=level>', 'the former name of --check').argParser((v: string, acc: string[] = []) => [...acc, v]).default([]).hideHelp())
  .option('--severities <list>', 'allowed values of the severity label, comma-separated (default: critical,high,medium,warning,info)')
  .option('--prometheus-version <version>', 'the Prometheus whose rule format to follow where versions differ: 3 or 2.42', '3');
addPrometheusOptions(lintCommand, 'check against: metrics and label values exist, types from its metadata, its scrape intervals')
  .option('--range <duration>', 'with --prometheus: history replayed for alerts/count', '1d')
  .option('--alerts-count-max <n>', 'with --prometheus: alerts/count warns when an alert would have fired more often than this', '10')
  .addHelpText(
    'after',
    `
Examples:
  memgen lint --preset fastapi
  memgen lint prometheus/prometheus.yml                 follows rule_files, takes the scrape interval
  memgen lint rules/*.yaml --metrics metrics.txt --format github
  memgen lint alerts.yaml --check style/annotations=off --max-warnings 0
  memgen lint rules/*.yaml --prometheus http://prometheus:9090    online checks: promql/series, alerts/count

Silence one finding with a comment on the line before it: # memgen-disable-next-line <check-id>
Exit codes: 0 clean, 1 errors (or more warnings than --max-warnings), 2 usage error (or the --prometheus server could not answer), 3 internal error.`,
  )
  .action(async (files: string[], opts: import('./lint.js').LintCommandOptions) => {
    const { runLint } = await import('./lint.js');
    process.exitCode = await runLint(files, opts);
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = await handleError(err);
  }
}

async function handleError(err: unknown): Promise<number> {
  if (err instanceof CommanderError) {
    // Commander has printed its message (or the help) already.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  const { ConfigError, EnvironmentError, UsageError, environmentError, isSystemError } = await import('../config/errors.js');
  if (err instanceof ForeignExitError) {
    process.stderr.write(`memgen: invalid config: ${err.message}\n`);
    return EXIT_USAGE;
  }
  // The machine refused something memgen did not wrap itself: still one line and exit 2, not a bug report.
  if (isSystemError(err) && !(err instanceof EnvironmentError)) err = environmentError('cannot continue', err);
  if (err instanceof UsageError || err instanceof EnvironmentError) {
    process.stderr.write(`memgen: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`memgen: invalid config (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}):\n`);
    process.stderr.write(`${err.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
    return EXIT_USAGE;
  }
  const debug = program.opts<{ debug?: boolean }>().debug;
  process.stderr.write(`memgen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('Run again with --debug for the stack trace, and report it at https://github.com/memgen/memgen/issues\n');
  return EXIT_INTERNAL;
}

await main();
