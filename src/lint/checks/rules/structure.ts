// The structural checks `promtool check rules` makes on a rule file before it looks at any expression.
import { parseDuration } from '../../../promql/duration.js';
import type { Check, Finding, LintFile, LintRule } from '../../types.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function validDuration(d: unknown): boolean {
  return parseDuration(String(d)) !== undefined;
}

function checkFile(file: LintFile): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  file.groups.forEach((g, groupIndex) => {
    const inGroup = { file, groupIndex };
    if (!g.name) out.push({ at: inGroup, field: 'name', message: `group ${groupIndex + 1} has no name; give every group a unique name` });
    else if (seen.has(g.name)) out.push({ at: inGroup, field: 'name', message: `group name '${g.name}' is repeated; group names must be unique in a file` });
    else seen.add(g.name);
    if (g.interval !== undefined && !validDuration(g.interval)) out.push({ at: inGroup, field: 'interval', message: `invalid interval '${g.interval}'; use a duration such as 1m` });
    for (const key of g.extraFields ?? []) out.push({ at: inGroup, field: key, message: `field '${key}' is not valid in a rule group (promtool rejects it unless --ignore-unknown-fields); remove it` });
    if (!Array.isArray(g.rules)) return;
    const found: Array<[string, string]> = [];
    for (let ruleIndex = 0; ruleIndex < g.rules.length; ruleIndex++) {
      found.length = 0;
      addRuleProblems(g.rules[ruleIndex] as LintRule, found);
      for (const [field, message] of found) out.push({ at: { file, groupIndex, ruleIndex }, field, message });
    }
  });
  return out;
}

/** Adds one rule's structural problems to `out` as [field, message] pairs. */
function addRuleProblems(r: LintRule, out: Array<[string, string]>): void {
  for (const key of r.extraFields ?? []) out.push([key, `field '${key}' is not valid in a rule; remove it`]);
  if (r.alert !== undefined && r.record !== undefined) out.push(['alert', "a rule has both 'alert' and 'record'; give exactly one"]);
  if (r.alert === undefined && r.record === undefined) out.push(['expr', "a rule needs one of 'alert' or 'record'"]);
  if (r.record !== undefined) {
    if (!METRIC_NAME.test(String(r.record))) out.push(['record', `invalid recording rule name '${r.record}'; use letters, digits, '_' and ':'`]);
    if (r.for !== undefined) out.push(['for', "'for' is only valid on alerting rules; remove it"]);
    if (r.keep_firing_for !== undefined) out.push(['keep_firing_for', "'keep_firing_for' is only valid on alerting rules; remove it"]);
    if (r.annotations !== undefined) out.push(['annotations', "'annotations' are only valid on alerting rules; remove them"]);
  }
  if (r.alert !== undefined && String(r.alert).trim() === '') out.push(['alert', 'empty alert name']);
  if (r.expr === undefined || String(r.expr).trim() === '') out.push(['expr', "'expr' is missing or empty"]);
  if (r.for !== undefined && !validDuration(r.for)) out.push(['for', `invalid duration '${r.for}' in 'for'; use a duration such as 5m`]);
  if (r.keep_firing_for !== undefined && !validDuration(r.keep_firing_for)) out.push(['keep_firing_for', `invalid duration '${r.keep_firing_for}' in 'keep_firing_for'; use a duration such as 5m`]);
  for (const key in r.labels) {
    if (!LABEL_NAME.test(key)) out.push([`labels.${key}`, `invalid label name '${key}'`]);
    else if (key.startsWith('__')) out.push([`labels.${key}`, `label name '${key}' is reserved (names starting with __ are Prometheus's own)`]);
  }
  for (const key in r.annotations) {
    if (!LABEL_NAME.test(key)) out.push([`annotations.${key}`, `invalid annotation name '${key}'`]);
  }
}

export const ruleStructure: Check = {
  id: 'rules/structure',
  severity: 'error',
  summary: 'Rule-file structure promtool rejects: duplicate group names, alert/record, durations, label names.',
  docs: {
    why: 'Prometheus refuses to load a rule file with structural errors, so none of its rules run. These are the checks `promtool check rules` makes before it looks at expressions.',
    bad: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)\n  for: 5m',
    good: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
  },
  all(_rules, files) {
    return files.flatMap(checkFile);
  },
};
