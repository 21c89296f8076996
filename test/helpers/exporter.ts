// Real processes for tests: exporters (the FastAPI demo service under uvicorn, a Node process with prom-client),
// Prometheus and Alertmanager. Everything listens on 127.0.0.1 at free ports; every process is stopped by its
// own handle (SIGTERM, then SIGKILL), and its last output is kept for the failure message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from './memgen.js';

export const HOST = '127.0.0.1';
/** Debian's interpreter: it has python3-fastapi, -uvicorn, -prometheus-client and -psutil (a venv python may not). */
export const PYTHON = '/usr/bin/python3';
export const FASTAPI_INTEGRATION = path.join(ROOT, 'integrations/fastapi');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** True when Debian's python has what the FastAPI integration needs; with CI=true a gap is an error, not a skip. */
export function skipWithoutFastapiPython(): boolean {
  const r = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, prometheus_client, psutil'], { encoding: 'utf8' });
  if (r.status === 0) return false;
  if (process.env.CI === 'true') {
    throw new Error(
      `${PYTHON} cannot import fastapi, uvicorn, prometheus_client and psutil (CI=true): scripts/install-tools.sh installs ` +
        `python3-fastapi python3-uvicorn python3-prometheus-client python3-psutil\n${r.stderr ?? r.error?.message ?? ''}`,
    );
  }
  return true;
}

export interface Running {
  child: ChildProcess;
  /** The last few KB of its stdout and stderr, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Running {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => keep(Buffer.from(`\n${command}: ${err.message}\n`)));
  return { child, log: () => log, stop: () => stopProcess(child) };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function httpText(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** Polls `url` until it answers 2xx; fails with the process's output when it exits or `timeoutMs` passes. */
export async function waitUntilServing(url: string, running: Running, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`the process behind ${url} exited with ${running.child.exitCode}:\n${running.log()}`);
    try {
      if ((await httpText(url)).status < 300) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${running.log()}`);
}

export interface FastapiDemo extends Running {
  appUrl: string;
  metricsUrl: string;
  /** host:port of the metrics endpoint, as a Prometheus target. */
  target: string;
}

/** integrations/fastapi/demo_app.py under uvicorn, with the metrics server on its own free port. */
export async function startFastapiDemo(env: Record<string, string> = {}): Promise<FastapiDemo> {
  const [appPort, metricsPort] = [await freePort(), await freePort()];
  const running = startProcess(PYTHON, ['-m', 'uvicorn', 'demo_app:app', '--host', HOST, '--port', String(appPort), '--no-access-log'], {
    cwd: FASTAPI_INTEGRATION,
    env: { ...process.env, PYTHONPATH: FASTAPI_INTEGRATION, PYTHONDONTWRITEBYTECODE: '1', MEMORY_METRICS_PORT: String(metricsPort), MEMORY_METRICS_ADDR: HOST, ...env },
  });
  const demo = { ...running, appUrl: `http://${HOST}:${appPort}`, metricsUrl: `http://${HOST}:${metricsPort}/metrics`, target: `${HOST}:${metricsPort}` };
  try {
    await waitUntilServing(`${demo.appUrl}/health`, running);
    await waitUntilServing(demo.metricsUrl, running);
  } catch (err) {
    await running.stop();
    throw err;
  }
  return demo;
}

export const DEFAULTS_EXPORTERS = {
  /** prometheus_client's default collectors in a plain Python process. */
  python: { command: PYTHON, args: [path.join(ROOT, 'test/helpers/exporters/prometheus-client-defaults.py')] },
  /** prom-client's collectDefaultMetrics() in a plain Node process. */
  node: { command: process.execPath, args: [path.join(ROOT, 'test/helpers/exporters/prom-client-defaults.cjs')] },
} as const;

/** Starts a process that prints `listening <port>` once its /metrics is served. */
export async function startDefaultsExporter(which: keyof typeof DEFAULTS_EXPORTERS, timeoutMs = 20_000): Promise<Running & { metricsUrl: string }> {
  const { command, args } = DEFAULTS_EXPORTERS[which];
  const running = startProcess(command, [...args], { cwd: ROOT, env: { ...process.env, PORT: '0' } });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const port = /listening (\d+)/.exec(running.log())?.[1];
    if (port) return { ...running, metricsUrl: `http://${HOST}:${port}/metrics` };
    if (running.child.exitCode !== null || Date.now() > deadline) {
      await running.stop();
      throw new Error(`${which} exporter did not start:\n${running.log()}`);
    }
    await sleep(100);
  }
}
