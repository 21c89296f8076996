// The structural checks `promtool check rules` makes on a rule file before it looks at any expression.
import { ruleName, type Check, type LintGroup } from '../types.js';

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function validDuration(d: string): boolean {
  return d !== '' && DURATION.test(d);
}

type Found = ReturnType<Check['run']>[number];

function checkGroup(g: LintGroup, index: number, seen: Map<string, number>): Found[] {
  const out: Found[] = [];
  if (!g.name) out.push({ message: `group ${index + 1} has no name`, field: 'name' });
  else if (seen.has(g.name)) out.push({ message: `group name '${g.name}' is repeated; group names must be unique in a file`, group: g.name, field: 'name' });
  else seen.set(g.name, index);
  if (g.interval !== undefined && !validDuration(String(g.interval))) {
    out.push({ message: `invalid interval '${g.interval}'`, group: g.name, field: 'interval' });
  }
  if (!Array.isArray(g.rules) || g.rules.length === 0) return out;
  g.rules.forEach((r, i) => {
    const name = ruleName(r);
    const at = { group: g.name, name };
    if (r.alert !== undefined && r.record !== undefined) out.push({ ...at, message: "a rule has both 'alert' and 'record'; give exactly one", field: 'alert' });
    if (r.alert === undefined && r.record === undefined) out.push({ group: g.name, name: `#${i + 1}`, message: "a rule needs one of 'alert' or 'record'", field: 'alert' });
    if (r.record !== undefined) {
      if (!METRIC_NAME.test(r.record)) out.push({ ...at, message: `invalid recording rule name '${r.record}'`, field: 'record' });
      if (r.for !== undefined) out.push({ ...at, message: "'for' is only valid on alerting rules", field: 'for' });
      if (r.annotations !== undefined) out.push({ ...at, message: "'annotations' are only valid on alerting rules", field: 'annotations' });
    }
    if (r.alert !== undefined && String(r.alert).trim() === '') out.push({ ...at, message: 'empty alert name', field: 'alert' });
    if (r.expr === undefined || String(r.expr).trim() === '') out.push({ ...at, message: "'expr' is missing or empty", field: 'expr' });
    for (const f of ['for', 'keep_firing_for'] as const) {
      if (r[f] !== undefined && !validDuration(String(r[f]))) out.push({ ...at, message: `invalid duration '${r[f]}' in '${f}'`, field: f });
    }
    for (const kind of ['labels', 'annotations'] as const) {
      for (const key of Object.keys(r[kind] ?? {})) {
        if (!LABEL_NAME.test(key)) out.push({ ...at, message: `invalid ${kind === 'labels' ? 'label' : 'annotation'} name '${key}'`, field: `${kind}.${key}` });
        else if (kind === 'labels' && key.startsWith('__')) out.push({ ...at, message: `label name '${key}' is reserved (names starting with __ are Prometheus's own)`, field: `labels.${key}` });
      }
    }
  });
  return out;
}

export const ruleStructure: Check = {
  id: 'rules/structure',
  severity: 'error',
  summary: 'Rule-file structure promtool rejects: duplicate group names, alert/record, durations, label names.',
  run(groups) {
    const seen = new Map<string, number>();
    return groups.flatMap((g, i) => checkGroup(g, i, seen));
  },
};
