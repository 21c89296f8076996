// Several services in one config: each gets its rule group, scrape job, ServiceMonitor and a place in the
// dashboard's job variable, through the same code path as one service; per-service overrides change only
// that service's copy of an alert. promtool judges the result.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memgen, tempDir } from './helpers/memgen.js';
import { build, FLEET_CONFIG } from './helpers/outputs.js';
import { promtool, skipWithout } from './helpers/tools.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}
interface Group {
  name: string;
  rules: Rule[];
}

const MiB = 1024 * 1024;
const fleet = build(['-c', FLEET_CONFIG]);
const groups = fleet.yaml<{ groups: Group[] }>('prometheus/alerts.yaml').groups;
const rulesOf = (group: string): Record<string, Rule> => Object.fromEntries((groups.find((g) => g.name === group)?.rules ?? []).map((r) => [r.alert, r]));
const thresholdOf = (r: Rule | undefined): number => Number(r?.expr.split(' > ')[1]);

// The TypeScript fixture extends the fastapi preset with a worker.
const fleetTs = build(['-c', path.join(path.dirname(FLEET_CONFIG), 'memgen.config.ts')]);

describe.skipIf(skipWithout('promtool')).each([
  ['YAML', fleet],
  ['TypeScript', fleetTs],
])('the %s fleet fixture with promtool', (_name, out) => {
  it('passes promtool check rules', () => {
    const r = promtool('check', 'rules', out.file('prometheus/alerts.yaml'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('passes promtool check config (which loads alerts.yaml too)', () => {
    const r = promtool('check', 'config', out.file('prometheus/prometheus.yml'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('SUCCESS: 1 rule files found');
  });
});

describe('the TypeScript fleet fixture', () => {
  it('gives the preset\'s alerts to both services, less the worker\'s disabled one', () => {
    const g = fleetTs.yaml<{ groups: Group[] }>('prometheus/alerts.yaml').groups;
    const names = (group: string) => g.find((x) => x.name === group)?.rules.map((r) => r.alert) ?? [];
    expect(names('worker.memory')).toEqual(names('api.memory').filter((n) => n !== 'HighMemoryEndpoint'));
    expect(names('api.memory')).toContain('HighMemoryEndpoint');
  });
});

describe('the fleet fixture', () => {
  const api = rulesOf('api.memory');
  const worker = rulesOf('worker.memory');

  it('has one rule group per service, each selecting its own job', () => {
    expect(groups.map((g) => g.name)).toEqual(['api.memory', 'worker.memory']);
    for (const r of Object.values(api)) expect(r.expr).toContain('job="shop-api"');
    for (const r of Object.values(worker)) expect(r.expr).toContain('job="shop-worker"');
  });

  it('labels each copy of an alert with its service, so the copies stay distinct', () => {
    expect(api.CriticalMemoryUsage?.labels).toEqual({ severity: 'critical', service: 'api' });
    expect(worker.CriticalMemoryUsage?.labels).toEqual({ severity: 'critical', service: 'worker' });
  });

  it('adds no service label when there is one service', () => {
    const single = build(['--preset', 'fastapi']).yaml<{ groups: Group[] }>('prometheus/alerts.yaml').groups;
    for (const r of single.flatMap((g) => g.rules)) expect(r.labels.service, r.alert).toBeUndefined();
  });

  it('takes percentages of each service\'s own memory limit', () => {
    expect(thresholdOf(api.CriticalMemoryUsage)).toBe(Math.round(0.9 * 1000 * MiB));
    // The worker overrides 90% with 95%, of its 4 GiB.
    expect(thresholdOf(worker.CriticalMemoryUsage)).toBe(Math.round(0.95 * 4 * 1024 * MiB));
  });

  it('applies a service\'s overrides to its copy only', () => {
    expect(thresholdOf(api.RapidMemoryGrowth)).toBe(5 * MiB);
    expect(api.RapidMemoryGrowth?.for).toBe('10m');
    expect(thresholdOf(worker.RapidMemoryGrowth)).toBe(20 * MiB);
    expect(worker.RapidMemoryGrowth?.for).toBe('15m');
  });

  it('drops a disabled alert and one limited to other services', () => {
    expect(Object.keys(api).sort()).toEqual(['CriticalMemoryUsage', 'GCSlowdown', 'HighMemoryEndpoint', 'RapidMemoryGrowth']);
    expect(Object.keys(worker).sort()).toEqual(['CriticalMemoryUsage', 'RapidMemoryGrowth']);
  });

  it('has a scrape job per service', () => {
    const config = fleet.yaml<{ scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> }>('prometheus/prometheus.yml');
    expect(config.scrape_configs.map((s) => [s.job_name, s.static_configs[0]?.targets])).toEqual([
      ['shop-api', ['api-0:8001', 'api-1:8001']],
      ['shop-worker', ['worker-0:9100']],
    ]);
  });

  it('offers exactly the fleet\'s jobs in the dashboard\'s job variable', () => {
    const dashboard = JSON.parse(readFileSync(fleet.file('grafana/dashboards/memory.json'), 'utf8')) as { templating: { list: Array<{ name: string; query: string }> } };
    const job = dashboard.templating.list.find((v) => v.name === 'job');
    // From `up`, which every job has: the worker exports metrics the API lacks and the other way round.
    expect(job?.query).toBe('label_values(up{job=~"shop-api|shop-worker"}, job)');
  });
});

describe('per-service override mistakes', () => {
  function buildWith(mutate: (config: any) => void): { status: number; stderr: string } {
    const config = parse(readFileSync(FLEET_CONFIG, 'utf8'));
    mutate(config);
    const file = path.join(tempDir(), 'memgen.config.yaml');
    writeFileSync(file, stringify(config));
    return memgen(['build', '-c', file, '-o', tempDir()]);
  }

  it('names an override of an unknown alert, with a suggestion', () => {
    const r = buildWith((c) => (c.services[1].alerts.RapidMemoryGrowht = { above: '1MiB/min' }));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/:\d+:\d+: services\[1\]\.alerts\.RapidMemoryGrowht: no alert 'RapidMemoryGrowht' to override \(did you mean 'RapidMemoryGrowth'\?\)/);
  });

  it('reports a bad overriding threshold where the override wrote it', () => {
    const r = buildWith((c) => (c.services[1].alerts.RapidMemoryGrowth.above = '20MiB'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('services[1].alerts.RapidMemoryGrowth.above');
  });

  it('refuses to override an alert that does not apply to the service', () => {
    const r = buildWith((c) => (c.services[1].alerts.HighMemoryEndpoint = { above: '20MiB' }));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("services[1].alerts.HighMemoryEndpoint: alert 'HighMemoryEndpoint' does not apply to service 'worker'");
  });
});
