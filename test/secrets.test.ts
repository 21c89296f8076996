// Literal secrets are refused before anything is built: the scanner's verdicts, then the CLI end to end
// (exit 2, the field named, nothing written).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findLiteralSecrets } from '../src/config/secrets.js';
import { joinPath } from '../src/config/errors.js';
import { memgen, tempDir } from './helpers/memgen.js';

// 32 letters and digits, the shape of a PagerDuty Events v2 routing key (made up).
const PD_KEY = 'R0ut1ngK3yR0ut1ngK3yR0ut1ngK3y12';

function found(config: unknown): string[] {
  return findLiteralSecrets(config).map((s) => joinPath(s.segments));
}

describe('findLiteralSecrets', () => {
  it.each([
    ['a key file', { alertmanager: { receivers: { p: { pagerduty: { routingKeyFile: '/etc/alertmanager/secrets/pd' } } } } }],
    ['a plain in-cluster URL', { alertmanager: { receivers: { w: { webhook: { url: 'http://restarter.shop.svc:9095/alerts' } } } } }],
    ['a URL with a harmless query', { runbookBaseUrl: 'https://wiki.example.com/runbooks?page=memory' }],
    ['a long word in a URL path', { runbookBaseUrl: 'https://wiki.example.com/observability-runbooks-memory-leaks' }],
    ['a runbook link to a commit', { runbookBaseUrl: 'https://github.com/acme/ops/blob/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567/runbooks' }],
    ['a 32-character name outside alertmanager', { dashboard: { uid: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6' } }],
    ['a label named like nothing secret', { alerts: [{ labels: { team: 'payments' } }] }],
  ])('passes %s', (_name, config) => {
    expect(found(config)).toEqual([]);
  });

  it.each([
    ['a PagerDuty routing key field', { alertmanager: { receivers: { p: { pagerduty: { routingKey: 'abc' } } } } }, 'alertmanager.receivers.p.pagerduty.routingKey', 'routingKeyFile'],
    ['a PagerDuty service key field', { alertmanager: { receivers: { p: { pagerduty: { service_key: 'abc' } } } } }, 'alertmanager.receivers.p.pagerduty.service_key', 'routingKeyFile'],
    ['a key-shaped value in a file field', { alertmanager: { receivers: { p: { pagerduty: { routingKeyFile: PD_KEY } } } } }, 'alertmanager.receivers.p.pagerduty.routingKeyFile', 'routingKeyFile'],
    ['a Slack webhook URL', { alertmanager: { receivers: { w: { webhook: { url: 'https://hooks.slack.com/services/T000/B000/XXXX' } } } } }, 'alertmanager.receivers.w.webhook.url', 'apiUrlFile'],
    ['a Slack apiUrl field', { alertmanager: { receivers: { s: { slack: { apiUrl: 'https://example.com/x' } } } } }, 'alertmanager.receivers.s.slack.apiUrl', 'apiUrlFile'],
    ['a token in the query', { alertmanager: { receivers: { w: { webhook: { url: 'https://hooks.example.com/restart?token=s3cr3t' } } } } }, 'alertmanager.receivers.w.webhook.url', 'credentialsFile'],
    ['credentials in the URL', { alertmanager: { receivers: { w: { webhook: { url: 'https://bot:hunter2@hooks.example.com/restart' } } } } }, 'alertmanager.receivers.w.webhook.url', 'urlFile'],
    ['a token in the path', { alertmanager: { receivers: { w: { webhook: { url: 'https://hooks.example.com/v1/9f8e7d6c5b4a3f2e1d0c9b8a' } } } } }, 'alertmanager.receivers.w.webhook.url', 'urlFile'],
    ['a secret anywhere in the config', { runbookBaseUrl: 'https://wiki.example.com/runbooks?access_token=abc' }, 'runbookBaseUrl', 'urlFile'],
  ])('refuses %s', (_name, config, path, instead) => {
    const secrets = findLiteralSecrets(config);
    expect(secrets.map((s) => joinPath(s.segments))).toEqual([path]);
    expect(secrets[0]?.hint).toContain(instead);
  });

  it('never puts the secret itself in its report', () => {
    const secrets = findLiteralSecrets({ alertmanager: { receivers: { p: { pagerduty: { routingKey: PD_KEY } } } } });
    expect(JSON.stringify(secrets)).not.toContain(PD_KEY);
  });
});

describe('memgen build with a literal PagerDuty key', () => {
  const config = {
    metrics: { rss: { name: 'process_rss_bytes', type: 'gauge', unit: 'bytes' } },
    services: [{ name: 'api', port: 8000 }],
    alerts: [{ kind: 'value', name: 'RssHigh', tier: 'high', metric: 'rss', above: '800MiB' }],
    alertmanager: { receivers: { pager: { pagerduty: { routingKey: PD_KEY } } } },
  };

  it('exits 2, names the field and the file field to use, and writes nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'memgen.config.yaml');
    writeFileSync(file, stringify(config));
    const out = path.join(dir, 'out');
    mkdirSync(path.join(out, 'prometheus'), { recursive: true });
    const existing = path.join(out, 'prometheus/alerts.yaml');
    writeFileSync(existing, '# written by hand\ngroups: []\n');

    const r = memgen(['build', '-c', file, '-o', out]);

    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/memgen\.config\.yaml:\d+:\d+: alertmanager\.receivers\.pager\.pagerduty\.routingKey: a PagerDuty routing key is written in the config/);
    expect(r.stderr).toContain('routingKeyFile');
    expect(r.stderr + r.stdout).not.toContain(PD_KEY);
    expect(readFileSync(existing, 'utf8')).toBe('# written by hand\ngroups: []\n');
    expect(readdirSync(out, { recursive: true }).sort()).toEqual(['prometheus', 'prometheus/alerts.yaml']);
  });

  it('refuses the same key in a TypeScript config', () => {
    const dir = tempDir();
    const file = path.join(dir, 'memgen.config.ts');
    writeFileSync(file, `export default ${JSON.stringify(config, null, 2)};\n`);
    const out = path.join(dir, 'out');
    const r = memgen(['build', '-c', file, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('alertmanager.receivers.pager.pagerduty.routingKey');
    expect(() => readdirSync(out)).toThrow();
  });
});
