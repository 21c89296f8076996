// Every check memgen has, rule-file and dashboard ones, for what lists them all: the docs, `--rule` ids.
import { DASHBOARD_CHECKS } from './dashboard/index.js';
import { CHECKS } from './rules/index.js';
import type { Check } from './types.js';

export const ALL_CHECKS: readonly Check[] = [...CHECKS, ...DASHBOARD_CHECKS];
