// `memgen test`: runs `promtool test rules` on the generated suite and prints which alerts it covers. With
// --preset or --config the output is compiled afresh into a temporary folder (out/ is left alone);
// otherwise the suite already in --out is run, as committed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../config/errors.js';
import { ALERTS_FILE } from '../emit/prometheus.js';
import { TESTS_FILE } from '../emit/tests.js';
import { compile } from '../pipeline.js';
import { coverageOf, formatCoverage } from '../unittest/coverage.js';
import { writeOutput } from '../write/output.js';
import { loadSource } from './build.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit.js';

export interface TestOptions {
  preset?: string;
  config?: string;
  out: string;
}

const PROMTOOL_HINT =
  "promtool was not found on PATH, and `memgen test` runs it. Install Debian's prometheus package (sudo apt-get install prometheus) or get promtool from https://prometheus.io/download/";

function promtoolAvailable(): boolean {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

async function compileInto(opts: TestOptions, dir: string): Promise<boolean> {
  const { problems, files } = compile(await loadSource(opts));
  const errors = problems.filter((p) => p.severity === 'error');
  for (const p of errors) process.stderr.write(`error: ${p.message} [${p.rule}]\n`);
  if (errors.length > 0) return false;
  writeOutput(dir, files);
  return true;
}

export async function runTest(opts: TestOptions): Promise<number> {
  if (!promtoolAvailable()) {
    process.stderr.write(`memgen: ${PROMTOOL_HINT}\n`);
    return EXIT_USAGE;
  }
  const fresh = Boolean(opts.preset || opts.config);
  const dir = fresh ? mkdtempSync(path.join(tmpdir(), 'memgen-promtool-')) : opts.out;
  try {
    if (fresh && !(await compileInto(opts, dir))) {
      process.stderr.write('memgen: the config has errors; no tests were run\n');
      return EXIT_PROBLEMS;
    }
    const suite = path.join(dir, TESTS_FILE);
    const rules = path.join(dir, 'prometheus', ALERTS_FILE);
    for (const file of [suite, rules]) {
      if (!existsSync(file)) throw new UsageError(`${file} does not exist; run \`memgen build\` first, or pass --preset or --config`);
    }
    const label = fresh ? TESTS_FILE : suite;
    process.stdout.write(`memgen: promtool test rules ${label}\n`);
    const run = spawnSync('promtool', ['test', 'rules', suite], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(run.stdout.replaceAll(suite, label));
    process.stderr.write(run.stderr.replaceAll(suite, label));
    process.stdout.write(formatCoverage(coverageOf(parse(readFileSync(rules, 'utf8')), parse(readFileSync(suite, 'utf8')))));
    if (run.status !== 0) {
      process.stderr.write('memgen: promtool reported failing alert tests\n');
      return EXIT_PROBLEMS;
    }
    return EXIT_OK;
  } finally {
    if (fresh) rmSync(dir, { recursive: true, force: true });
  }
}
