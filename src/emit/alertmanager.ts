// alertmanager.yml: a route tree on the tiers' severity labels, inhibition from more to less severe tiers,
// and receivers that read every secret from a file. Field names are those of Alertmanager 0.25 (Debian's),
// which `amtool check-config` in the tests holds us to; `url_file` of webhooks needs 0.26 and is written
// only when the config asks for it.
import { formatDuration } from '../dsl/units.js';
import type { Model, Receiver, TierRoute } from '../model/types.js';
import type { OutputDocument } from './types.js';

export const ALERTMANAGER_FILE = 'alertmanager/alertmanager.yml';
// An inhibited alert must belong to the same process as the one that silences it.
const INHIBIT_EQUAL = ['job', 'instance'];

/** A matcher in Alertmanager's syntax; the value is quoted as Go would, so any severity string is safe. */
export function severityMatcher(severity: string): string {
  return `severity=${JSON.stringify(severity)}`;
}

function receiverJson(r: Receiver): Record<string, unknown> {
  if (r.webhook) {
    const w = r.webhook;
    return {
      name: r.name,
      webhook_configs: [
        {
          ...(w.urlFile ? { url_file: w.urlFile } : { url: w.url }),
          send_resolved: w.sendResolved,
          ...(w.credentialsFile ? { http_config: { authorization: { type: 'Bearer', credentials_file: w.credentialsFile } } } : {}),
        },
      ],
    };
  }
  if (r.pagerduty) {
    return { name: r.name, pagerduty_configs: [{ routing_key_file: r.pagerduty.routingKeyFile, send_resolved: r.pagerduty.sendResolved }] };
  }
  const s = r.slack as NonNullable<Receiver['slack']>;
  return { name: r.name, slack_configs: [{ api_url_file: s.apiUrlFile, channel: s.channel, send_resolved: s.sendResolved }] };
}

// Alertmanager routes to one receiver per route; a tier with several receivers gets one route each, all but
// the last with `continue: true` so the alert goes on to the next.
function tierRoutes(route: TierRoute): Array<Record<string, unknown>> {
  return route.receivers.map((receiver, i) => ({
    receiver,
    matchers: [severityMatcher(route.tier.severity), ...route.matchers],
    group_wait: formatDuration(route.groupWait),
    group_interval: formatDuration(route.groupInterval),
    repeat_interval: formatDuration(route.repeatInterval),
    ...(i < route.receivers.length - 1 ? { continue: true } : {}),
  }));
}

/** Each tier silences every less severe tier for the same job and instance. */
function inhibitRules(routes: TierRoute[]): Array<Record<string, unknown>> {
  return routes.flatMap((source, i) =>
    routes.slice(i + 1).map((target) => ({
      source_matchers: [severityMatcher(source.tier.severity)],
      target_matchers: [severityMatcher(target.tier.severity)],
      equal: INHIBIT_EQUAL,
    })),
  );
}

export function alertmanagerConfig(model: Model): Record<string, unknown> {
  const am = model.alertmanager;
  return {
    route: {
      receiver: am.defaultReceiver,
      group_by: am.groupBy,
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: am.routes.flatMap(tierRoutes),
    },
    inhibit_rules: inhibitRules(am.routes),
    receivers: am.receivers.map(receiverJson),
  };
}

export function emitAlertmanagerConfig(model: Model): OutputDocument {
  return { path: ALERTMANAGER_FILE, format: 'yaml', data: alertmanagerConfig(model) };
}
