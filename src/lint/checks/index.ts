// Every check, in the order they run. Add a check: one module under checks/<category>/, listed here, with a
// docs page (npm run docs:checks writes docs/checks/) and cases in test/lint/checks/. A check that reads only the
// expression implements `expr` (run once per distinct expression); one that reads the rule's other fields
// implements `rule`; one that compares rules implements `all`. `alertsOnly` skips recording rules.
import type { Check } from '../types.js';
import { absentWithoutFor } from './alerts/absent-without-for.js';
import { noCondition } from './alerts/no-condition.js';
import { alertTopk } from './alerts/topk.js';
import { leDropped } from './histogram/le-dropped.js';
import { quantileInput } from './histogram/quantile-input.js';
import { quantileRange } from './histogram/quantile-range.js';
import { metricNaming } from './metrics/naming.js';
import { experimentalFeature } from './promql/experimental.js';
import { derivOnCounter } from './promql/deriv-on-counter.js';
import { rangeTooShort } from './promql/range-too-short.js';
import { rateOfAggregation } from './promql/rate-of-aggregation.js';
import { rateOnGauge } from './promql/rate-on-gauge.js';
import { impossibleComparison } from './promql/impossible-comparison.js';
import { joinNeverMatches } from './promql/join-never-matches.js';
import { ruleResult } from './promql/rule-result.js';
import { promqlSyntax } from './promql/syntax.js';
import { promqlTypes } from './promql/types.js';
import { duplicateRule } from './rules/duplicate.js';
import { ruleStructure } from './rules/structure.js';
import { invalidRegex } from './selectors/invalid-regex.js';
import { selectorNeverMatches } from './selectors/never-matches.js';
import { redundantRegex } from './selectors/redundant-regex.js';
import { regexInEquality } from './selectors/regex-in-equality.js';
import { requiredAnnotations } from './style/annotations.js';
import { alertName } from './style/alert-name.js';
import { severityInAnnotations } from './style/severity-in-annotations.js';
import { severityLabel } from './style/severity-label.js';
import { missingLabel } from './template/missing-label.js';
import { templateSyntax } from './template/syntax.js';
import { valueInLabels } from './template/value-in-labels.js';

export const CHECKS: readonly Check[] = [
  ruleStructure, promqlSyntax, promqlTypes, ruleResult, experimentalFeature,
  rateOnGauge, derivOnCounter, rangeTooShort, rateOfAggregation,
  quantileRange, quantileInput, leDropped,
  invalidRegex, regexInEquality, redundantRegex,
  selectorNeverMatches, joinNeverMatches, impossibleComparison,
  noCondition, alertTopk, absentWithoutFor,
  templateSyntax, valueInLabels, missingLabel,
  duplicateRule,
  alertName, severityLabel, severityInAnnotations, requiredAnnotations,
  metricNaming,
];
