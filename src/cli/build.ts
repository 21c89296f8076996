import path from 'node:path';
import { UsageError } from '../config/errors.js';
import { findDefaultConfig, loadConfigFile, type LoadedConfig } from '../config/load.js';
import { describeLocation, type Problem } from '../lint/problem.js';
import { compile, loadPreset } from '../pipeline.js';
import { checkOutput, writeOutput } from '../write/output.js';
import { EXIT_OK, EXIT_PROBLEMS } from './exit.js';

export interface BuildOptions {
  preset?: string;
  config?: string;
  out: string;
  check?: boolean;
}

export async function loadSource(opts: { preset?: string; config?: string }, cwd = process.cwd()): Promise<LoadedConfig> {
  if (opts.preset && opts.config) throw new UsageError('give either --preset or --config, not both');
  if (opts.preset) return loadPreset(opts.preset);
  const file = opts.config ?? findDefaultConfig(cwd);
  if (!file) throw new UsageError('no config: pass --preset NAME or -c FILE, or create memgen.config.ts (try `memgen build --preset fastapi`)');
  return loadConfigFile(file, cwd);
}

function printProblem(p: Problem, stream: NodeJS.WriteStream): void {
  stream.write(`${p.severity}: ${describeLocation(p)}: ${p.message} [${p.rule}]\n`);
}

export async function runBuild(opts: BuildOptions): Promise<number> {
  const loaded = await loadSource(opts);
  const { problems, files } = compile(loaded);
  for (const p of problems) printProblem(p, process.stderr);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    process.stderr.write(`memgen: ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written\n`);
    return EXIT_PROBLEMS;
  }
  if (opts.check) {
    const { stale, missing, extra } = checkOutput(opts.out, files);
    for (const f of stale) process.stderr.write(`stale: ${path.join(opts.out, f)}\n`);
    for (const f of missing) process.stderr.write(`missing: ${path.join(opts.out, f)}\n`);
    for (const f of extra) process.stderr.write(`extra: ${path.join(opts.out, f)} (memgen generated it but no longer builds it; delete it)\n`);
    if (stale.length + missing.length + extra.length > 0) {
      process.stderr.write(`memgen: ${opts.out} is out of date; run \`memgen build\` and commit the result\n`);
      return EXIT_PROBLEMS;
    }
    process.stdout.write(`${opts.out} is up to date (${files.length} files)\n`);
    return EXIT_OK;
  }
  writeOutput(opts.out, files);
  process.stdout.write(`memgen: wrote ${files.length} files to ${opts.out} from ${loaded.source}\n`);
  return EXIT_OK;
}
