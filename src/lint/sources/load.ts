// Reading what `memgen lint FILES...` is given: Prometheus rule files, PrometheusRule manifests (one or
// many YAML documents) and prometheus.yml (whose rule_files are followed and whose scrape intervals are
// taken). Findings map back to file:line:column: positions are read again, rule by rule, when needed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { UsageError } from '../../config/errors.js';
import { parseDuration } from '../../promql/duration.js';
import type { Problem } from '../problem.js';
import type { LintFile, LintGroup, LintRule } from '../types.js';
import { readBlockYaml, readBlockYamlTree, type BlockYaml, type PosNode } from './block-yaml.js';
import { yamlLib } from './yaml-lib.js';
import { groupsTree, posNodeOf, YamlLocator, type YamlTree } from './yaml-positions.js';

const GROUP_FIELDS = new Set(['name', 'interval', 'rules', 'limit', 'query_offset', 'labels']);
const MANIFEST_GROUP_FIELDS = new Set([...GROUP_FIELDS, 'partial_response_strategy']);
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

export interface LintInputs {
  files: LintFile[];
  /** Problems found while reading: YAML errors, files that are neither rules nor a Prometheus config. */
  problems: Problem[];
  /** From prometheus.yml: seconds. */
  scrapeInterval?: number;
  jobIntervals: Map<string, number>;
}

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** A labels or annotations mapping with string values; the parsed object itself when it already is one. */
function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  let allStrings = true;
  for (const k in v) allStrings &&= typeof v[k] === 'string';
  if (allStrings) return v as Record<string, string>;
  // fromEntries defines own properties: a `__proto__` label stays a label (and is reported as reserved).
  return Object.fromEntries(Object.keys(v).map((k) => [k, String(v[k] ?? '')]));
}

/** Keys of `raw` outside `known` (undefined when there are none, the usual case). */
function extraFields(raw: Raw, known: ReadonlySet<string>): string[] | undefined {
  let extra: string[] | undefined;
  // for-in rather than Object.keys: no array per rule (parsed objects are plain, with nothing inherited).
  for (const k in raw) if (!known.has(k)) (extra ??= []).push(k);
  return extra;
}

// Parsed data is used once, here: labels and annotations objects pass through when they are already strings.
function toRule(raw: unknown): LintRule {
  const r = isObject(raw) ? raw : {};
  const rule: LintRule = {
    alert: optionalString(r.alert), record: optionalString(r.record), expr: optionalString(r.expr) ?? '', for: optionalString(r.for),
    keep_firing_for: optionalString(r.keep_firing_for), labels: stringMap(r.labels), annotations: stringMap(r.annotations),
  };
  // Set afterwards rather than spread in: object spread is V8's slow path, and this runs once per rule.
  const extra = extraFields(r, RULE_FIELDS);
  if (extra) rule.extraFields = extra;
  return rule;
}

function toGroup(raw: unknown, allowed: ReadonlySet<string>): LintGroup {
  const g = isObject(raw) ? raw : {};
  const extra = extraFields(g, allowed);
  return {
    name: String(g.name ?? ''),
    interval: g.interval === undefined ? undefined : String(g.interval),
    rules: Array.isArray(g.rules) ? g.rules.map(toRule) : [],
    ...(extra ? { extraFields: extra } : {}),
  };
}

