// Grafana's own JSON Schemas (test/fixtures/schemas/grafana, from the Grafana Foundation SDK) as test judges: the
// dashboard model as a whole, then each panel's `options` and `fieldConfig.defaults.custom` against its plugin's
// schema (definitions `Options` and `FieldConfig`), each target against the Prometheus query schema, and each
// unit against Grafana's unit ids. The dashboard schema leaves those parts open, so they are checked one by one.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { FIXTURES } from './memgen.js';

const DIR = path.join(FIXTURES, 'schemas/grafana');
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(DIR, `${name}.jsonschema.json`), 'utf8')) as Record<string, unknown>;

// strict: false because the SDK's schemas use keywords ajv's strict mode rejects; date-time is accepted as is.
const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } });
for (const name of ['dashboard', 'prometheus', 'timeseries', 'stat', 'table']) ajv.addSchema(load(name), name);

function compiled(ref: string): ValidateFunction | undefined {
  return ajv.getSchema(ref) ?? undefined;
}

/** Every unit id Grafana knows: the `const` of each definition in units.jsonschema.json. */
export const GRAFANA_UNITS: ReadonlySet<string> = new Set(
  Object.values((load('units') as { definitions: Record<string, { const?: string }> }).definitions).flatMap((d) => (d.const ? [d.const] : [])),
);

export const PANEL_TYPES = ['timeseries', 'stat', 'table'] as const;

function errorsOf(validate: ValidateFunction, data: unknown, where: string): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

interface PanelLike {
  type: string;
  options?: unknown;
  fieldConfig?: { defaults?: { unit?: string; custom?: unknown } };
  targets?: unknown[];
  panels?: PanelLike[];
}

/** All schema errors of a dashboard, as `path: message`; empty when Grafana's schemas accept it. */
export function grafanaSchemaErrors(dashboard: unknown): string[] {
  const errors = errorsOf(compiled('dashboard') as ValidateFunction, dashboard, 'dashboard');
  const panels = ((dashboard as { panels?: PanelLike[] }).panels ?? []).flatMap((p, i) =>
    p.type === 'row' ? (p.panels ?? []).map((q, j) => ({ p: q, at: `panels[${i}].panels[${j}]` })) : [{ p, at: `panels[${i}]` }],
  );
  for (const { p, at } of panels) {
    const options = compiled(`${p.type}#/definitions/Options`);
    if (!options) {
      errors.push(`${at}: no schema for panel type '${p.type}'`);
      continue;
    }
    errors.push(...errorsOf(options, p.options, `${at}.options`));
    const custom = p.fieldConfig?.defaults?.custom;
    const fieldConfig = compiled(`${p.type}#/definitions/FieldConfig`);
    // The stat panel has no custom field options: its schema defines none, so there must be none.
    if (fieldConfig) errors.push(...errorsOf(fieldConfig, custom ?? {}, `${at}.fieldConfig.defaults.custom`));
    else if (custom !== undefined && Object.keys(custom as object).length > 0) errors.push(`${at}.fieldConfig.defaults.custom: ${p.type} panels have no custom field options`);
    const unit = p.fieldConfig?.defaults?.unit;
    if (unit !== undefined && !GRAFANA_UNITS.has(unit)) errors.push(`${at}.fieldConfig.defaults.unit: '${unit}' is not a Grafana unit id`);
    (p.targets ?? []).forEach((t, j) => errors.push(...errorsOf(compiled('prometheus') as ValidateFunction, t, `${at}.targets[${j}]`)));
  }
  return errors;
}
