// What users import in memgen.config.ts: `import { defineConfig, presets } from 'memgen'`.
export { defineConfig } from './define.js';
export type * from './types.js';
export type { ByteRate, ByteSize, Duration, Percent, ByteUnit, DurationUnit, RateTimeUnit } from './units.js';
export { fastapi, type FastapiOptions } from '../../presets/fastapi.js';
export { presets } from '../../presets/index.js';
