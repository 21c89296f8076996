// `--metrics FILE`: metric types for the linter, from either
//   - a Prometheus exposition (a scrape of /metrics saved to a file): its `# TYPE name type` lines, and the
//     `le` values of histogram `_bucket` samples (histogram_quantile() never exceeds the largest), or
//   - a plain list, one `name type` per line (`#` comments and blank lines skipped),
// mixed freely. A type memgen does not know is an error naming the file and line.
import { readFileSync } from 'node:fs';
import { UsageError } from '../../config/errors.js';
import type { MetricDefinition, MetricType } from '../context.js';

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'gaugehistogram', 'unknown', 'info', 'stateset']);
const TYPE_LINE = /^#\s*TYPE\s+(\S+)\s+(\S+)/;
const LIST_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(\S+)\s*$/;
const BUCKET_SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\{.*?\ble="([^"]*)"/;
const SAMPLE_VALUE = /^[+-]?(\d|\.\d|inf|nan)/i;

function normalised(type: string): MetricType {
  if (type === 'gaugehistogram') return 'histogram';
  return type === 'counter' || type === 'gauge' || type === 'histogram' || type === 'summary' ? type : 'untyped';
}

export function readMetricsFile(file: string): MetricDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read the metrics file ${file}`);
  }
  return parseMetricsText(file, text);
}

export function parseMetricsText(file: string, text: string): MetricDefinition[] {
  const out: MetricDefinition[] = [];
  const byName = new Map<string, MetricDefinition>();
  const buckets = new Map<string, Set<number>>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const typeLine = TYPE_LINE.exec(line);
    // `name 12` is a sample of an untyped metric, `name gauge` a list entry.
    const listLine = !typeLine && !line.startsWith('#') ? LIST_LINE.exec(line) : null;
    const declared = typeLine ?? (listLine && !SAMPLE_VALUE.test(listLine[2] as string) ? listLine : null);
    if (declared) {
      const type = (declared[2] as string).toLowerCase();
      if (!TYPES.has(type)) throw new UsageError(`${file}:${i + 1}: unknown metric type '${declared[2]}' for ${declared[1]} (expected counter, gauge, histogram, summary or untyped)`);
      const def: MetricDefinition = { name: declared[1] as string, type: normalised(type), file, line: i + 1 };
      out.push(def);
      if (!byName.has(def.name)) byName.set(def.name, def);
      return;
    }
    const bucket = BUCKET_SAMPLE.exec(line);
    if (bucket) {
      const le = Number((bucket[2] as string).replace(/^\+Inf$/i, 'Infinity'));
      if (!Number.isNaN(le)) buckets.set(bucket[1] as string, (buckets.get(bucket[1] as string) ?? new Set()).add(le));
    }
  });
  for (const [name, les] of buckets) {
    const def = byName.get(name);
    if (def?.type === 'histogram') def.buckets = [...les].sort((a, b) => a - b);
  }
  return out;
}
