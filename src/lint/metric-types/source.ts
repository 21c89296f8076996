// Where metric types come from. The linter asks an ordered list of sources (the catalog and --metrics files,
// then a live Prometheus's metadata when one is given, then the shipped table of well-known exporters) and
// takes the first answer; only when none knows the metric does it fall back to a guess from the name.
// A new source (the live client's `/api/v1/metadata`, a file format) implements MetricTypeSource and is
// passed in LintOptions.typeSources; no check changes.
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface TypeFact {
  type: MetricType;
  /** Named in findings: 'catalog', 'metrics file m.txt:12', 'Prometheus metadata', 'node_exporter (...)'. */
  source: string;
}

export interface MetricTypeSource {
  /** The type of a metric family or series name, as this source states it; undefined when it does not know. */
  typeOf(name: string): TypeFact | undefined;
}

// Series a histogram or summary family exposes besides its own name, and the counter family's `_total`
// (OpenMetrics and the metadata API name the family without it).
const SUB_SERIES = ['_bucket', '_count', '_sum', '_total', '_created'] as const;

/**
 * What one source says about a series name: its own entry, or the family it belongs to (`x_bucket` of the
 * histogram `x` is a counter). Undefined when the source does not know, so the next source is asked.
 */
export function resolveType(source: MetricTypeSource, name: string): TypeFact | undefined {
  const direct = source.typeOf(name);
  if (direct) return direct;
  for (const suffix of SUB_SERIES) {
    if (!name.endsWith(suffix)) continue;
    const family = source.typeOf(name.slice(0, -suffix.length));
    if (!family) continue;
    if (suffix === '_total') return family.type === 'counter' ? family : undefined;
    if (suffix === '_created') return { type: 'gauge', source: family.source };
    if (family.type === 'histogram' || (family.type === 'summary' && suffix !== '_bucket')) return { type: 'counter', source: family.source };
  }
  return undefined;
}

/** A source over a list of definitions (catalog entries, --metrics lines), each naming where it was read. */
export function definitionsSource(defs: ReadonlyArray<{ name: string; type: MetricType; file?: string; line?: number }>, label: string): MetricTypeSource {
  const byName = new Map<string, TypeFact>();
  for (const d of defs) {
    if (byName.has(d.name)) continue;
    const where = label === 'catalog' || !d.file ? label : `${label} ${d.file}${d.line ? `:${d.line}` : ''}`;
    byName.set(d.name, { type: d.type, source: where });
  }
  return { typeOf: (name) => byName.get(name) };
}
