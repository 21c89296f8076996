// Does a real exporter export what a model reads? Given a built model and one parsed scrape, every series an
// alert or a panel selects must exist with the catalog's type and labels, every label the query matches on
// or groups by must be on it, and histograms must have the buckets their alerts can reach. Series another
// exporter provides (kube-state-metrics, cAdvisor) are named by the caller, so nothing passes by omission.
import { CADVISOR_WORKING_SET, KSM_LAST_TERMINATED, KSM_LIMITS, KSM_RESTARTS } from '../../src/model/correlation.js';
import type { Model, Metric } from '../../src/model/types.js';
import { parseExpr, walk, type Expr } from '../../src/promql/ast.js';
import { withGrafanaVariables } from '../../src/promql/grafana-variables.js';
import { familyOf, type Family } from './exposition.js';

/** Labels Prometheus attaches to every scraped series (target labels), never the exporter. */
const TARGET_LABELS = new Set(['job', 'instance', '__name__']);
/** Labels a histogram or summary sample carries besides the family's. */
const SAMPLE_LABELS = new Set(['le', 'quantile']);

/** What the correlation alerts read from a cluster's exporters, never from the service (CheckOptions.elsewhere). */
export const KUBERNETES_SERIES: Record<string, string> = {
  [KSM_LAST_TERMINATED]: 'kube-state-metrics',
  [KSM_RESTARTS]: 'kube-state-metrics',
  [KSM_LIMITS]: 'kube-state-metrics',
  [CADVISOR_WORKING_SET]: 'cAdvisor',
};

export interface Reader {
  /** 'alert CriticalMemoryUsage' or 'panel "RSS timeline"'. */
  who: string;
  expr: string;
  /** For histogram_quantile alerts: the threshold, in the unit of the histogram's observations. */
  quantileThreshold?: number;
}

export interface SeriesProblem {
  who: string;
  metric: string;
  message: string;
}

export interface CheckOptions {
  /** Metric names that come from another exporter, with which one (e.g. 'kube-state-metrics'). */
  elsewhere?: Record<string, string>;
}

/** What each alert and each panel target of the model reads. */
export function readersOf(model: Model): Reader[] {
  const alerts: Reader[] = model.groups.flatMap((g) =>
    g.alerts.map((a) => ({
      who: `alert ${a.name}`,
      expr: a.expr,
      quantileThreshold: a.kind === 'quantile' ? a.threshold.promValue : undefined,
    })),
  );
  const panels: Reader[] = model.dashboard.panels.flatMap((p) =>
    p.targets.map((t) => ({ who: `panel "${p.title}"`, expr: withGrafanaVariables(t.expr, { inStrings: true }) })),
  );
  return [...alerts, ...panels];
}

interface Reads {
  selectors: Array<{ name: string; matchers: string[] }>;
  grouping: string[];
}

function readsOf(reader: Reader): Reads {
  const { ast } = parseExpr(reader.expr);
  if (!ast) throw new Error(`${reader.who}: the expression does not parse: ${reader.expr}`);
  const reads: Reads = { selectors: [], grouping: [] };
  walk(ast, (e: Expr) => {
    if (e.kind === 'vector' && e.name) reads.selectors.push({ name: e.name, matchers: e.matchers.map((m) => m.name) });
    if (e.kind === 'aggregate' && e.grouping && !e.grouping.without) reads.grouping.push(...e.grouping.labels);
    if (e.kind === 'binary' && e.matching?.on) reads.grouping.push(...e.matching.labels);
  });
  return reads;
}

function labelNames(family: Family): Set<string> {
  return new Set(family.samples.flatMap((s) => Object.keys(s.labels)).filter((l) => !SAMPLE_LABELS.has(l)));
}

function catalogEntry(model: Model, family: Family): Metric | undefined {
  return Object.values(model.metrics).find((m) => m.name === family.name || (m.type === 'counter' && `${m.name}_total` === family.name));
}

