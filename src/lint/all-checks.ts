// Every check memgen has, rule-file and dashboard ones, for what lists them all: the docs, `--check` ids.
import { DASHBOARD_CHECKS } from './dashboard/index.js';
import { CHECKS } from './checks/index.js';
import type { Check } from './types.js';

export const ALL_CHECKS: readonly Check[] = [...CHECKS, ...DASHBOARD_CHECKS];
