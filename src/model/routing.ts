// Alert routing: which receivers each tier's alerts reach, and how often. The defaults follow the tiers'
// meaning: critical and high page, medium goes to chat. A restart hook is opt-in: a webhook receiver the
// config defines and routes, with tiers.<tier>.action 'auto-restart' (checkRestartHooks). Secrets are
// only ever file paths here; src/config/secrets.ts has refused literal ones before the model is built.
import type { AlertmanagerConfig, ReceiverConfig, TierName, TierRouteConfig } from '../dsl/types.js';
import { closest, parseDuration } from '../dsl/units.js';
import { TIER_NAMES } from './tiers.js';
import type { Receiver, Routing, Tier, TierRoute } from './types.js';

type AddProblem = (segments: Array<string | number>, message: string, hint?: string) => void;

export const SECRETS_DIR = '/etc/alertmanager/secrets';

export const DEFAULT_ALERTMANAGER: Required<Pick<AlertmanagerConfig, 'receivers' | 'routes'>> = {
  receivers: {
    pager: { pagerduty: { routingKeyFile: `${SECRETS_DIR}/pagerduty-routing-key` } },
    chat: { slack: { apiUrlFile: `${SECRETS_DIR}/slack-webhook-url`, channel: '#memory-alerts' } },
  },
  routes: {
    critical: { receivers: ['pager'] },
    high: { receivers: ['pager'] },
    medium: { receivers: ['chat'] },
  },
};

// Critical alerts act fast and repeat often; medium ones are batched and reminded daily.
const DEFAULT_TIMING: Record<TierName, { groupWait: string; groupInterval: string; repeatInterval: string }> = {
  critical: { groupWait: '10s', groupInterval: '1m', repeatInterval: '30m' },
  high: { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' },
  medium: { groupWait: '5m', groupInterval: '30m', repeatInterval: '24h' },
};

export const DEFAULT_GROUP_BY = ['alertname', 'job', 'instance'];
// A restart hook must not restart again when the alert resolves; people want to hear that it did.
const DEFAULT_SEND_RESOLVED = { webhook: false, pagerduty: true, slack: true };

// label, operator, value (quoted or not): the matcher syntax of Alertmanager 0.22 and later.
const MATCHER = /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^"\s,{}]+)\s*$/;

function buildReceiver(name: string, r: ReceiverConfig, at: Array<string | number>, problem: AddProblem): Receiver | undefined {
  const kinds = (['webhook', 'pagerduty', 'slack'] as const).filter((k) => r[k] !== undefined);
  if (kinds.length !== 1) {
    problem(at, kinds.length === 0 ? 'a receiver needs one of webhook, pagerduty, slack' : `a receiver is one kind, not ${kinds.join(' and ')}`, 'define one receiver per kind and list both in the tier route');
    return undefined;
  }
  if (r.webhook) {
    const { url, urlFile, credentialsFile } = r.webhook;
    if ((url === undefined) === (urlFile === undefined)) {
      problem([...at, 'webhook'], 'a webhook needs exactly one of url, urlFile');
      return undefined;
    }
    return { name, webhook: { url, urlFile, credentialsFile, sendResolved: r.webhook.sendResolved ?? DEFAULT_SEND_RESOLVED.webhook } };
  }
  if (r.pagerduty) return { name, pagerduty: { routingKeyFile: r.pagerduty.routingKeyFile, sendResolved: r.pagerduty.sendResolved ?? DEFAULT_SEND_RESOLVED.pagerduty } };
  const slack = r.slack as NonNullable<ReceiverConfig['slack']>;
  return { name, slack: { apiUrlFile: slack.apiUrlFile, channel: slack.channel, sendResolved: slack.sendResolved ?? DEFAULT_SEND_RESOLVED.slack } };
}

function checkReceiverName(name: string, known: string[], at: Array<string | number>, problem: AddProblem): void {
  if (known.includes(name)) return;
  const guess = closest(name, known);
  problem(at, `no receiver '${name}'`, guess ? `did you mean '${guess}'?` : `receivers: ${known.join(', ') || 'none'} (define it under alertmanager.receivers)`);
}

function buildTierRoute(tier: Tier, r: TierRouteConfig, at: Array<string | number>, known: string[], problem: AddProblem): TierRoute {
  r.receivers.forEach((name, i) => checkReceiverName(name, known, [...at, 'receivers', i], problem));
  (r.matchers ?? []).forEach((m, i) => {
    if (!MATCHER.test(m)) problem([...at, 'matchers', i], `'${m}' is not an Alertmanager matcher`, `write label="value", label!="value", label=~"regex" or label!~"regex"`);
  });
  const duration = (field: 'groupWait' | 'groupInterval' | 'repeatInterval'): number => {
    try {
      return parseDuration(r[field] ?? DEFAULT_TIMING[tier.name][field]);
    } catch (err) {
      problem([...at, field], err instanceof Error ? err.message : String(err));
      return 0;
    }
  };
  return {
    tier,
    receivers: r.receivers,
    matchers: r.matchers ?? [],
    groupWait: duration('groupWait'),
    groupInterval: duration('groupInterval'),
    repeatInterval: duration('repeatInterval'),
  };
}

export function buildRouting(config: AlertmanagerConfig | undefined, tiers: Record<TierName, Tier>, problem: AddProblem): Routing {
  const receiverConfigs = config?.receivers ?? DEFAULT_ALERTMANAGER.receivers;
  const receivers = Object.keys(receiverConfigs)
    .sort()
    .map((name) => buildReceiver(name, receiverConfigs[name] as ReceiverConfig, ['alertmanager', 'receivers', name], problem))
    .filter((r): r is Receiver => r !== undefined);
  const known = Object.keys(receiverConfigs).sort();
  const routes = TIER_NAMES.map((name) => {
    const given = config?.routes?.[name];
    // A default route names default receivers; when those were replaced, say which route to set.
    const report: AddProblem = given ? problem : (_segments, message) => problem(['alertmanager', 'routes'], `the default ${name} route: ${message}`, `set alertmanager.routes.${name}.receivers`);
    return buildTierRoute(tiers[name], given ?? (DEFAULT_ALERTMANAGER.routes[name] as TierRouteConfig), ['alertmanager', 'routes', name], known, report);
  });
  const medium = routes.find((r) => r.tier.name === 'medium') as TierRoute;
  const defaultReceiver = config?.defaultReceiver ?? (medium.receivers[0] as string);
  if (config?.defaultReceiver) checkReceiverName(defaultReceiver, known, ['alertmanager', 'defaultReceiver'], problem);
  return { receivers, routes, defaultReceiver, groupBy: config?.groupBy ?? DEFAULT_GROUP_BY };
}

/** A tier that promises a restart must route to a webhook that can do it; otherwise the promise is false. */
export function checkRestartHooks(routing: Routing, problem: AddProblem): void {
  const webhooks = new Set(routing.receivers.filter((r) => r.webhook).map((r) => r.name));
  for (const route of routing.routes) {
    if (route.tier.action !== 'auto-restart' || route.receivers.some((name) => webhooks.has(name))) continue;
    const name = route.tier.name;
    problem(['tiers', name, 'action'], `is 'auto-restart', but alertmanager.routes.${name} sends to no webhook that could restart anything`, `define a webhook receiver (alertmanager.receivers.restart-hook: { webhook: { url: ... } }) and list it in alertmanager.routes.${name}.receivers, or set the action to 'page'`);
  }
}
