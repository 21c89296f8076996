// The JSON Schema editors read (shipped as dist/memgen.config.schema.json, written by scripts/bundle.mjs): a
// whole config, or the short YAML form that names a preset and its options (`preset: fastapi`).
import { presets } from '../../presets/index.js';
import { configSchema } from '../config/schema.js';

export const PUBLISHED_SCHEMA_FILE = 'memgen.config.schema.json';

export function presetFormSchema(): Record<string, unknown> {
  return {
    type: 'object',
    description: 'A preset with its options',
    properties: {
      preset: { enum: Object.keys(presets).sort(), description: 'Name of a memgen preset' },
      options: { type: 'object', description: "The preset's options, as its function takes them" },
    },
    required: ['preset'],
    additionalProperties: false,
  };
}

export function publishedSchema(): Record<string, unknown> {
  const { $schema, $id, title, ...config } = configSchema;
  return { $schema, $id, title, anyOf: [config, presetFormSchema()] };
}
