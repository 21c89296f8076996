// Issue 14's reproductions of successful builds that the real tools or readers refused, one by one.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { skipWithout } from './helpers/tools.js';

const base = () => ({
  metrics: { rss: { name: 'process_rss_bytes', type: 'gauge', unit: 'bytes' } },
  services: [{ name: 'api', port: 8001, memoryLimit: '1GiB' } as Record<string, unknown>],
  alerts: [{ kind: 'value', name: 'MemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '1m' } as Record<string, unknown>],
});

function build(config: unknown) {
  const dir = tempDir('memgen-repro-');
  const file = path.join(dir, 'memgen.config.yaml');
  writeFileSync(file, stringify(config));
  const out = path.join(dir, 'out');
  return { ...memgen(['build', '-c', file, '--out', out]), out, file };
}

describe.skipIf(skipWithout('promtool'))('generated tests expect what Prometheus renders', () => {
  it('test/fixtures/robustness/nasty-strings.yaml passes memgen test', () => {
    const out = path.join(tempDir(), 'out');
    expect(memgen(['build', '-c', path.join(ROOT, 'test/fixtures/robustness/nasty-strings.yaml'), '--out', out]).status).toBe(0);
    const r = memgen(['test', '--out', out]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('a severity containing {{ passes memgen test', () => {
    const c = { ...base(), tiers: { critical: { severity: '{{ crit }} "p1"' } } };
    const b = build(c);
    expect(b.status, b.stderr).toBe(0);
    const r = memgen(['test', '--out', b.out]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('text no target takes is refused at its field', () => {
  const cases: Array<[string, (c: ReturnType<typeof base>) => void, RegExp]> = [
    ['DEL in a summary', (c) => (c.alerts[0]!.summary = 'a\x7fb'), /alerts\[0\]\.summary: the text holds the control character U\+007F/],
    ['a lone surrogate in a label', (c) => (c.alerts[0]!.labels = { team: 'api\ud800' }), /alerts\[0\]\.labels\.team: the text holds a lone surrogate \(U\+D800\)/],
    ['a lone surrogate in a job', (c) => (c.services[0]!.job = 'api\udfff'), /services\[0\]\.job: the text holds a lone surrogate/],
    ['a target that is not host:port', (c) => (c.services[0]!.targets = ['http://api:8001']), /services\[0\]\.targets\[0\]: "http:\/\/api:8001" does not match the expected form \(host:port/],
    ['a port out of range in a target', (c) => (c.services[0]!.targets = ['api:70000']), /targets\[0\].*host:port/],
    [
      'a webhook URL with a line break',
      (c) => Object.assign(c, { alertmanager: { receivers: { hook: { webhook: { url: 'http://hook.svc/a\nb' } }, pager: { pagerduty: { routingKeyFile: '/s/pd' } }, chat: { slack: { apiUrlFile: '/s/slack', channel: '#m' } } }, routes: { critical: { receivers: ['hook'] } } } }),
      /alertmanager\.receivers\.hook\.webhook\.url: the text holds a line break/,
    ],
  ];
  for (const [what, apply, message] of cases) {
    it(`${what}: exit 2 at file:line, nothing written`, () => {
      const c = base();
      apply(c);
      const r = build(c);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`${r.file}:`);
    });
  }
});

describe('names and text that reached other outputs', () => {
  for (const name of ['prometheus', 'alertmanager', 'grafana']) {
    it(`a service named ${name} keeps the compose stack whole`, () => {
      const c = base();
      c.services[0]!.name = name;
      const r = build(c);
      expect(r.status, r.stderr).toBe(0);
      const compose = parse(readFileSync(path.join(r.out, 'compose/docker-compose.yml'), 'utf8')) as { services: Record<string, { image?: string; network_mode?: string; build?: unknown }> };
      expect(Object.keys(compose.services).sort()).toEqual([`${name}-app`, 'alertmanager', 'grafana', 'prometheus'].sort());
      for (const s of ['prometheus', 'alertmanager', 'grafana']) expect(compose.services[s]!.image).toContain(s);
      expect(compose.services[`${name}-app`]!.build).toBeDefined();
      expect(compose.services.prometheus!.network_mode).toBe(`service:${name}-app`);
    });
  }

  it('a summary with a heading, a fence and a table row stays one paragraph of the runbook', () => {
    const c = base();
    c.alerts[0]!.summary = 'first\n# Not a heading\n```\n| a | b |\n- item';
    const r = build(c);
    expect(r.status, r.stderr).toBe(0);
    const page = readFileSync(path.join(r.out, 'runbooks/MemoryHigh.md'), 'utf8');
    expect(page).toContain('first<br># Not a heading<br>\\`\\`\\`<br>\\| a \\| b \\|<br>- item');
    expect(page.split('\n').filter((l) => l.startsWith('# '))).toEqual(['# MemoryHigh']);
  });

  it('a label named constructor is an ordinary label, not a secret', () => {
    const c = base();
    c.alerts[0]!.labels = { constructor: 'team-a', toString: 'x' };
    const r = build(c);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(r.out, 'prometheus/alerts.yaml'), 'utf8')).toMatch(/constructor: team-a/);
  });
});
