#!/usr/bin/env node
// Records the default metrics of two client libraries as test fixtures: prometheus_client's default collectors
// in a plain Python process (Debian's /usr/bin/python3) and prom-client's collectDefaultMetrics() in a plain
// Node process, one scrape each after a second of running:
//   node scripts/record-expositions.mjs
// It writes test/fixtures/exposition/<library>-<version>.txt; test/exporter-runtimes.test.ts compares a live
// scrape with them, so a library upgrade that changes the series says so.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const python = '/usr/bin/python3';
const exporters = {
  python: {
    command: python,
    args: [path.join(root, 'test/helpers/exporters/prometheus-client-defaults.py')],
    version: () => execFileSync(python, ['-c', 'from importlib.metadata import version; print(version("prometheus_client"))'], { encoding: 'utf8' }).trim(),
    file: (v) => `python-prometheus-client-${v}.txt`,
  },
  node: {
    command: process.execPath,
    args: [path.join(root, 'test/helpers/exporters/prom-client-defaults.cjs')],
    version: () => JSON.parse(readFileSync(path.join(root, 'node_modules/prom-client/package.json'), 'utf8')).version,
    file: (v) => `node-prom-client-${v}.txt`,
  },
};

function start({ command, args }) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start within 20 s`)), 20_000);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}/metrics` });
      }
    });
  });
}

for (const [name, exporter] of Object.entries(exporters)) {
  const { child, url } = await start(exporter);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    const file = path.join(root, 'test/fixtures/exposition', exporter.file(exporter.version()));
    const body = await res.text();
    writeFileSync(file, body);
    console.log(`record-expositions: ${name}: ${path.relative(root, file)} (${body.trimEnd().split('\n').length} lines)`);
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
}
