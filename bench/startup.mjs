#!/usr/bin/env node
// Cold-start benchmark: memgen's commands against `node -e 0` (the floor any Node CLI pays), measured in the
// same run in alternating rounds (each round runs every command once, in a rotating order, so load from other
// work on the machine falls on all of them alike). Prints medians and ratios to `node -e 0`; asserts nothing.
// Usage: npm run bench  (or node bench/startup.mjs [rounds])
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const rounds = Number(process.argv[2] ?? 15);
const out = mkdtempSync(path.join(tmpdir(), 'memgen-bench-'));

const commands = [
  ['node -e 0', ['-e', '0']],
  ['memgen --help', [cli, '--help']],
  ['memgen build --preset fastapi', [cli, 'build', '--preset', 'fastapi', '--out', path.join(out, 'preset')]],
  ['memgen build -c <config>.ts', [cli, 'build', '-c', 'bench/fixtures/memgen.config.ts', '--out', path.join(out, 'ts')]],
  ['memgen diff out out', [cli, 'diff', 'out', 'out']],
];

function once(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

const times = commands.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < commands.length; k++) {
    const i = (round + k) % commands.length;
    times[i].push(once(commands[i][1]));
  }
}
rmSync(out, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times[0]);
const ms = (n) => `${n.toFixed(0)} ms`.padStart(9);
console.log(`cold start, ${rounds} alternating rounds, node ${process.version}, ${cpus().length} cores`);
console.log(`${'command'.padEnd(32)}${'min'.padStart(9)}${'median'.padStart(9)}${'max'.padStart(9)}${'x node -e 0'.padStart(13)}`);
commands.forEach(([name], i) => {
  const t = times[i];
  console.log(`${name.padEnd(32)}${ms(Math.min(...t))}${ms(median(t))}${ms(Math.max(...t))}${`${(median(t) / floor).toFixed(2)}x`.padStart(13)}`);
});
