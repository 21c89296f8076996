// What users import in memgen.config.ts: `import { defineConfig, presets } from 'memgen'`.
export { defineConfig } from './dsl/define.js';
export type * from './dsl/types.js';
export type { ByteRate, ByteSize, Duration, Percent, ByteUnit, DurationUnit, RateTimeUnit } from './dsl/units.js';
export { fastapi, type FastapiOptions } from '../presets/fastapi.js';
export { python, type PythonOptions } from '../presets/python.js';
export { node, type NodeOptions } from '../presets/node.js';
export { go, type GoOptions } from '../presets/go.js';
export { jvm, type JvmOptions } from '../presets/jvm.js';
export type { AlertOverride, CorrelationOverride } from '../presets/shared.js';
export { presets } from '../presets/index.js';
