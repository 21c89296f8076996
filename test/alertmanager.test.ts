// alertmanager.yml against the real amtool: the config loads, and a sample alert of each tier reaches the
// receivers the tier promises (critical and high: pager, medium: chat or tickets; a restart hook only when the
// config defines one).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadYamlConfig } from '../src/source/config-file.js';
import { ConfigError } from '../src/config/errors.js';
import { compile } from '../src/pipeline.js';
import { memgen, tempDir } from './helpers/memgen.js';
import { build, FLEET_CONFIG, type Built } from './helpers/outputs.js';
import { run, skipWithout } from './helpers/tools.js';

const AM_FILE = 'alertmanager/alertmanager.yml';

function routesTest(out: Built, labels: Record<string, string>): string[] {
  const r = run('amtool', ['config', 'routes', 'test', `--config.file=${out.file(AM_FILE)}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim().split(',');
}

/** A minimal config: one service, one alert per tier, and whatever else `extra` adds. */
function smallConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metrics: { rss: { name: 'process_rss_bytes', type: 'gauge', unit: 'bytes' } },
    services: [{ name: 'api', port: 8000 }],
    alerts: [
      { kind: 'value', name: 'RssCritical', tier: 'critical', metric: 'rss', above: '900MiB' },
      { kind: 'value', name: 'RssHigh', tier: 'high', metric: 'rss', above: '800MiB' },
      { kind: 'value', name: 'RssMedium', tier: 'medium', metric: 'rss', above: '700MiB' },
    ],
    ...extra,
  };
}

function writeConfig(config: Record<string, unknown>): string {
  const file = path.join(tempDir(), 'memgen.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

async function compileYaml(config: Record<string, unknown>) {
  return compile(await loadYamlConfig('memgen.config.yaml', stringify(config)));
}

describe.skipIf(skipWithout('amtool'))('alertmanager.yml with amtool', () => {
  const preset = build(['--preset', 'fastapi']);
  const fleet = build(['-c', FLEET_CONFIG]);

  it.each([
    ['the fastapi preset', preset],
    ['the fleet fixture', fleet],
  ])('amtool check-config accepts the file built from %s', (_name, out) => {
    const r = run('amtool', ['check-config', out.file(AM_FILE)]);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  // What each tier promises, in the preset's receiver names.
  const PRESET_RECEIVERS: Record<string, string[]> = { critical: ['pager'], high: ['pager'], medium: ['chat'] };

  it.each(Object.entries(PRESET_RECEIVERS))('the preset sends a %s alert to %j', (severity, receivers) => {
    expect(routesTest(preset, { alertname: 'X', severity, job: 'fastapi-app', instance: 'app:8001' })).toEqual(receivers);
  });

  it.each([
    ['critical', 'shop-worker', ['restart-hook', 'oncall']],
    ['high', 'shop-api', ['oncall']],
    ['medium', 'shop-api', ['tickets']],
  ])('the fleet sends a %s alert of %s to %j', (severity, job, receivers) => {
    expect(routesTest(fleet, { alertname: 'X', severity, job, instance: 'i:1', service: 'api' })).toEqual(receivers);
  });

  it('an alert no tier matches goes to the default receiver (the medium tier\'s first)', () => {
    expect(routesTest(preset, { alertname: 'X', severity: 'info', job: 'j', instance: 'i' })).toEqual(['chat']);
  });

  it('routes on the severity values the tiers define, not on the tier names', () => {
    const file = writeConfig(smallConfig({ tiers: { critical: { severity: 'page-now' }, medium: { severity: 'warning' } } }));
    const out = build(['-c', file]);
    expect(routesTest(out, { alertname: 'X', severity: 'page-now', job: 'api', instance: 'i' })).toEqual(['pager']);
    expect(routesTest(out, { alertname: 'X', severity: 'warning', job: 'api', instance: 'i' })).toEqual(['chat']);
    // A 'critical' label is no longer the critical tier: it falls through to the default receiver.
    expect(routesTest(out, { alertname: 'X', severity: 'critical', job: 'api', instance: 'i' })).toEqual(['chat']);
    expect(run('amtool', ['check-config', out.file(AM_FILE)]).status).toBe(0);
  });

  it('every alert the preset generates, with its own labels, reaches its tier\'s receivers', () => {
    const alerts = preset.yaml<{ groups: Array<{ rules: Array<{ alert: string; labels: Record<string, string> }> }> }>('prometheus/alerts.yaml');
    for (const rule of alerts.groups.flatMap((g) => g.rules)) {
      const receivers = routesTest(preset, { alertname: rule.alert, job: 'fastapi-app', instance: 'i', ...rule.labels });
      expect(receivers, rule.alert).toEqual(PRESET_RECEIVERS[rule.labels.severity as string]);
    }
  });
});

describe('alertmanager.yml structure', () => {
  it('inhibits high and medium under critical, and medium under high, for the same job and instance', async () => {
    const { files } = await compileYaml(smallConfig());
    const am = files.find((f) => f.path === AM_FILE);
    const doc = (await import('yaml')).parse(am?.content ?? '') as { inhibit_rules: Array<Record<string, unknown>> };
    expect(doc.inhibit_rules).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="high"'], equal: ['job', 'instance'] },
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="medium"'], equal: ['job', 'instance'] },
      { source_matchers: ['severity="high"'], target_matchers: ['severity="medium"'], equal: ['job', 'instance'] },
    ]);
  });

  it('writes secrets only as file references', async () => {
    const { files } = await compileYaml(smallConfig());
    const content = files.find((f) => f.path === AM_FILE)?.content ?? '';
    expect(content).toContain('routing_key_file: /etc/alertmanager/secrets/pagerduty-routing-key');
    expect(content).toContain('api_url_file: /etc/alertmanager/secrets/slack-webhook-url');
    expect(content).not.toMatch(/routing_key:|service_key:|api_url:|credentials:/);
  });

  it('defines no restart hook unless the config does, and promises no restart', async () => {
    const { files } = await compileYaml(smallConfig());
    const text = files.map((f) => f.content).join('\n');
    expect(text).not.toMatch(/auto-restart|webhook_configs|restarted automatically/i);
    const am = (await import('yaml')).parse(files.find((f) => f.path === AM_FILE)?.content ?? '') as { receivers: Array<{ name: string }> };
    expect(am.receivers.map((r) => r.name)).toEqual(['chat', 'pager']);
  });

  it("restarts through a webhook the config opts into, and says so in the critical tier's texts", async () => {
    const alertmanager = {
      receivers: {
        'restart-hook': { webhook: { url: 'http://restarter:9095/alerts', credentialsFile: '/etc/alertmanager/secrets/restarter-token' } },
        pager: { pagerduty: { routingKeyFile: '/run/secrets/pd' } },
        chat: { slack: { apiUrlFile: '/run/secrets/slack', channel: '#mem' } },
      },
      routes: { critical: { receivers: ['restart-hook', 'pager'] } },
    };
    const { files } = await compileYaml(smallConfig({ tiers: { critical: { action: 'auto-restart' } }, alertmanager }));
    const content = files.find((f) => f.path === AM_FILE)?.content ?? '';
    expect(content).toContain('credentials_file: /etc/alertmanager/secrets/restarter-token');
    expect(files.find((f) => f.path === 'prometheus/alerts.yaml')?.content).toMatch(/action: .*restarted automatically/);
    expect(files.find((f) => f.path === 'runbooks/RssCritical.md')?.content).toMatch(/Automation restarts the process/);
    expect(files.find((f) => f.path === 'runbooks/RssHigh.md')?.content).not.toMatch(/restart/i);
  });

  it("refuses an 'auto-restart' tier whose route has no webhook, naming the fix", async () => {
    const err = await compileYaml(smallConfig({ tiers: { critical: { action: 'auto-restart' } } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain("tiers.critical.action: is 'auto-restart', but alertmanager.routes.critical sends to no webhook");
  });

  it('writes url_file when the webhook URL comes from a file', async () => {
    const receivers = {
      'auto-restart': { webhook: { urlFile: '/etc/alertmanager/secrets/restart-url' } },
      pager: { pagerduty: { routingKeyFile: '/run/secrets/pd' } },
      chat: { slack: { apiUrlFile: '/run/secrets/slack', channel: '#mem' } },
    };
    const { files } = await compileYaml(smallConfig({ alertmanager: { receivers } }));
    const content = files.find((f) => f.path === AM_FILE)?.content ?? '';
    expect(content).toContain('url_file: /etc/alertmanager/secrets/restart-url');
    expect(content).not.toMatch(/^\s+url:/m);
  });

  it.each([
    [{ routes: { high: { receivers: ['pagr'] } } }, "alertmanager.routes.high.receivers[0]: no receiver 'pagr' (did you mean 'pager'?)"],
    [{ receivers: { both: { webhook: { url: 'http://a/b' }, pagerduty: { routingKeyFile: '/k' } } } }, 'alertmanager.receivers.both: a receiver is one kind, not webhook and pagerduty'],
    [{ receivers: { hook: { webhook: { sendResolved: true } } } }, 'alertmanager.receivers.hook.webhook: a webhook needs exactly one of url, urlFile'],
    [{ receivers: { hook: { webhook: { url: 'http://a/b' } } } }, "alertmanager.routes: the default critical route: no receiver 'pager'"],
    [{ routes: { medium: { receivers: ['chat'], matchers: ['team = '] } } }, "alertmanager.routes.medium.matchers[0]: 'team = ' is not an Alertmanager matcher"],
    [{ defaultReceiver: 'nobody' }, "alertmanager.defaultReceiver: no receiver 'nobody'"],
  ])('refuses a broken routing config: %j', async (alertmanager, message) => {
    const err = await compileYaml(smallConfig({ alertmanager })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain(message);
  });

  it('refuses a routing config through the CLI with exit 2', () => {
    const file = writeConfig(smallConfig({ alertmanager: { routes: { high: { receivers: ['pagr'] } } } }));
    const r = memgen(['build', '-c', file, '-o', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/memgen\.config\.yaml:\d+:\d+: alertmanager\.routes\.high\.receivers\[0\]: no receiver 'pagr'/);
  });
});
