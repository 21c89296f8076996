// `--metrics FILE`: metric types from the `# TYPE` lines of a Prometheus exposition (a scrape saved to a
// file, or a hand-written list of `# TYPE name type` lines).
import { readFileSync } from 'node:fs';
import { UsageError } from '../../config/errors.js';
import type { MetricDefinition, MetricType } from '../context.js';

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'gaugehistogram', 'unknown', 'info', 'stateset']);

export function readMetricsFile(file: string): MetricDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the metrics file ${file}`);
  }
  const out: MetricDefinition[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) return;
    const type = (m[2] as string).toLowerCase();
    if (!TYPES.has(type)) throw new UsageError(`${file}:${i + 1}: unknown metric type '${m[2]}'`);
    const normalised: MetricType = type === 'gaugehistogram' ? 'histogram' : type === 'counter' || type === 'gauge' || type === 'histogram' || type === 'summary' ? type : 'untyped';
    out.push({ name: m[1] as string, type: normalised, file, line: i + 1 });
  });
  return out;
}
