// promtool check metrics' naming lints, applied to the metric definitions memgen knows (the catalog or the
// `--metrics` file), not to live data.
import type { MetricDefinition } from '../../context.js';
import type { Check, Finding } from '../../types.js';

const UNIT_FIXES: Array<[RegExp, string]> = [
  [/_(ms|milliseconds|msec)(?=_|$)/, 'seconds'],
  [/_(us|microseconds|ns|nanoseconds|minutes|hours|days)(?=_|$)/, 'seconds'],
  [/_(kb|mb|gb|kib|mib|gib|kilobytes|megabytes|gigabytes)(?=_|$)/, 'bytes'],
  [/_percent(age)?(?=_|$)/, 'ratio'],
];
const TYPE_WORDS = /(^|_)(counter|gauge|histogram|summary)(_|$)/;

export function namingProblems(m: MetricDefinition): string[] {
  const out: string[] = [];
  if (m.type === 'counter' && !m.name.endsWith('_total')) out.push(`counter ${m.name} should end in _total; rename it to ${m.name}_total`);
  if (m.type !== 'counter' && m.name.endsWith('_total')) out.push(`${m.name} is a ${m.type}, but _total marks counters; drop the suffix (e.g. ${m.name.replace(/_total$/, '')})`);
  if (m.type !== 'histogram' && m.type !== 'summary' && /_(count|sum|bucket)$/.test(m.name)) out.push(`${m.name} is a ${m.type}; _count, _sum and _bucket are reserved for histograms and summaries`);
  for (const [pattern, unit] of UNIT_FIXES) {
    const found = pattern.exec(m.name);
    if (found) out.push(`${m.name} uses the unit '${found[1]}'; Prometheus metrics use base units, so expose ${unit} (e.g. ${m.name.replace(pattern, `_${unit}`)})`);
  }
  if (TYPE_WORDS.test(m.name)) out.push(`${m.name} has its type in the name; the type is metadata, so drop it`);
  if (/[A-Z]/.test(m.name)) out.push(`${m.name} should be snake_case`);
  return out;
}

export const metricNaming: Check = {
  id: 'metrics/naming',
  severity: 'warning',
  summary: 'Metric definitions that break Prometheus naming conventions (as `promtool check metrics` does).',
  docs: {
    why: 'Names carry meaning that queries and linters rely on: `_total` marks a counter, base units (seconds, bytes) keep thresholds and dashboards consistent, and a type word in the name goes stale. This check reads metric definitions (the catalog, or `--metrics`), not rules.',
    bad: '# --metrics file\n# TYPE gc_duration_ms histogram',
    good: '# --metrics file\n# TYPE gc_duration_seconds histogram',
  },
  all(_rules, _files, ctx) {
    return [...ctx.types.values()]
      .filter((m) => !m.lintDisable?.includes('metrics/naming'))
      .flatMap((m) => namingProblems(m).map((message): Finding => ({ message, metric: { name: m.name, file: m.file, line: m.line } })));
  },
};
