// What checks know besides the rules themselves: metric types (an ordered list of type sources, then a guess
// from the name), scrape intervals (catalog, prometheus.yml, --scrape-interval), recording rules of all
// files, allowed severities.
import { unwrap, type Expr, type ExprOf } from '../promql/ast.js';
import { ExpressionAnalyser } from './analysis.js';
import { definitionsSource, resolveType, type MetricType, type MetricTypeSource } from './metric-types/source.js';
import { wellKnownSource } from './metric-types/well-known.js';
import type { RuleRef } from './input.js';

export type { MetricType, MetricTypeSource };

export interface MetricDefinition {
  name: string;
  type: MetricType;
  /** Where it is defined: a --metrics file line, or the model's catalog key. */
  file?: string;
  line?: number;
  catalogKey?: string;
  /** Checks the catalog accepts this metric for. */
  lintDisable?: readonly string[];
  /** A histogram's bucket upper bounds (`le`), when known: the catalog's, or a saved page's `_bucket` series. */
  buckets?: readonly number[];
}

export interface LintOptions {
  /** Known metric definitions and where their types come from ('catalog' or 'metrics file'). */
  metrics?: readonly MetricDefinition[];
  metricSource?: string;
  /**
   * Sources asked after `metrics` and before the shipped table of well-known exporters, in order: a live
   * Prometheus's metadata plugs in here.
   */
  typeSources?: readonly MetricTypeSource[];
  /** Ask the shipped table of well-known exporters' metric types (default: true). */
  wellKnownTypes?: boolean;
  /** Seconds: the global scrape interval, and per-job ones. */
  scrapeInterval?: number;
  jobIntervals?: ReadonlyMap<string, number>;
  /** Values the `severity` label may take. */
  severities?: readonly string[];
}

export const DEFAULT_SEVERITIES = ['critical', 'high', 'medium', 'warning', 'info'];

export interface MetricKind {
  type: MetricType | 'unknown';
  /** Where the type comes from: 'catalog', 'metrics file m.txt:3', an exporter's docs, 'recording rule', or the guess. */
  source: string;
  /** No source knows the metric: the type is guessed from its name, and findings built on it stay `info`. */
  guess: boolean;
}

/** The one naming heuristic of the linter: counters (and histogram/summary series) end in these. */
export const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];
export const GUESS_SOURCE = 'a guess from its name: no type source knows it';

/** The type a name suggests, when nothing states it. */
export function guessTypeFromName(name: string): MetricKind {
  return { type: COUNTER_SUFFIXES.some((s) => name.endsWith(s)) ? 'counter' : 'gauge', source: GUESS_SOURCE, guess: true };
}

const WELL_KNOWN = wellKnownSource();

export class LintContext {
  readonly types = new Map<string, MetricDefinition>();
  readonly expressions = new ExpressionAnalyser();
  private rules: readonly RuleRef[] = [];
  private recordIndex?: Map<string, RuleRef[]>;
  readonly severities: readonly string[];
  /** Asked in order; the first that knows a metric decides its type. */
  readonly typeSources: readonly MetricTypeSource[];
  private readonly kinds = new Map<string, MetricKind>();

  constructor(readonly options: LintOptions = {}) {
    for (const m of options.metrics ?? []) this.types.set(m.name, m);
    this.severities = options.severities ?? DEFAULT_SEVERITIES;
    this.typeSources = [
      definitionsSource(options.metrics ?? [], options.metricSource ?? 'catalog'),
      ...(options.typeSources ?? []),
      ...(options.wellKnownTypes === false ? [] : [WELL_KNOWN]),
    ];
  }

  /** The rules being linted, whose recording rules checks look up by name. */
  indexRecords(rules: readonly RuleRef[]): void {
    this.rules = rules;
    this.recordIndex = undefined;
    this.kinds.clear();
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

  /** What kind of series a metric name selects, and how memgen knows (or that it guesses). */
  metricKind(name: string): MetricKind {
    let kind = this.kinds.get(name);
    if (!kind) {
      kind = this.lookUpKind(name);
      this.kinds.set(name, kind);
    }
    return kind;
  }

  private lookUpKind(name: string): MetricKind {
    for (const source of this.typeSources) {
      const fact = resolveType(source, name);
      if (fact) return { type: fact.type, source: fact.source, guess: false };
    }
    if (this.records.has(name) || name.includes(':')) return { type: 'unknown', source: 'recording rule', guess: false };
    return guessTypeFromName(name);
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
