// `memgen test`: runs `promtool test rules` on the generated suite and prints which alerts it covers. With
// --preset or --config the output is compiled afresh into a temporary folder (out/ is left alone);
// otherwise the suite already in --out is run, as committed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../config/errors.js';
import { ALERTS_FILE } from '../emit/prometheus.js';
import { SHAPE_TESTS_FILE } from '../emit/shape-tests.js';
import { TESTS_FILE } from '../emit/tests.js';
import { compile } from '../pipeline.js';
import { formatProblem } from '../problem.js';
import { coverageOf, formatCoverage } from '../alert-tests/coverage.js';
import { formatShapeMatrix, shapeMatrix } from '../alert-tests/shape-matrix.js';
import { writeOutput } from '../write/output.js';
import { loadSource } from './build.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from './exit.js';

export interface TestOptions {
  preset?: string;
  /** The preset's options (--options): JSON or a .json file. */
  options?: string;
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
  for (const p of errors) process.stderr.write(`${formatProblem(p)}\n`);
  if (errors.length > 0) return false;
  writeOutput(dir, files);
  return true;
}

interface PromtoolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function promtoolTest(file: string): Promise<PromtoolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['test', 'rules', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
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
    const shapes = path.join(dir, SHAPE_TESTS_FILE);
    const suites = [suite, ...(existsSync(shapes) ? [shapes] : [])];
    const labelOf = (file: string): string => (fresh ? path.relative(dir, file) : file);
    // The two files run side by side: the shape suite is the long one.
    const runs = await Promise.all(suites.map((file) => promtoolTest(file)));
    let failed = false;
    let judgedWrong = false;
    suites.forEach((file, i) => {
      const run = runs[i] as PromtoolRun;
      process.stdout.write(`memgen: promtool test rules ${labelOf(file)}\n`);
      process.stdout.write(run.stdout.replaceAll(file, labelOf(file)));
      process.stderr.write(run.stderr.replaceAll(file, labelOf(file)));
      if (run.status !== 0) failed = true;
    });
    const rulesData = parse(readFileSync(rules, 'utf8'));
    process.stdout.write(formatCoverage(coverageOf(rulesData, parse(readFileSync(suite, 'utf8')))));
    if (suites.length > 1) {
      const matrix = shapeMatrix(parse(readFileSync(shapes, 'utf8')));
      process.stdout.write(formatShapeMatrix(matrix));
      const wrong = matrix.filter((r) => !r.ok);
      if (wrong.length > 0) {
        process.stderr.write(`memgen: ${wrong.length} shape${wrong.length === 1 ? '' : 's'} judged wrong: ${wrong.map((r) => `${r.prefix}${r.shape} (${r.verdict})`).join('; ')}; accept a healthy shape per alert with accept: [{ shape, reason }]\n`);
        judgedWrong = true;
      }
    }
    if (failed) process.stderr.write('memgen: promtool reported failing alert tests\n');
    if (failed || judgedWrong) return EXIT_PROBLEMS;
    return EXIT_OK;
  } finally {
    if (fresh) rmSync(dir, { recursive: true, force: true });
  }
}
