#!/usr/bin/env node
// Cold-start benchmark: `memgen build --preset fastapi` against `node -e 0` (the floor any Node CLI pays) and
// `memgen --help` (start-up without the pipeline), measured in the same run. Prints figures; asserts nothing.
// Usage: npm run bench  (or node bench/startup.mjs [runs])
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const runs = Number(process.argv[2] ?? 15);
const out = mkdtempSync(path.join(tmpdir(), 'memgen-bench-'));

function measure(args) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { min: times[0], median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

const rows = [
  ['node -e 0', measure(['-e', '0'])],
  ['memgen --help', measure([cli, '--help'])],
  ['memgen build --preset fastapi', measure([cli, 'build', '--preset', 'fastapi', '--out', out])],
];
rmSync(out, { recursive: true, force: true });

const fmt = (n) => `${n.toFixed(0).padStart(6)} ms`;
console.log(`cold start, ${runs} runs each, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
console.log(`${'command'.padEnd(32)}${'min'.padStart(9)}${'median'.padStart(9)}${'max'.padStart(9)}`);
for (const [name, t] of rows) console.log(`${name.padEnd(32)}${fmt(t.min)}${fmt(t.median)}${fmt(t.max)}`);
const floor = rows[0][1].median;
const build = rows[2][1].median;
console.log(`memgen build costs ${(build - floor).toFixed(0)} ms above bare node start-up (${(build / floor).toFixed(1)}x).`);
