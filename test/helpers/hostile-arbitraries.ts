// Configs carrying hostile text: valid configs (arbitraries.ts) with strings built from a grammar of the
// pieces that break outputs — Go template delimiters, Markdown structure, YAML and JSON specials, control
// characters, lone surrogates, line breaks of every kind — and names that collide with the local stack,
// JavaScript's Object members, targets that are not host:port and webhook URLs with line breaks.
import fc from 'fast-check';
import type { MemgenConfig } from '../../src/dsl/types.js';
import { validConfig } from './arbitraries.js';

export const HOSTILE_PIECES = [
  'a', 'Z', ' ', '  ', '0', '{{', '}}', '{{ $labels.job }}', '{{ "{{" }}', '$value', '`', '```', '~~~', '#', '# ', '- ', '1. ', '> ', '|', '||',
  '*', '**', '_', '[x](y)', '<b>', '&amp;', '"', "'", '\\', ':', ': ', ' #', '%', '&', '!', '@', ',', '{', '}', '[', ']',
  '\n', '\r', '\r\n', '\t', '\n#', '\n```', '\n| a | b |', '\u2028', '\u2029', '\u0085', '\ufeff', '\u00a0', 'ü', '日本', '😀',
  '\x00', '\x07', '\x1b', '\x7f', '\u009b', '\ud800', '\udfff',
] as const;

const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;
const LINE_BREAKS = /[\n\r\u2028\u2029\u0085]/;
const PRINTABLE = HOSTILE_PIECES.filter((p) => !FORBIDDEN.test(p) || /😀/.test(p));
const ONE_LINE = PRINTABLE.filter((p) => !LINE_BREAKS.test(p));

const textOf = (pieces: readonly string[]) => fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
export const hostileText = textOf(HOSTILE_PIECES);
/**
 * Mostly text that every target must carry (all of the grammar but what is refused), sometimes the whole
 * grammar: a config then holds several hostile fields and still builds often enough to judge the tools on.
 */
const maybeHostile = (oneLine = false) =>
  fc.oneof(
    { weight: 1, arbitrary: hostileText },
    { weight: 6, arbitrary: textOf(oneLine ? ONE_LINE : PRINTABLE) },
    { weight: 2, arbitrary: fc.constantFrom('plain text', 'Memory is high', 'x') },
  );

const labelName = fc.constantFrom('team', 'owner', 'constructor', 'toString', 'prototype', 'valueOf', 'hasOwnProperty', '__proto__', 'x_1');
const serviceName = fc.constantFrom('prometheus', 'alertmanager', 'grafana', 'api', 'worker-1');
const target = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('api:8001', 'api.shop.svc:9100', '10.0.0.7:9100', '[::1]:9100') },
  { weight: 1, arbitrary: fc.constantFrom('not a target', 'http://api:8001', 'api:70000', 'api', 'api:80\n', 'a b:1') },
);
const webhookUrl = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('http://restarter.svc:9095/alerts', 'https://hooks.example.com/x?y=1') },
  { weight: 1, arbitrary: fc.constantFrom('http://x.svc/a\nb', 'http://x .svc/', 'http://x.svc/\u2028') },
);

export interface HostileCase {
  config: MemgenConfig;
  /** Which hostile parts went in, for failure messages. */
  touched: string[];
}

export const hostileConfig: fc.Arbitrary<HostileCase> = fc
  .record({
    base: validConfig,
    summary: maybeHostile(),
    labelKey: labelName,
    labelValue: maybeHostile(),
    annotation: maybeHostile(),
    severity: fc.oneof(fc.constantFrom('critical', 'page', '{{ crit }}', 'sev "1"'), maybeHostile(true)),
    actionText: maybeHostile(),
    title: maybeHostile(true),
    tag: maybeHostile(true),
    serviceName,
    targets: fc.option(fc.array(target, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    webhook: fc.option(webhookUrl, { nil: undefined }),
    externalLabel: fc.option(maybeHostile(), { nil: undefined }),
  })
  .map((h) => {
    const config = structuredClone(h.base) as MemgenConfig & Record<string, unknown>;
    const touched: string[] = [];
    const first = config.alerts[0] as unknown as Record<string, unknown>;
    first.summary = h.summary;
    first.labels = { [h.labelKey]: h.labelValue };
    first.annotations = { note: h.annotation };
    touched.push(`summary=${JSON.stringify(h.summary)}`, `labels.${h.labelKey}=${JSON.stringify(h.labelValue)}`, `note=${JSON.stringify(h.annotation)}`);
    config.tiers = { [(first.tier as string) ?? 'critical']: { severity: h.severity, actionText: h.actionText } };
    touched.push(`severity=${JSON.stringify(h.severity)}`, `actionText=${JSON.stringify(h.actionText)}`);
    const dashboard = (config.dashboard ?? {}) as Record<string, unknown>;
    dashboard.title = h.title;
    dashboard.tags = [h.tag];
    config.dashboard = dashboard as MemgenConfig['dashboard'];
    touched.push(`title=${JSON.stringify(h.title)}`);
    // The first service's name, where the compose file names the app after it; alerts follow the rename.
    const old = config.services[0]!.name;
    if (!config.services.some((s) => s.name === h.serviceName)) {
      config.services[0]!.name = h.serviceName;
      for (const a of config.alerts) if (a.services) a.services = a.services.map((s) => (s === old ? h.serviceName : s));
      touched.push(`service=${h.serviceName}`);
    }
    if (h.targets) {
      config.services[0]!.targets = h.targets;
      touched.push(`targets=${JSON.stringify(h.targets)}`);
    }
    if (h.webhook) {
      config.alertmanager = {
        receivers: { hook: { webhook: { url: h.webhook } }, pager: { pagerduty: { routingKeyFile: '/etc/alertmanager/secrets/pd' } }, chat: { slack: { apiUrlFile: '/etc/alertmanager/secrets/slack', channel: '#mem' } } },
        routes: { critical: { receivers: ['hook'] } },
      } as MemgenConfig['alertmanager'];
      touched.push(`webhook=${JSON.stringify(h.webhook)}`);
    }
    if (h.externalLabel !== undefined) {
      config.prometheus = { externalLabels: { cluster: h.externalLabel } };
      touched.push(`externalLabels.cluster=${JSON.stringify(h.externalLabel)}`);
    }
    return { config, touched };
  });
