// The config schema's validator, compiled ahead of time: scripts/bundle.mjs replaces this module in the shipped
// CLI with ajv's standalone code for configSchema, so loading a config never compiles the schema (ajv's compile
// cost more than the rest of loading a config). From source (the tests) it is undefined and validate.ts
// compiles the schema with the same options.
import type { ValidateFunction } from 'ajv';

export const COMPILED_VALIDATOR: ValidateFunction | undefined = undefined;
