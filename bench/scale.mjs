#!/usr/bin/env node
// Scale benchmark: a fleet of N services built from the fastapi preset's alerts (7 per service), for N = 1, 10,
// 100 and 1,000. Each size runs `memgen build` in a fresh process and reports wall time and peak memory
// (max RSS), so the growth of cost with N can be read off. Prints figures; asserts nothing.
// Usage: npm run bench:scale  (or node bench/scale.mjs [sizes...])
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

function measure(n) {
  const dir = mkdtempSync(path.join(tmpdir(), 'memgen-scale-'));
  const config = path.join(dir, 'memgen.config.yaml');
  writeFileSync(config, stringify(fleetConfig(n)));
  // GNU time's max RSS is what the kernel saw: the true peak, not a sample.
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'build', '-c', config, '-o', path.join(dir, 'out')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`n=${n} failed: ${r.stderr}`);
  const [seconds, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { n, alerts: n * 7, seconds, mib: kib / 1024 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = (sizes.length ? sizes : [1, 10, 100, 1000]).map(measure);
  console.log(`memgen build of a fleet, node ${process.version}`);
  console.log(`${'services'.padStart(9)}${'alerts'.padStart(8)}${'wall'.padStart(10)}${'peak RSS'.padStart(11)}${'ms/service'.padStart(12)}`);
  for (const r of rows) {
    console.log(`${String(r.n).padStart(9)}${String(r.alerts).padStart(8)}${`${r.seconds.toFixed(2)} s`.padStart(10)}${`${r.mib.toFixed(0)} MiB`.padStart(11)}${(r.seconds * 1000 / r.n).toFixed(1).padStart(12)}`);
  }
  const [first, last] = [rows[0], rows[rows.length - 1]];
  if (rows.length > 1) {
    const exponent = Math.log(last.seconds / first.seconds) / Math.log(last.n / first.n);
    console.log(`time grows about as N^${exponent.toFixed(2)} from ${first.n} to ${last.n} services (1.0 = linear; start-up dominates small N).`);
  }
}
