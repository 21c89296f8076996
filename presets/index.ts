// Presets by name, for `memgen build --preset NAME`. A preset is a function of options returning a config.
import type { MemgenConfig } from '../src/dsl/types.js';
import { fastapi } from './fastapi.js';

export const presets: Record<string, (options?: Record<string, unknown>) => MemgenConfig> = {
  fastapi: fastapi as (options?: Record<string, unknown>) => MemgenConfig,
};
