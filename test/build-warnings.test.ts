// What `memgen build` warns about and still writes: runbook links that cannot open where alerts end up.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { memgenAsync, tempDir } from './helpers/memgen.js';

function configFile(extra: Record<string, unknown> = {}): string {
  const file = path.join(tempDir(), 'memgen.config.yaml');
  const config = {
    metrics: { rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' } },
    services: [{ name: 'api', port: 8000, memoryLimit: '1GiB' }],
    alerts: [
      { kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
      { kind: 'slope', name: 'MemoryGrowth', tier: 'high', metric: 'rss', window: '30m', above: '50MiB/h', for: '30m' },
    ],
    ...extra,
  };
  writeFileSync(file, stringify(config));
  return file;
}

describe('a relative runbook_url', () => {
  it('is a warning naming runbooks.baseUrl, the alerts and the panel links; the build still writes', async () => {
    const out = path.join(tempDir(), 'out');
    const r = await memgenAsync(['build', '--preset', 'fastapi', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const warning = r.stderr.split('\n').find((l) => l.includes('[config/runbook-url]')) ?? '';
    expect(warning).toMatch(/^runbooks\.baseUrl: warning: the runbook_url of 11 alerts \(AnomalousMemoryPattern, .*\) and \d+ dashboard panel links is relative \('runbooks\/\w+\.md'\)/);
    expect(warning).toContain('set runbooks.baseUrl');
    expect(r.stdout).toMatch(/wrote \d+ files/);
  });

  it('is not reported once runbooks.baseUrl is absolute', async () => {
    const r = await memgenAsync(['build', '-c', configFile({ runbooks: { baseUrl: 'https://runbooks.example.com/memory' } }), '--out', path.join(tempDir(), 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('runbook');
  });

  it("names the one alert whose own runbook_url annotation is relative", async () => {
    const alerts = [
      { kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m', annotations: { runbook_url: 'docs/memory.md' } },
      { kind: 'slope', name: 'MemoryGrowth', tier: 'high', metric: 'rss', window: '30m', above: '50MiB/h', for: '30m' },
    ];
    const r = await memgenAsync(['build', '-c', configFile({ runbooks: { baseUrl: 'https://runbooks.example.com' }, alerts }), '--out', path.join(tempDir(), 'out')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("runbooks.baseUrl: warning: the runbook_url of alert MemoryHigh and 1 dashboard panel link is relative ('docs/memory.md')");
  });
});
