// JSON Schema of the config. `objectOf<T>` makes the compiler check that every object schema lists exactly the
// keys of its TS interface and marks exactly its required keys as required, so types and schema stay one.
import type {
  AlertConfig,
  AlertmanagerConfig,
  PagerDutyReceiverConfig,
  ReceiverConfig,
  RulerConfig,
  ServiceAlertOverride,
  SlackReceiverConfig,
  TierRouteConfig,
  WebhookReceiverConfig,
  ContainerMatchConfig,
  RequestMetricsConfig,
  DashboardConfig,
  KubernetesConfig,
  KubernetesServiceConfig,
  MemgenConfig,
  MetricConfig,
  PanelConfig,
  PanelTarget,
  PrometheusConfig,
  RunbooksConfig,
  ServiceConfig,
  ShapeAcceptance,
  TierConfig,
} from '../dsl/types.js';
import { COUNT_LIMITS, NAME_MAX_LENGTH, TEXT_MAX_LENGTH, type DurationKind } from './limits.js';

export type JsonSchema = Record<string, unknown>;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

export function objectOf<T>(
  properties: { [K in keyof Required<T>]: JsonSchema },
  required: Array<RequiredKeys<T>>,
  description?: string,
): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: required as string[],
    additionalProperties: false,
  };
}

export const str = (description?: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: TEXT_MAX_LENGTH, ...(description ? { description } : {}) });
export const list = (items: JsonSchema, max: number, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, maxItems: max, ...extra });
// Keys that would reach Object.prototype if a config object were ever merged naively.
const NOT_PROTOTYPE_KEY = '^(?!(__proto__|constructor|prototype)$)';
export const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string', maxLength: TEXT_MAX_LENGTH },
  propertyNames: { pattern: NOT_PROTOTYPE_KEY, maxLength: NAME_MAX_LENGTH },
  maxProperties: COUNT_LIMITS.labels,
});
const LABEL_NAME = '^[a-zA-Z_][a-zA-Z0-9_]*$';
// Label names starting with __ are reserved for Prometheus's own use.
const USER_LABEL_NAME = '^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$';
const labelMap = (description: string): JsonSchema => ({
  ...stringMap(description),
  propertyNames: { pattern: USER_LABEL_NAME, maxLength: NAME_MAX_LENGTH },
});

// Units are checked in full by src/dsl/units.ts (with suggestions); the patterns only keep junk out early.
// `durationRange` and `byteRange` are memgen's keywords (validate.ts): the ranges of limits.ts.
export const duration = (kind: DurationKind): JsonSchema => ({
  type: 'string',
  pattern: '^((\\d+)(y|w|d|h|m|s|ms))+$',
  maxLength: 40,
  description: "A Prometheus duration, e.g. '30s', '5m', '1h30m'",
  durationRange: kind,
});
export const byteSize: JsonSchema = { type: 'string', maxLength: 40, description: "A byte size with its unit, e.g. '1000MiB' or '1GB'", byteRange: true };
export const threshold: JsonSchema = {
  type: ['string', 'number'],
  maxLength: 40,
  finite: true,
  description: "A threshold with its unit: '900MiB', '90%', '500ms', '5MiB/min', or a plain number",
};
// What Prometheus's static_configs take: host:port, the host a DNS name, an IPv4 address or a bracketed IPv6 one.
export const hostPort: JsonSchema = {
  type: 'string',
  pattern: '^([A-Za-z0-9]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_-]{1,63})*|\\[[0-9A-Fa-f:.]+\\]):([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])$',
  maxLength: 260,
  description: "host:port, e.g. 'api.shop.svc:8001' or '10.0.0.7:9100'",
};
const name = (pattern: string): JsonSchema => ({ type: 'string', pattern, maxLength: NAME_MAX_LENGTH });

const tier = objectOf<TierConfig>(
  {
    severity: str('Value of the severity label (default: the tier name)'),
    action: { enum: ['auto-restart', 'page', 'investigate'] },
    actionText: str('What responders should do, shown in the action annotation'),
  },
  [],
);

