// The linter as a library, `import { ... } from 'memgen/lint'` (docs/linting.md): load rule files, lint them
// with the checks `memgen lint` runs, lint a dashboard's JSON, and print the problems in any report format.
export { lintFiles, ruleRefs, sortProblems, type EngineOptions, type SeverityOverride } from './engine.js';
export { LintContext, type LintOptions, type MetricDefinition, type MetricType } from './context.js';
export { loadLintInputs, type LintInputs, type LoadOptions, type PrometheusVersion } from './sources/load.js';
export { lintDashboard, DASHBOARD_CHECKS, type DashboardLintOptions } from './dashboard/index.js';
export { CHECKS } from './checks/index.js';
export { report, FORMATS, type ReportFormat } from './reporters/index.js';
export type { Problem, Severity } from '../problem.js';
