import type { Check, Finding } from '../../types.js';
import { templates } from '../helpers.js';
import { recentMemo } from '../../memo.js';
import { checkGoTemplate } from '../../support/gotemplate.js';

const templateProblems = recentMemo(checkGoTemplate);

export const templateSyntax: Check = {
  id: 'template/syntax',
  severity: 'error',
  alertsOnly: true,
  summary: 'A label or annotation of an alert that is not a valid Prometheus (Go) template.',
  docs: {
    why: 'Prometheus expands the labels and annotations of alerts as Go templates (not those of recording rules); `promtool check rules` rejects the file when one does not parse or uses an undefined variable or function (a common slip is `$label` for `$labels`).',
    bad: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  annotations:\n    summary: "{{ $label.instance }} uses too much memory"',
    good: '- alert: HighMemory\n  expr: process_rss_bytes > 943718400\n  annotations:\n    summary: "{{ $labels.instance }} uses too much memory"',
  },
  rule(r) {
    const out: Finding[] = [];
    for (const { kind, key, value } of templates(r)) {
      for (const p of templateProblems(value)) {
        out.push({ message: `template error in ${kind}.${key}: ${p.message}`, field: `${kind}.${key}`, span: [p.from, p.to] });
      }
    }
    return out;
  },
};