const metric = objectOf<MetricConfig>(
  {
    name: name('^[a-zA-Z_:][a-zA-Z0-9_:]*$'),
    type: { enum: ['counter', 'gauge', 'histogram', 'summary'] },
    unit: { enum: ['bytes', 'seconds', 'milliseconds', 'count'] },
    help: str(),
    labels: { type: 'array', items: { type: 'string', pattern: LABEL_NAME }, uniqueItems: true },
    buckets: list({ type: 'number', finite: true }, COUNT_LIMITS.buckets, { minItems: 1 }),
    lint: { type: 'object', additionalProperties: false, properties: { disable: { type: 'array', items: str('Check id, e.g. metrics/naming') } } },
  },
  ['name', 'type', 'unit'],
);

const kubernetesService = objectOf<KubernetesServiceConfig>(
  {
    namespace: str(),
    selector: stringMap('Labels of the Service to scrape'),
    portName: str(),
  },
  [],
);

const service = objectOf<ServiceConfig>(
  {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    job: str(),
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    path: { type: 'string', pattern: '^/' },
    scrapeInterval: duration('scrapeInterval'),
    memoryLimit: byteSize,
    targets: list(hostPort, COUNT_LIMITS.targets, { minItems: 1 }),
    kubernetes: kubernetesService,
    alerts: {
      type: 'object',
      description: 'Per-service alert changes, keyed by alert name',
      additionalProperties: objectOf<ServiceAlertOverride>(
        { above: threshold, below: threshold, for: duration('for'), tier: { enum: ['critical', 'high', 'medium'] }, enabled: { type: 'boolean' } },
        [],
      ),
    },
    debugEndpoints: list({ type: 'string', pattern: '^/', maxLength: TEXT_MAX_LENGTH }, COUNT_LIMITS.debugEndpoints, { uniqueItems: true }),
    metrics: list({ type: 'string', maxLength: NAME_MAX_LENGTH }, COUNT_LIMITS.alerts, { uniqueItems: true }),
  },
  ['name', 'port'],
);

const alertCommon = {
  name: name(LABEL_NAME),
  tier: { enum: ['critical', 'high', 'medium'] },
  for: duration('for'),
  metric: str('Key of the metric in the catalog'),
  above: threshold,
  below: threshold,
  summary: str(),
  description: str(),
  labels: labelMap('Extra labels on the alert'),
  annotations: labelMap('Extra annotations on the alert'),
  services: { type: 'array', items: str(), minItems: 1 },
  lint: { type: 'object', additionalProperties: false, properties: { disable: { type: 'array', items: str('Check id, e.g. alerts/no-condition') } } },
  warmup: duration('for'),
  accept: {
    type: 'array',
    items: objectOf<ShapeAcceptance>({ shape: str("Shape id of memgen's catalog, e.g. 'healthy/batch-job'"), reason: str('Why this alert may fire on it') }, ['shape', 'reason']),
  },
};

export const ALERT_KINDS = ['value', 'growth', 'slope', 'floorGrowth', 'forecast', 'quantile', 'correlation'];