/** Buckets per label set (le left out): the finite bounds, and whether +Inf, _sum and _count are there. */
function histogramProblems(family: Family, catalog: Metric | undefined, quantileThresholds: number[]): string[] {
  const groups = new Map<string, { bounds: number[]; inf: boolean; sum: boolean; count: boolean }>();
  const key = (labels: Record<string, string>): string =>
    JSON.stringify(Object.entries(labels).filter(([l]) => l !== 'le').sort(([a], [b]) => a.localeCompare(b)));
  const problems: string[] = [];
  for (const s of family.samples) {
    const g = groups.get(key(s.labels)) ?? { bounds: [], inf: false, sum: false, count: false };
    groups.set(key(s.labels), g);
    if (s.name === `${family.name}_bucket`) {
      const le = s.labels.le;
      if (le === undefined) problems.push(`line ${s.line}: a bucket without an le label`);
      else if (le === '+Inf') g.inf = true;
      else if (Number.isNaN(Number(le))) problems.push(`line ${s.line}: le="${le}" is not a number`);
      else g.bounds.push(Number(le));
    }
    if (s.name === `${family.name}_sum`) g.sum = true;
    if (s.name === `${family.name}_count`) g.count = true;
  }
  for (const [labels, g] of groups) {
    const where = labels === '[]' ? '' : ` for ${labels}`;
    if (!g.inf) problems.push(`no le="+Inf" bucket${where}`);
    if (!g.sum || !g.count) problems.push(`no _sum or _count${where}`);
    if (catalog?.buckets && JSON.stringify([...g.bounds].sort((a, b) => a - b)) !== JSON.stringify([...catalog.buckets].sort((a, b) => a - b))) {
      problems.push(`buckets ${g.bounds.join(', ')}${where} are not the catalog's ${catalog.buckets.join(', ')}`);
    }
    const highest = Math.max(...g.bounds);
    // histogram_quantile never returns more than the highest finite bound: a threshold there can never fire.
    for (const t of quantileThresholds) {
      if (!(t < highest)) problems.push(`the threshold ${t} is not below the highest finite bucket bound ${highest}${where}, so the quantile can never exceed it`);
    }
  }
  return problems;
}

/** Every way the scrape falls short of what the model's alerts and panels read; empty when it is all there. */
export function checkSeries(model: Model, families: Map<string, Family>, options: CheckOptions = {}): SeriesProblem[] {
  const elsewhere = options.elsewhere ?? {};
  const problems: SeriesProblem[] = [];
  const thresholds = new Map<Family, number[]>();
  const read = new Set<Family>();
  for (const reader of readersOf(model)) {
    const reads = readsOf(reader);
    const scraped: Family[] = [];
    let external = false;
    for (const selector of reads.selectors) {
      const report = (message: string): void => void problems.push({ who: reader.who, metric: selector.name, message });
      // A family by the bare name too: `x_bucket` read from a summary x is a wrong type, not a missing metric.
      const family = familyOf(families, selector.name) ?? families.get(selector.name.replace(/_(bucket|sum|count|total)$/, ''));
      if (!family || !family.samples.some((s) => s.name === selector.name)) {
        if (Object.hasOwn(elsewhere, selector.name)) external = true;
        else report(family ? `the exporter has the ${family.type} ${family.name} but no sample named ${selector.name}` : 'the exporter does not export it');
        continue;
      }
      if (Object.hasOwn(elsewhere, selector.name)) report(`listed as coming from ${elsewhere[selector.name]}, but this exporter exports it`);
      scraped.push(family);
      read.add(family);
      if (reader.quantileThreshold !== undefined && family.type === 'histogram') {
        thresholds.set(family, [...(thresholds.get(family) ?? []), reader.quantileThreshold]);
      }
      const names = labelNames(family);
      for (const label of selector.matchers) {
        if (!TARGET_LABELS.has(label) && !names.has(label)) report(`it matches on the label ${label}, which no ${family.name} series has`);
      }
    }
    if (external || scraped.length === 0) continue; // grouping labels of other exporters' series are theirs
    const available = new Set(scraped.flatMap((f) => [...labelNames(f)]));
    for (const label of new Set(reads.grouping)) {
      if (!TARGET_LABELS.has(label) && label !== 'le' && !available.has(label)) {
        problems.push({ who: reader.who, metric: scraped.map((f) => f.name).join(', '), message: `it groups by ${label}, which none of the series it reads has` });
      }
    }
  }
  for (const family of read) {
    const catalog = catalogEntry(model, family);
    const report = (message: string): void => void problems.push({ who: `catalog ${catalog?.id ?? family.name}`, metric: family.name, message });
    if (catalog) {
      if (catalog.type !== family.type) report(`the catalog says ${catalog.type}, the exporter says ${family.type}`);
      const names = labelNames(family);
      for (const label of catalog.labels) if (!names.has(label)) report(`no series carries the catalog's label ${label}`);
      for (const s of family.samples) {
        const missing = catalog.labels.filter((l) => !Object.hasOwn(s.labels, l));
        if (missing.length > 0 && names.size > 0) report(`line ${s.line}: ${s.name} lacks ${missing.join(', ')}`);
      }
    }
    if (family.type === 'histogram') for (const message of histogramProblems(family, catalog, thresholds.get(family) ?? [])) report(message);
  }
  return problems;
}

/** Catalog metrics no alert or panel reads: not a failure, but worth printing next to the check. */
export function unreadCatalogMetrics(model: Model): string[] {
  const names = new Set(readersOf(model).flatMap((r) => readsOf(r).selectors.map((s) => s.name)));
  const reads = (m: Metric): boolean => [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`, `${m.name}_total`].some((n) => names.has(n));
  return Object.values(model.metrics).filter((m) => !reads(m)).map((m) => m.name);
}
