#!/usr/bin/env node
// Scale benchmark: a fleet of N services built from the fastapi preset's alerts (7 per service), for N = 1, 10,
// 100 and 1,000. Each size runs `memgen build` in a fresh process, alternating with `node -e 0` in the same run,
// and reports wall and CPU time, the ratio to `node -e 0` and peak memory (max RSS), so the growth of cost with
// N can be read off. Prints figures; asserts nothing.
// Usage: npm run bench:scale  (or ROUNDS=5 node bench/scale.mjs [sizes...])
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const { fastapi } = await import(path.join(root, 'dist/presets/fastapi.js'));
const sizes = process.argv.slice(2).map(Number).filter(Boolean);

/** The preset's catalog and alerts, for `n` services with their own jobs and ports. */
export function fleetConfig(n) {
  // The preset's seven memory alerts per service (the correlation alerts read other exporters' series).
  const base = fastapi({ correlation: false });
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${String(i).padStart(4, '0')}`,
    port: 8001,
    memoryLimit: `${512 + (i % 8) * 256}MiB`,
    targets: [`svc-${i}.internal:8001`],
  }));
  return { ...base, services, dashboard: { ...base.dashboard, uid: 'memgen-fleet-memory' } };
}

function timed(args) {
  // GNU time's max RSS is what the kernel saw: the true peak, not a sample. CPU time (user + system) is less
  // disturbed than wall time by other work on a shared machine.
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const [wall, user, sys, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, mib: kib / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ns = sizes.length ? sizes : [1, 10, 100, 1000];
  const rounds = Number(process.env.ROUNDS ?? 3);
  const dir = mkdtempSync(path.join(tmpdir(), 'memgen-scale-'));
  const configs = ns.map((n) => {
    const file = path.join(dir, `fleet-${n}.yaml`);
    writeFileSync(file, stringify(fleetConfig(n)));
    return file;
  });
  // Alternating rounds: node -e 0, then every size, in a rotating order.
  const runs = [{ label: 'node -e 0', args: ['-e', '0'] }, ...ns.map((n, i) => ({ n, args: [cli, 'build', '-c', configs[i], '-o', path.join(dir, `out-${n}`)] }))];
  const results = runs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const i = (round + k) % runs.length;
      results[i].push(timed(runs[i].args));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const floor = median(results[0].map((r) => r.wall));
  const rows = ns.map((n, i) => {
    const rs = results[i + 1];
    return { n, alerts: n * 7, seconds: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), mib: median(rs.map((r) => r.mib)), peak: Math.max(...rs.map((r) => r.mib)) };
  });
  console.log(`memgen build of a fleet, ${rounds} alternating rounds (medians), node ${process.version}; node -e 0: ${(floor * 1000).toFixed(0)} ms`);
  console.log(`${'services'.padStart(9)}${'alerts'.padStart(8)}${'wall'.padStart(10)}${'cpu'.padStart(10)}${'x node -e 0'.padStart(13)}${'peak RSS'.padStart(11)}${'(max)'.padStart(10)}${'ms/service'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${String(r.n).padStart(9)}${String(r.alerts).padStart(8)}${`${r.seconds.toFixed(2)} s`.padStart(10)}${`${r.cpu.toFixed(2)} s`.padStart(10)}${`${(r.seconds / floor).toFixed(1)}x`.padStart(13)}${`${r.mib.toFixed(0)} MiB`.padStart(11)}${`${r.peak.toFixed(0)} MiB`.padStart(10)}${(r.seconds * 1000 / r.n).toFixed(1).padStart(12)}`);
  }
  const [first, last] = [rows[0], rows[rows.length - 1]];
  if (rows.length > 1) {
    // Above bare start-up: the part of the time that grows with the fleet.
    const above = (r) => Math.max(r.seconds - floor, 1e-3);
    const exponent = Math.log(above(last) / above(first)) / Math.log(last.n / first.n);
    console.log(`time above node start-up grows about as N^${exponent.toFixed(2)} from ${first.n} to ${last.n} services (1.0 = linear; fixed costs dominate small N).`);
  }
}
