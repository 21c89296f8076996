// The linter's public surface: the engine, its context and the checks.
export { lintFiles, ruleRefs, type EngineOptions, type SeverityOverride } from './engine.js';
export { LintContext, type LintOptions, type MetricDefinition } from './context.js';
export { CHECKS } from './rules/index.js';
