import type { Check, Finding, RuleRef } from '../../types.js';

/** The rule's labels in a canonical form: sorted names, quoted so no two label sets share a key. */
function labelsKey(r: RuleRef): string {
  const labels = r.rule.labels;
  if (!labels) return '';
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${JSON.stringify(name)}:${JSON.stringify(labels[name])},`;
  return key;
}

/** The expression without layout, so `sum(x)` and `sum ( x )` compare equal. */
function normalised(expr: string): string {
  return expr.replace(/\s*([(){}[\],=~!<>+\-*/%^])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

/** An earlier rule of the same kind and name; its label key and normalised expression are worked out when needed. */
interface Seen {
  rule: RuleRef;
  labels?: string;
  normalised?: string;
}

function where(r: RuleRef): string {
  return `${r.file.path}, group '${r.group.name}'`;
}

export const duplicateRule: Check = {
  id: 'rules/duplicate',
  severity: 'warning',
  summary: 'The same alert or recording rule (name, expression, labels) defined twice, in any of the files linted.',
  docs: {
    why: 'A duplicated alert notifies twice; a duplicated recording rule writes the same series twice, which Prometheus reports as duplicate samples. A recording rule name recorded twice with the same labels but different expressions makes two rules fight over one series.',
    bad: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)\n- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
    good: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
  },
  all(rules) {
    // Rules are grouped by kind and name; labels and expressions are compared only within a group, which is
    // almost always a single rule, so most rules cost one map lookup.
    const byName = { alert: new Map<string, Seen[]>(), record: new Map<string, Seen[]>() };
    const out: Finding[] = [];
    for (const r of rules) {
      if (!r.kind || !r.name) continue;
      const named = byName[r.kind];
      const earlier = named.get(r.name);
      if (!earlier) {
        named.set(r.name, [{ rule: r }]);
        continue;
      }
      const labels = labelsKey(r);
      const sameSeries = earlier.filter((e) => (e.labels ??= labelsKey(e.rule)) === labels);
      const expr = normalised(r.expr);
      const same = sameSeries.find((e) => e.rule.expr === r.expr || (e.normalised ??= normalised(e.rule.expr)) === expr);
      const at = { file: r.file, groupIndex: r.groupIndex, ruleIndex: r.ruleIndex };
      if (same) out.push({ at, field: r.kind, message: `${r.kind === 'alert' ? 'alert' : 'recording rule'} '${r.name}' duplicates the one in ${where(same.rule)}; remove one of them` });
      else {
        const clash = r.kind === 'record' ? sameSeries[0] : undefined;
        if (clash) out.push({ at, field: 'record', message: `'${r.name}' is also recorded in ${where(clash.rule)} with the same labels but another expression; both write the same series, so rename one or tell them apart with a label` });
        earlier.push({ rule: r, labels, normalised: expr });
      }
    }
    return out;
  },
};
