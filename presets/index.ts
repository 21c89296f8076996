// Presets by name, for `memgen build --preset NAME`. A preset is a function of options returning a config;
// each checks its options against its JSON Schema (`schema`).
import type { JsonSchema } from '../src/config/schema.js';
import type { MemgenConfig } from '../src/dsl/types.js';
import { fastapi, fastapiOptionsSchema } from './fastapi.js';
import { go, goOptionsSchema } from './go.js';
import { jvm, jvmOptionsSchema } from './jvm.js';
import { node, nodeOptionsSchema } from './node.js';
import { python, pythonOptionsSchema } from './python.js';

type Preset = (options?: Record<string, unknown>) => MemgenConfig;

export const presets: Record<string, Preset> = {
  fastapi: fastapi as Preset,
  python: python as Preset,
  node: node as Preset,
  go: go as Preset,
  jvm: jvm as Preset,
};

/** The JSON Schema of each preset's options. */
export const presetOptionSchemas: Record<string, () => JsonSchema> = {
  fastapi: fastapiOptionsSchema,
  python: pythonOptionsSchema,
  node: nodeOptionsSchema,
  go: goOptionsSchema,
  jvm: jvmOptionsSchema,
};
