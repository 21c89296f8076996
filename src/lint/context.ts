// What checks know besides the rules themselves: metric types (catalog, `# TYPE` lines, naming), scrape
// intervals (catalog, prometheus.yml, --scrape-interval), recording rules of all files, allowed severities.
import { unwrap, type Expr, type ExprOf } from '../promql/ast.js';
import { ExpressionAnalyser } from './analysis.js';
import type { RuleRef } from './types.js';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  /** Where it is defined: a --metrics file line, or the model's catalog key. */
  file?: string;
  line?: number;
  catalogKey?: string;
  /** Checks the catalog accepts this metric for. */
  lintDisable?: readonly string[];
}

export interface LintOptions {
  /** Known metric definitions and where their types come from ('catalog' or 'metrics file'). */
  metrics?: readonly MetricDefinition[];
  metricSource?: string;
  /** Seconds: the global scrape interval, and per-job ones. */
  scrapeInterval?: number;
  jobIntervals?: ReadonlyMap<string, number>;
  /** Values the `severity` label may take. */
  severities?: readonly string[];
}

export const DEFAULT_SEVERITIES = ['critical', 'high', 'medium', 'warning', 'info'];

export interface MetricKind {
  type: MetricType | 'unknown';
  /** 'catalog', 'metrics file', 'naming convention'. */
  source: string;
}

const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];

export class LintContext {
  readonly types = new Map<string, MetricDefinition>();
  readonly expressions = new ExpressionAnalyser();
  private rules: readonly RuleRef[] = [];
  private recordIndex?: Map<string, RuleRef[]>;
  readonly severities: readonly string[];

  constructor(readonly options: LintOptions = {}) {
    for (const m of options.metrics ?? []) this.types.set(m.name, m);
    this.severities = options.severities ?? DEFAULT_SEVERITIES;
  }

  /** The rules being linted, whose recording rules checks look up by name. */
  indexRecords(rules: readonly RuleRef[]): void {
    this.rules = rules;
    this.recordIndex = undefined;
  }

  /** Recording rules by the name they record (indexed on first use: many files never need it). */
  get records(): ReadonlyMap<string, readonly RuleRef[]> {
    if (!this.recordIndex) {
      this.recordIndex = new Map();
      for (const r of this.rules) {
        if (r.kind !== 'record' || !r.name) continue;
        const list = this.recordIndex.get(r.name);
        if (list) list.push(r);
        else this.recordIndex.set(r.name, [r]);
      }
    }
    return this.recordIndex;
  }

  /** The ASTs of the recording rules that produce a metric name. */
  recordedExprs(name: string): Expr[] {
    return (this.records.get(name) ?? []).flatMap((r) => this.expressions.analyse(r.expr, true).parsed.ast ?? []);
  }

  /** What kind of series a metric name selects, and how memgen knows. */
  metricKind(name: string): MetricKind {
    const source = this.options.metricSource ?? 'catalog';
    const known = this.types.get(name);
    if (known) return { type: known.type, source };
    const suffix = COUNTER_SUFFIXES.find((s) => name.endsWith(s) && s !== '_total');
    const base = suffix ? this.types.get(name.slice(0, -suffix.length)) : undefined;
    if (base && (base.type === 'histogram' || base.type === 'summary')) {
      return { type: suffix === '_bucket' && base.type === 'summary' ? 'unknown' : 'counter', source };
    }
    if (this.records.has(name) || name.includes(':')) return { type: 'unknown', source: 'recording rule' };
    if (COUNTER_SUFFIXES.some((s) => name.endsWith(s))) return { type: 'counter', source: 'naming convention' };
    return { type: 'gauge', source: 'naming convention' };
  }

  /** Seconds between scrapes of the series a selector picks (its job's interval when it names one). */
  scrapeIntervalFor(sel: ExprOf<'vector'>): number | undefined {
    const job = sel.matchers.find((m) => m.name === 'job' && m.op === '=')?.value;
    return (job !== undefined ? this.options.jobIntervals?.get(job) : undefined) ?? this.options.scrapeInterval;
  }
}

/** The metric name a selector (or matrix selector) picks, if it names one. */
export function metricName(e: Expr): string | undefined {
  const u = unwrap(e);
  const sel = u.kind === 'matrix' ? unwrap(u.expr) : u;
  if (sel.kind !== 'vector') return undefined;
  return sel.name ?? sel.matchers.find((m) => m.name === '__name__' && m.op === '=')?.value;
}
