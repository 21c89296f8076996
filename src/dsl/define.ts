import type { MemgenConfig } from './types.js';

/** Identity function that gives a config file full type checking and editor completion. */
export function defineConfig(config: MemgenConfig): MemgenConfig {
  return config;
}
