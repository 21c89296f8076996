import { mayHaveLabel, outputLabels, type LabelSet } from '../../../promql/labels.js';
import type { Check, Finding } from '../../types.js';
import { templates } from '../helpers.js';

// `$labels.x`, `.Labels.x`, `index $labels "x"`.
const LABEL_REFERENCE = /\$labels\.([A-Za-z_][A-Za-z0-9_]*)|\.Labels\.([A-Za-z_][A-Za-z0-9_]*)|index\s+\$labels\s+"([^"]+)"/g;
const ACTION = /\{\{-?\s*(range|with|if|define|block|end)\b/g;

/**
 * Spans of a template where the dot is not the alert: inside `{{ range ... }}` and `{{ with ... }}` the dot is
 * each query result (`{{ range query "..." }}{{ .Labels.pod }}{{ end }}`), so `.Labels` there is that result's.
 * `$labels` keeps meaning the alert's labels everywhere.
 */
export function reboundDotSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const open: Array<{ rebinds: boolean; at: number }> = [];
  for (const m of text.matchAll(ACTION)) {
    const word = m[1] as string;
    const at = m.index ?? 0;
    if (word !== 'end') open.push({ rebinds: word === 'range' || word === 'with', at });
    else {
      const block = open.pop();
      if (block?.rebinds && !open.some((b) => b.rebinds)) spans.push([block.at, at]);
    }
  }
  const unclosed = open.find((b) => b.rebinds);
  if (unclosed) spans.push([unclosed.at, text.length]);
  return spans;
}

export const missingLabel: Check = {
  id: 'template/missing-label',
  severity: 'warning',
  alertsOnly: true,
  summary: "A template uses `$labels.X` but the expression's aggregations or joins remove X.",
  docs: {
    why: '`sum by (job) (...)` keeps only `job`; `on (instance)` keeps only `instance`. A template that reads another label renders it empty, so the message says "on  " and routing or silences that match on it miss.',
    bad: '- alert: HighMemory\n  expr: sum by (job) (process_rss_bytes) > 943718400\n  annotations:\n    summary: "{{ $labels.instance }} uses too much memory"',
    good: '- alert: HighMemory\n  expr: sum by (job, instance) (process_rss_bytes) > 943718400\n  annotations:\n    summary: "{{ $labels.instance }} uses too much memory"',
    accepts: [
      '`.Labels.x` inside `{{ range query "..." }}` or `{{ with ... }}`: there the dot is each query result, whose labels the alert\'s expression does not decide (`$labels.x` still means the alert\'s labels and is checked).',
      'Labels the rule sets itself under `labels:`.',
    ],
  },
  rule(r) {
    if (!r.parsed.ast || r.typeErrors > 0) return [];
    const out: Finding[] = [];
    let available: LabelSet | undefined;
    for (const { kind, key, value } of templates(r)) {
      if (!value.includes('abels')) continue;
      const rebound = value.includes('{{') ? reboundDotSpans(value) : [];
      for (const m of value.matchAll(LABEL_REFERENCE)) {
        const label = (m[1] ?? m[2] ?? m[3]) as string;
        const at = m.index ?? 0;
        if (m[2] !== undefined && rebound.some(([from, to]) => from <= at && at < to)) continue;
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
