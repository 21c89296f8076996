// Presets by name, for `memgen build --preset NAME`. A preset is a function of options returning a config;
// each checks its options against its own JSON Schema.
import type { MemgenConfig } from '../src/dsl/types.js';
import { fastapi } from './fastapi.js';
import { go } from './go.js';
import { jvm } from './jvm.js';
import { node } from './node.js';
import { python } from './python.js';

type Preset = (options?: Record<string, unknown>) => MemgenConfig;

export const presets: Record<string, Preset> = {
  fastapi: fastapi as Preset,
  python: python as Preset,
  node: node as Preset,
  go: go as Preset,
  jvm: jvm as Preset,
};

