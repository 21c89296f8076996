import { mayHaveLabel, outputLabels, type LabelSet } from '../../../promql/labels.js';
import type { Check, Finding } from '../../types.js';
import { templates } from '../helpers.js';

// `$labels.x`, `.Labels.x`, `index $labels "x"`.
const LABEL_REFERENCE = /\$labels\.([A-Za-z_][A-Za-z0-9_]*)|\.Labels\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\$labels\s+"([^"]+)"/g;

export const missingLabel: Check = {
  id: 'template/missing-label',
  severity: 'warning',
  alertsOnly: true,
  summary: "A template uses `$labels.X` but the expression's aggregations or joins remove X.",
  docs: {
    why: '`sum by (job) (...)` keeps only `job`; `on (instance)` keeps only `instance`. A template that reads another label renders it empty, so the message says "on  " and routing or silences that match on it miss.',
    bad: '- alert: HighMemory\n  expr: sum by (job) (process_rss_bytes) > 943718400\n  annotations:\n    summary: "{{ $labels.instance }} uses too much memory"',
    good: '- alert: HighMemory\n  expr: sum by (job, instance) (process_rss_bytes) > 943718400\n  annotations:\n    summary: "{{ $labels.instance }} uses too much memory"',
  },
  rule(r) {
    if (!r.parsed.ast || r.typeErrors > 0) return [];
    const out: Finding[] = [];
    let available: LabelSet | undefined;
    for (const { kind, key, value } of templates(r)) {
      if (!value.includes('abels')) continue;
      for (const m of value.matchAll(LABEL_REFERENCE)) {
        const label = (m[1] ?? m[2] ?? m[3]) as string;
        available ??= outputLabels(r.parsed.ast);
        if (Object.hasOwn(r.rule.labels ?? {}, label) || mayHaveLabel(available, label)) continue;
        const start = (m.index ?? 0) + m[0].lastIndexOf(label);
        out.push({
          message: `${kind}.${key} uses the label '${label}', but the expression's result cannot carry it (an aggregation or vector matching drops it), so it renders empty; keep it with by (..., ${label}) or on (..., ${label}), or remove it from the template`,
          field: `${kind}.${key}`,
          span: [start, start + label.length],
        });
      }
    }
    return out;
  },
};
