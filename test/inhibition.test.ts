// Inhibition judged by a real Alertmanager (Debian's prometheus-alertmanager, started on a free port with the
// generated alertmanager.yml): a firing critical alert mutes high and medium alerts of the same job and
// instance, a high one mutes medium, and nothing is muted across instances.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/memgen.js';
import { build } from './helpers/outputs.js';
import { skipWithout } from './helpers/tools.js';

const BINARY = 'prometheus-alertmanager';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(base: string, proc: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`alertmanager exited ${proc.exitCode}: ${log()}`);
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager did not become ready: ${log()}`);
}

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

describe.skipIf(skipWithout(BINARY))('inhibition in a running Alertmanager', () => {
  let proc: ChildProcess;
  let base = '';
  let alerts: ApiAlert[] = [];

  beforeAll(async () => {
    const out = build(['--preset', 'fastapi']);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    let log = '';
    proc = spawn(BINARY, [
      `--config.file=${out.file('alertmanager/alertmanager.yml')}`,
      `--storage.path=${path.join(tempDir(), 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ]);
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    await waitUntilReady(base, proc, () => log);

    const alert = (alertname: string, severity: string, instance: string) => ({
      labels: { alertname, severity, instance, job: 'fastapi-app' },
      annotations: { summary: 'test' },
    });
    const posted = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert('CriticalMemoryUsage', 'critical', 'a:8001'),
        alert('RapidMemoryGrowth', 'high', 'a:8001'),
        alert('GCSlowdown', 'medium', 'a:8001'),
        alert('RapidMemoryGrowth', 'high', 'b:8001'),
        alert('GCSlowdown', 'medium', 'b:8001'),
        alert('GCSlowdown', 'medium', 'c:8001'),
      ]),
    });
    expect(posted.status).toBe(200);
    alerts = (await (await fetch(`${base}/api/v2/alerts`)).json()) as ApiAlert[];
  });

  afterAll(() => {
    proc?.kill();
  });

  const state = (alertname: string, instance: string): string => {
    const a = alerts.find((x) => x.labels.alertname === alertname && x.labels.instance === instance);
    return a ? a.status.state : 'missing';
  };

  it('keeps a critical alert active', () => {
    expect(state('CriticalMemoryUsage', 'a:8001')).toBe('active');
  });

  it('mutes high and medium under a critical of the same instance', () => {
    expect(state('RapidMemoryGrowth', 'a:8001')).toBe('suppressed');
    expect(state('GCSlowdown', 'a:8001')).toBe('suppressed');
  });

  it('mutes medium under a high of the same instance, and keeps the high', () => {
    expect(state('RapidMemoryGrowth', 'b:8001')).toBe('active');
    expect(state('GCSlowdown', 'b:8001')).toBe('suppressed');
  });

  it('mutes nothing on an instance with no more severe alert', () => {
    expect(state('GCSlowdown', 'c:8001')).toBe('active');
  });
});
