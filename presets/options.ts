// Preset options are user input like a config: each preset has a JSON Schema of its options, checked with ajv
// and reported as configs are (path, did-you-mean, exit 2). ajv is loaded only when options are given, so
// `memgen build --preset NAME` starts without it (test/bundle.test.ts).
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { ConfigError } from '../src/config/errors.js';
import { alertmanager, byteSize, duration, hostPort, list, str, stringMap, threshold, type JsonSchema } from '../src/config/schema.js';
import { COUNT_LIMITS } from '../src/config/limits.js';
import { addMemgenKeywords, schemaProblems } from '../src/config/schema-errors.js';
import type { AlertConfig } from '../src/dsl/types.js';
import { overrideFields, type CommonOptions } from './shared.js';

const METRIC_NAME: JsonSchema = { type: 'string', pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$', maxLength: 200, description: 'A Prometheus metric name' };
const PERCENT: JsonSchema = { type: 'string', pattern: '^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]{1,6})?)%$', description: "A percentage, e.g. '5%'" };

/** The fields `alerts.<name>` takes for this alert, as overrideFields lists them. */
function overrideSchema(alert: AlertConfig): JsonSchema {
  const schemas: Record<string, JsonSchema> = {
    above: alert.kind === 'correlation' ? { type: 'string', maxLength: 40, description: "'80%' or '800MiB'" } : threshold,
    errorRatio: PERCENT,
    window: duration('window'),
    horizon: duration('horizon'),
    for: duration('for'),
    tier: { enum: ['critical', 'high', 'medium'] },
    enabled: { type: 'boolean', description: 'false leaves the alert out' },
  };
  const properties = Object.fromEntries(overrideFields(alert).map((f) => [f, schemas[f] as JsonSchema]));
  return { type: 'object', additionalProperties: false, properties };
}

/** The properties of CommonOptions for a preset with these metric keys and (all its) alerts. */
export function commonOptionProperties(metrics: readonly string[], alerts: AlertConfig[]): Record<keyof CommonOptions<string, string>, JsonSchema> {
  return {
    service: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63, description: 'Service name (a DNS label)' },
    job: str('Prometheus job name'),
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    path: { type: 'string', pattern: '^/', description: 'Metrics path, e.g. /metrics' },
    scrapeInterval: duration('scrapeInterval'),
    evaluationInterval: duration('evaluationInterval'),
    memoryLimit: byteSize,
    namespace: str('Kubernetes namespace'),
    kubernetesLabels: stringMap('Labels put on generated manifests'),
    alertmanager,
    targets: list(hostPort, COUNT_LIMITS.targets, { minItems: 1 }),
    runbookBaseUrl: str('Base URL of runbook pages'),
    metrics: { type: 'object', additionalProperties: false, properties: Object.fromEntries(metrics.map((m) => [m, METRIC_NAME])) },
    alerts: { type: 'object', additionalProperties: false, properties: Object.fromEntries(alerts.map((a) => [a.name, overrideSchema(a)])) },
    correlation: { type: 'boolean', description: 'false leaves the correlation alerts out' },
  };
}

/** An options object schema: every key known, none required. */
export function optionsSchema(preset: string, properties: Record<string, JsonSchema>): JsonSchema {
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: `options of the ${preset} preset`, type: 'object', properties, additionalProperties: false };
}

const compiled = new Map<string, ValidateFunction>();

function validatorOf(preset: string, schema: () => JsonSchema): ValidateFunction {
  let validate = compiled.get(preset);
  if (!validate) {
    // Loaded here, synchronously, since a preset is a plain function a config calls.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    addMemgenKeywords(ajv);
    validate = ajv.compile(schema());
    compiled.set(preset, validate);
  }
  return validate;
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).length === 0;
}

/**
 * Throws a ConfigError naming every problem of `options` (paths start with the preset's name, e.g.
 * `fastapi.alerts.RapidMemoryGrowth.abvoe`); options left out are fine.
 */
export function checkPresetOptions(preset: string, schema: () => JsonSchema, options: unknown): void {
  // No options, or `{}` (a preset's default): nothing to check, since an options schema requires no key, and a
  // preset build then loads no ajv and compiles no schema.
  if (options === undefined || isEmptyObject(options)) return;
  const validate = validatorOf(preset, schema);
  if (validate(options)) return;
  throw new ConfigError(schemaProblems(validate.errors ?? [], undefined, [preset]));
}
