import type { Check, Finding, PreparedRule } from '../../types.js';

function labelsKey(r: PreparedRule): string {
  return JSON.stringify(Object.entries(r.rule.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function where(r: PreparedRule): string {
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
    const first = new Map<string, PreparedRule>();
    const out: Finding[] = [];
    for (const r of rules) {
      if (!r.kind || !r.name) continue;
      const expr = r.parsed.text.replace(/\s*([(){}[\],=~!<>+\-*/%^])\s*/g, '$1').replace(/\s+/g, ' ').trim();
      const exact = `${r.kind}\0${r.name}\0${labelsKey(r)}\0${expr}`;
      const series = `${r.kind}\0${r.name}\0${labelsKey(r)}`;
      const at = { file: r.file, groupIndex: r.groupIndex, ruleIndex: r.ruleIndex };
      const same = first.get(exact);
      const clash = r.kind === 'record' ? first.get(series) : undefined;
      if (same) out.push({ at, field: r.kind, message: `${r.kind === 'alert' ? 'alert' : 'recording rule'} '${r.name}' duplicates the one in ${where(same)}; remove one of them` });
      else if (clash) out.push({ at, field: 'record', message: `'${r.name}' is also recorded in ${where(clash)} with the same labels but another expression; both write the same series, so rename one or tell them apart with a label` });
      if (!first.has(exact)) first.set(exact, r);
      if (!first.has(series)) first.set(series, r);
    }
    return out;
  },
};