/** Expands `dir/*.yml`-style patterns (a `*` in the file name) the way Prometheus reads rule_files. */
function expandRuleFiles(pattern: string, base: string): string[] {
  const full = path.resolve(base, pattern);
  if (!full.includes('*')) return [full];
  const dir = path.dirname(full);
  const re = new RegExp(`^${path.basename(full).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f)) : [];
}

function problemAt(file: string, lines: LineCounter, offset: number, message: string): Problem {
  const pos = lines.linePos(offset);
  return { rule: 'rules/structure', severity: 'error', message, file, line: pos.line, column: pos.col, endLine: pos.line, endColumn: pos.col + 1 };
}

export function loadLintInputs(paths: readonly string[], cwd = process.cwd()): LintInputs {
  const out: LintInputs = { files: [], problems: [], jobIntervals: new Map() };
  const seen = new Set<string>();
  const queue = paths.map((p) => ({ shown: p, full: path.resolve(cwd, p) }));
  while (queue.length > 0) {
    const { shown, full } = queue.shift() as { shown: string; full: string };
    if (seen.has(full)) continue;
    seen.add(full);
    let text: string;
    try {
      text = readFileSync(full, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${shown}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    parseLintText(shown, full, text, out, queue);
  }
  return out;
}

type Queue = Array<{ shown: string; full: string }>;

/** What a YAML document is: rule groups (a rule file or a PrometheusRule), a prometheus.yml, or neither. */
function classify(data: unknown): 'rules' | 'manifest' | 'prometheus' | 'other' {
  if (!isObject(data)) return 'other';
  if (data.kind === 'PrometheusRule') return 'manifest';
  if (Array.isArray(data.groups)) return 'rules';
  if (['rule_files', 'scrape_configs', 'global'].some((k) => data[k] !== undefined)) return 'prometheus';
  return 'other';
}

function groupsOf(data: unknown): unknown[] {
  const kind = classify(data);
  const d = data as Raw;
  if (kind === 'rules') return d.groups as unknown[];
  if (kind === 'manifest') return isObject(d.spec) && Array.isArray(d.spec.groups) ? d.spec.groups : [];
  return [];
}

/** Where the fast reader found each group and each of its rules: offsets of their `-`. */
type ItemOffsets = Array<{ group?: number; rules?: readonly number[] }>;

/** Positions from the fast reader, one rule (or group) at a time, read when a finding is placed there. */
function fastTree(text: string, offsets: ItemOffsets): YamlTree {
  const read = new Map<number, PosNode | undefined>();
  return {
    node(groupIndex, ruleIndex) {
      const at = ruleIndex === undefined ? offsets[groupIndex]?.group : offsets[groupIndex]?.rules?.[ruleIndex];
      if (at === undefined) return undefined;
      if (!read.has(at)) read.set(at, readBlockYamlTree(text, at));
      return read.get(at);
    },
  };
}

/** The full YAML parse: used for files the fast reader does not handle, and to locate findings. */
function parseYamlTree(text: string): { lines: LineCounter; docs: Document[]; groups: unknown[] } {
  const { isSeq, LineCounter, parseAllDocuments } = yamlLib();
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false }) as Document[] | { errors: unknown[] };
  const list = Array.isArray(docs) ? docs : [];
  const groups = list.flatMap((doc) => {
    if (doc.errors.length > 0) return [];
    const node = doc.getIn(doc.get('kind') === 'PrometheusRule' ? ['spec', 'groups'] : ['groups'], true);
    return isSeq(node) ? node.items : [];
  });
  return { lines, docs: list, groups };
}

/** Reads one file's text into `out` (rule groups, problems); a prometheus.yml queues its rule_files. */
export function parseLintText(shown: string, full: string, text: string, out: LintInputs, queue: Queue = []): void {
  let documents: unknown[];
  let tree: ReturnType<typeof parseYamlTree> | undefined;
  const fast = readBlockYaml(text);
  if (fast !== undefined) documents = [fast.data];
  else {
    tree = parseYamlTree(text);
    const parsed = tree;
    documents = [];
    for (const doc of parsed.docs) {
      for (const e of doc.errors) out.problems.push(problemAt(shown, parsed.lines, e.pos[0], `YAML: ${e.message.split('\n')[0]}`));
      if (doc.errors.length === 0) documents.push(doc.toJS({ maxAliasCount: 100 }));
    }
  }
  const groups: LintGroup[] = [];
  const offsets: ItemOffsets = [];
  documents.forEach((data, index) => {
    if (data === null || data === undefined) return;
    const kind = classify(data);
    if (kind === 'prometheus') return readPrometheusConfig(data as Raw, path.dirname(full), path.dirname(shown), out, queue);
    const spec = (data as { spec?: unknown }).spec;
    if (kind === 'other' || (kind === 'manifest' && !(isObject(spec) && Array.isArray(spec.groups)))) {
      const lines = (tree ??= parseYamlTree(text)).lines;
      const start = tree.docs[index]?.contents?.range?.[0] ?? 0;
      out.problems.push(problemAt(shown, lines, start, kind === 'manifest' ? 'PrometheusRule has no spec.groups list' : "not a rule file: expected a top-level 'groups' list (or a PrometheusRule, or a prometheus.yml)"));
      return;
    }
    const allowed = kind === 'manifest' ? MANIFEST_GROUP_FIELDS : GROUP_FIELDS;
    const list = groupsOf(data);
    list.forEach((g, i) => {
      groups.push(toGroup(g, allowed));
      if (fast) offsets.push(itemOffsets(fast, list, i));
    });
  });
  if (groups.length === 0) return;
  out.files.push({ path: shown, groups, locator: locatorOf(text, fast ? offsets : undefined, tree) });
}

/**
 * Positions are read only where a finding is placed, by the reader that read the data. (A function of its
 * own, so that the locator's closure cannot keep the parsed data alive: it is garbage once in the groups.)
 */
function locatorOf(text: string, fastOffsets: ItemOffsets | undefined, parsed: ReturnType<typeof parseYamlTree> | undefined): YamlLocator {
  let tree = parsed;
  const slowTree = (): YamlTree => groupsTree((tree ??= parseYamlTree(text)).groups.flatMap((g) => posNodeOf(g) ?? []));
  return new YamlLocator(text, () => (fastOffsets ? fastTree(text, fastOffsets) : slowTree()));
}

function itemOffsets(fast: BlockYaml, groupList: unknown[], index: number): ItemOffsets[number] {
  const group = groupList[index];
  return { group: fast.itemStarts.get(groupList)?.[index], rules: isObject(group) ? fast.itemStarts.get(group.rules) : undefined };
}

function readPrometheusConfig(data: Raw, dir: string, shownDir: string, out: LintInputs, queue: Queue): void {
  const global = isObject(data.global) ? data.global : {};
  // Prometheus's default when prometheus.yml sets none.
  out.scrapeInterval = parseDuration(String(global.scrape_interval ?? '1m')) ?? 60;
  for (const job of Array.isArray(data.scrape_configs) ? data.scrape_configs : []) {
    if (!isObject(job) || typeof job.job_name !== 'string') continue;
    const interval = job.scrape_interval === undefined ? undefined : parseDuration(String(job.scrape_interval));
    out.jobIntervals.set(job.job_name, interval ?? out.scrapeInterval);
  }
  for (const pattern of Array.isArray(data.rule_files) ? data.rule_files : []) {
    for (const full of expandRuleFiles(String(pattern), dir)) queue.push({ shown: path.join(shownDir, path.relative(dir, full)), full });
  }
}