// One schema per alert kind; `kind` picks it (ajv's discriminator gives one clear error instead of four).
const alert: JsonSchema = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ALERT_KINDS } },
  discriminator: { propertyName: 'kind' },
  oneOf: [
    objectOf<Extract<AlertConfig, { kind: 'value' }>>({ ...alertCommon, kind: { const: 'value' } }, ['kind', 'name', 'tier', 'metric']),
    objectOf<Extract<AlertConfig, { kind: 'growth' }>>({ ...alertCommon, kind: { const: 'growth' }, window: duration('window') }, [
      'kind',
      'name',
      'tier',
      'metric',
      'window',
    ]),
    objectOf<Extract<AlertConfig, { kind: 'slope' }>>({ ...alertCommon, kind: { const: 'slope' }, window: duration('window') }, ['kind', 'name', 'tier', 'metric', 'window']),
    // A floor is a range window too; a warm-up grace is bounded as a `for` is.
    objectOf<Extract<AlertConfig, { kind: 'floorGrowth' }>>({ ...alertCommon, kind: { const: 'floorGrowth' }, window: duration('window'), floor: duration('window') }, [
      'kind',
      'name',
      'tier',
      'metric',
      'window',
    ]),
    objectOf<Extract<AlertConfig, { kind: 'forecast' }>>(
      { ...alertCommon, kind: { const: 'forecast' }, window: duration('window'), horizon: duration('horizon'), floor: duration('window'), minGrowth: byteSize },
      ['kind', 'name', 'tier', 'metric'],
    ),
    objectOf<Extract<AlertConfig, { kind: 'quantile' }>>(
      {
        ...alertCommon,
        kind: { const: 'quantile' },
        quantile: { type: 'number', minimum: 0, maximum: 1 },
        window: duration('window'),
        by: { type: 'array', items: { type: 'string', pattern: LABEL_NAME }, uniqueItems: true },
      },
      ['kind', 'name', 'tier', 'metric', 'quantile', 'window'],
    ),
    objectOf<Extract<AlertConfig, { kind: 'correlation' }>>(
      {
        ...alertCommon,
        kind: { const: 'correlation' },
        pattern: { enum: ['memoryErrors', 'oomKilled', 'limitForecast'] },
        above: { type: 'string', description: "Memory threshold of memoryErrors: '80%' or '800MiB'" },
        errorRatio: { type: 'string', pattern: '^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]{1,6})?)%$', description: "Share of failed requests, from 0% to 100%, e.g. '5%'" },
        window: duration('window'),
        horizon: duration('horizon'),
        requests: objectOf<RequestMetricsConfig>(
          { metric: { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$' }, statusLabel: { type: 'string', pattern: LABEL_NAME }, errorStatus: str('Regex of error statuses') },
          [],
        ),
        kubernetes: objectOf<ContainerMatchConfig>({ container: str(), namespace: str() }, []),
      },
      ['kind', 'name', 'tier', 'pattern'],
    ),
  ],
};

const panelTarget = objectOf<PanelTarget>({ expr: str('PromQL'), legend: { type: 'string' }, instant: { type: 'boolean' } }, ['expr']);

const panel = objectOf<PanelConfig>(
  {
    title: str(),
    description: str(),
    type: { enum: ['timeseries', 'stat', 'table'] },
    unit: { enum: ['bytes', 'decbytes', 'ms', 's', 'short', 'percentunit', 'ops', 'Bps', 'binBps'] },
    targets: list(panelTarget, COUNT_LIMITS.panelTargets, { minItems: 1 }),
    alert: str('Name of the alert whose threshold the panel draws'),
    row: str('Dashboard row the panel sits in'),
    lint: { type: 'object', additionalProperties: false, properties: { disable: { type: 'array', items: str('Check id, e.g. dashboard/panel-units') } } },
  },
  ['title', 'type', 'unit', 'targets'],
);

const prometheus = objectOf<PrometheusConfig>(
  {
    scrapeInterval: duration('scrapeInterval'),
    evaluationInterval: duration('evaluationInterval'),
    alertmanagers: list(hostPort, COUNT_LIMITS.targets),
    externalLabels: labelMap('external_labels of prometheus.yml'),
  },
  [],
);

const kubernetes = objectOf<KubernetesConfig>(
  {
    namespace: str(),
    labels: stringMap('Labels put on generated manifests'),
    ruleName: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$', description: "Name of the PrometheusRule (default 'memgen-memory')" },
  },
  [],
);

const dashboard = objectOf<DashboardConfig>(
  {
    title: str(),
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    tags: { type: 'array', items: str() },
    panels: list(panel, COUNT_LIMITS.panels),
    lint: { type: 'object', additionalProperties: false, properties: { disable: { type: 'array', items: str('Check id, e.g. dashboard/panel-units') } } },
  },
  [],
);

const absolutePath = (description: string): JsonSchema => ({ type: 'string', pattern: '^/', description });
const sendResolved: JsonSchema = { type: 'boolean' };

const receiver = objectOf<ReceiverConfig>(
  {
    webhook: objectOf<WebhookReceiverConfig>(
      {
        url: { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: TEXT_MAX_LENGTH, description: 'Webhook URL without credentials, spaces or line breaks' },
        urlFile: absolutePath('File holding the webhook URL (Alertmanager 0.26+)'),
        credentialsFile: absolutePath('File holding a bearer token'),
        sendResolved,
      },
      [],
    ),
    pagerduty: objectOf<PagerDutyReceiverConfig>(
      { routingKeyFile: absolutePath('File holding the PagerDuty routing key'), sendResolved },
      ['routingKeyFile'],
    ),
    slack: objectOf<SlackReceiverConfig>(
      { apiUrlFile: absolutePath('File holding the Slack webhook URL'), channel: str(), sendResolved },
      ['apiUrlFile', 'channel'],
    ),
  },
  [],
);

const tierRoute = objectOf<TierRouteConfig>(
  {
    receivers: { type: 'array', items: str(), minItems: 1, uniqueItems: true },
    matchers: list(str('An Alertmanager matcher, e.g. team="payments"'), COUNT_LIMITS.matchers),
    groupWait: duration('groupWait'),
    groupInterval: duration('groupInterval'),
    repeatInterval: duration('repeatInterval'),
  },
  ['receivers'],
);

export const alertmanager = objectOf<AlertmanagerConfig>(
  {
    receivers: {
      type: 'object',
      propertyNames: { pattern: '^[a-zA-Z0-9_-]+$', maxLength: NAME_MAX_LENGTH },
      maxProperties: COUNT_LIMITS.receivers,
      additionalProperties: receiver,
    },
    routes: {
      type: 'object',
      properties: { critical: tierRoute, high: tierRoute, medium: tierRoute },
      additionalProperties: false,
    },
    defaultReceiver: str(),
    groupBy: { type: 'array', items: { type: 'string', pattern: LABEL_NAME }, minItems: 1, uniqueItems: true },
  },
  [],
);

const ruler = objectOf<RulerConfig>(
  {
    targets: { type: 'array', items: { enum: ['mimir', 'thanos'] }, uniqueItems: true },
    namespace: { type: 'string', pattern: '^[a-zA-Z0-9_.-]+$' },
  },
  [],
);

const runbooks = objectOf<RunbooksConfig>(
  {
    templates: str('Folder holding runbook.md.hbs'),
    baseUrl: str('Base URL of runbook pages'),
    grafanaUrl: { type: 'string', pattern: '^https?://[^\\s()<>`"\']+$', maxLength: TEXT_MAX_LENGTH, description: 'Grafana address for dashboard links (no spaces, quotes, brackets)' },
  },
  [],
);

export const configSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://memgen.dev/schema/config.json',
  title: 'memgen config',
  ...objectOf<MemgenConfig>(
    {
      runbookBaseUrl: str('Base URL of runbook pages'),
      runbooks,
      prometheus,
      kubernetes,
      tiers: {
        type: 'object',
        properties: { critical: tier, high: tier, medium: tier },
        additionalProperties: false,
      },
      metrics: {
        type: 'object',
        description: 'Metric catalog, keyed by the name alerts use to refer to a metric',
        additionalProperties: metric,
        propertyNames: { pattern: `${NOT_PROTOTYPE_KEY}[A-Za-z_][A-Za-z0-9_]*$` },
        minProperties: 1,
      },
      services: list(service, COUNT_LIMITS.services, { minItems: 1 }),
      alerts: list(alert, COUNT_LIMITS.alerts),
      dashboard,
      alertmanager,
      ruler,
    },
    ['metrics', 'services', 'alerts'],
  ),
};
