// Reading what `memgen lint FILES...` is given: Prometheus rule files, PrometheusRule manifests (one or
// many YAML documents) and prometheus.yml (whose rule_files are followed and whose scrape intervals are
// taken). Findings map back to file:line:column: positions are read again, rule by rule, when needed.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { UsageError } from '../../config/errors.js';
import { MAX_DURATION_SECONDS, parseDuration } from '../../promql/duration.js';
import type { Problem } from '../../problem.js';
import type { LintFile, LintGroup, LintRule } from '../types.js';
import { aliasProblem, resolveAnchors, toPlain } from './aliases.js';
import { readBlockYaml, readBlockYamlTree, type BlockYaml, type PosNode } from './block-yaml.js';
import { readLintFile } from './read-file.js';
import { groupsShape, type DataPath } from './shape.js';
import { yamlLib } from './yaml-lib.js';
import { groupsTree, posNodeOf, YamlLocator, type YamlTree } from './yaml-positions.js';

/** The Prometheus whose rule-file format lint follows (`--prometheus-version`). */
export type PrometheusVersion = '2.42' | '3';
export const PROMETHEUS_VERSIONS: readonly PrometheusVersion[] = ['2.42', '3'];

// Group fields by version: query_offset came in 2.53, group labels in 3.0.
const GROUP_FIELDS_242 = new Set(['name', 'interval', 'rules', 'limit']);
const GROUP_FIELDS = new Set([...GROUP_FIELDS_242, 'query_offset', 'labels']);
const groupFields = (version: PrometheusVersion, manifest: boolean): ReadonlySet<string> => {
  const base = version === '2.42' ? GROUP_FIELDS_242 : GROUP_FIELDS;
  return manifest ? new Set([...base, 'partial_response_strategy']) : base;
};
const RULE_FIELDS = new Set(['record', 'alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations']);

export interface LintInputs {
  files: LintFile[];
  /** Problems found while reading: YAML errors, files that are neither rules nor a Prometheus config. */
  problems: Problem[];
  /** From prometheus.yml: seconds. */
  scrapeInterval?: number;
  jobIntervals: Map<string, number>;
  /** The text of every file read (line breaks normalised), for reporters' source lines: read once. */
  sources: Map<string, string>;
}

export interface LoadOptions {
  prometheusVersion?: PrometheusVersion;
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


/** A duration field as Prometheus reads it: a bare `0` (number or string) is the zero duration. */
function durationField(v: unknown): string | undefined {
  const s = optionalString(v);
  return s === '0' ? '0s' : s;
}

// Parsed data is used once, here: labels and annotations objects pass through when they are already strings.
function toRule(raw: unknown): LintRule {
  const r = isObject(raw) ? raw : {};
  const rule: LintRule = {
    alert: optionalString(r.alert), record: optionalString(r.record), expr: optionalString(r.expr) ?? '', for: durationField(r.for),
    keep_firing_for: durationField(r.keep_firing_for), labels: stringMap(r.labels), annotations: stringMap(r.annotations),
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
    interval: g.interval === undefined || g.interval === null ? undefined : durationField(g.interval),
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

function problemAt(file: string, lines: LineCounter, offset: number, message: string, severity: Problem['severity'] = 'error'): Problem {
  const pos = lines.linePos(offset);
  return { rule: 'rules/structure', severity, message, file, line: pos.line, column: pos.col, endLine: pos.line, endColumn: pos.col + 1 };
}

export function loadLintInputs(paths: readonly string[], cwd = process.cwd(), options: LoadOptions = {}): LintInputs {
  const out: LintInputs = { files: [], problems: [], jobIntervals: new Map(), sources: new Map() };
  const seen = new Set<string>();
  const queue = paths.map((p) => ({ shown: p, full: path.resolve(cwd, p) }));
  while (queue.length > 0) {
    const { shown, full } = queue.shift() as { shown: string; full: string };
    if (seen.has(full)) continue;
    seen.add(full);
    const read = readLintFile(shown, full);
    if (read.text === undefined) {
      const { line, column, message } = read;
      out.problems.push({ rule: 'rules/structure', severity: 'error', message, file: shown, line, column, endLine: line, endColumn: column + 1 });
      continue;
    }
    out.sources.set(shown, read.text);
    parseLintText(shown, full, read.text, out, queue, options);
  }
  return out;
}

type Queue = Array<{ shown: string; full: string }>;

type Kind = 'empty' | 'rules' | 'manifest' | 'prometheus' | 'kubernetes' | 'other';

/** What a YAML document is: rule groups (a rule file or a PrometheusRule), a prometheus.yml, or neither. */
function classify(data: unknown): Kind {
  if (data === null || data === undefined) return 'empty';
  if (!isObject(data)) return 'other';
  // `{}` is a rule file with no groups for Prometheus ("0 rules found").
  let empty = true;
  for (const _ in data) empty = false;
  if (empty) return 'empty';
  if (data.kind === 'PrometheusRule') return 'manifest';
  if ('groups' in data) return 'rules';
  if (['rule_files', 'scrape_configs', 'global'].some((k) => data[k] !== undefined)) return 'prometheus';
  if (typeof data.apiVersion === 'string' && typeof data.kind === 'string') return 'kubernetes';
  return 'other';
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

/** The parsed YAML of a file by the yaml library: for files the fast reader does not take, and for positions. */
interface ParsedYaml {
  lines: LineCounter;
  docs: Document[];
}

function parseYaml(text: string): ParsedYaml {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lines = new LineCounter();
  // merge: YAML 1.1 merge keys (`<<: *base`), which Go's yaml resolves.
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, merge: true }) as Document[] | { errors: unknown[] };
  return { lines, docs: Array.isArray(docs) ? docs : [] };
}

/** The group nodes of the documents whose groups were read, in the LintFile's order. */
function groupNodes(parsed: ParsedYaml, used: ReadonlyArray<{ doc: number; manifest: boolean }>): PosNode[] {
  const { isSeq } = yamlLib();
  return used.flatMap(({ doc: index, manifest }) => {
    const doc = parsed.docs[index];
    const node = doc?.getIn(manifest ? ['spec', 'groups'] : ['groups'], true);
    const anchors = doc ? resolveAnchors(doc) : undefined;
    return isSeq(node) ? node.items.flatMap((g) => posNodeOf(g, anchors) ?? []) : [];
  });
}

/** The offset of the node at `path` in a document (of its key, with `key`), or of its nearest ancestor there. */
function offsetOf(doc: Document | undefined, path: DataPath, key = false): number {
  if (key && doc && path.length > 0) {
    const { isMap, isScalar } = yamlLib();
    const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
    const range = isScalar(pair?.key) ? pair.key.range : undefined;
    if (range) return range[0];
  }
  for (let n = path.length; n >= 0 && doc; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return 0;
}

/** Reads one file's text into `out` (rule groups, problems); a prometheus.yml queues its rule_files. */
export function parseLintText(shown: string, full: string, text: string, out: LintInputs, queue: Queue = [], options: LoadOptions = {}): void {
  const version = options.prometheusVersion ?? '3';
  let documents: unknown[];
  let parsed: ParsedYaml | undefined;
  const fast = readBlockYaml(text);
  if (fast !== undefined) documents = [fast.data];
  else {
    parsed = parseYaml(text);
    const yaml = parsed;
    let broken = false;
    documents = yaml.docs.map((doc) => {
      const anchors = doc.errors.length > 0 ? undefined : resolveAnchors(doc);
      const problem = !anchors ? { offset: doc.errors[0]?.pos[0] ?? 0, message: `YAML: ${doc.errors[0]?.message.split('\n')[0]}` } : aliasProblem(doc, anchors);
      if (problem || !anchors) {
        broken = true;
        out.problems.push(problemAt(shown, yaml.lines, problem?.offset ?? 0, problem?.message ?? 'YAML error'));
        return undefined;
      }
      return toPlain(doc, anchors);
    });
    // Prometheus refuses a file its yaml reader cannot read; nothing in it is checked further.
    if (broken) return;
  }
  const positions = (): ParsedYaml => (parsed ??= parseYaml(text));
  const firstKind = classify(documents[0]);
  const groups: LintGroup[] = [];
  const offsets: ItemOffsets = [];
  const used: Array<{ doc: number; manifest: boolean }> = [];
  documents.forEach((data, index) => {
    const kind = classify(data);
    const problem = (path: DataPath, message: string, severity?: Problem['severity'], atKey = false): void => {
      out.problems.push(problemAt(shown, positions().lines, offsetOf(positions().docs[index], path, atKey), message, severity));
    };
    if (kind === 'empty') return;
    // Prometheus decodes only the first document of a rule file (a stream of PrometheusRule manifests is read whole).
    if (index > 0 && (firstKind === 'rules' || firstKind === 'empty')) {
      return problem([], `Prometheus reads only the first YAML document of a rule file; document ${index + 1} is ignored`, 'warning');
    }
    if (kind === 'prometheus') return readPrometheusConfig(data as Raw, path.dirname(full), path.dirname(shown), out, queue);
    if (kind === 'kubernetes') return;
    if (kind === 'other') {
      const keys = isObject(data) ? Object.keys(data) : [];
      return problem([], keys.length > 0
        ? `not a rule file: field '${keys[0]}' is not valid at the top level (expected 'groups', a PrometheusRule or a prometheus.yml)`
        : "not a rule file: expected a mapping with a top-level 'groups' list (or a PrometheusRule, or a prometheus.yml)");
    }
    const manifest = kind === 'manifest';
    const spec = (data as Raw).spec;
    if (manifest && !(isObject(spec) && 'groups' in spec)) return problem([], 'PrometheusRule has no spec.groups list');
    const list = manifest ? (spec as Raw).groups : (data as Raw).groups;
    const prefix = manifest ? ['spec', 'groups'] : ['groups'];
    let refused = false;
    if (!manifest) {
      for (const key of Object.keys(data as Raw)) {
        if (key !== 'groups') {
          refused = true;
          problem([key], `field '${key}' is not valid at the top level of a rule file (only 'groups'); Prometheus refuses the file`, 'error', true);
        }
      }
    }
    const shape = groupsShape(list);
    for (const p of shape) problem([...prefix, ...p.path], p.message);
    for (const p of durationProblems(list)) problem([...prefix, ...p.path], p.message);
    if (refused || shape.length > 0 || !Array.isArray(list)) return;
    used.push({ doc: index, manifest });
    const allowed = groupFields(version, manifest);
    list.forEach((g, i) => {
      groups.push(toGroup(g, allowed));
      if (fast) offsets.push(itemOffsets(fast, list, i));
    });
  });
  if (groups.length === 0) return;
  out.files.push({ path: shown, groups, locator: locatorOf(text, fast ? offsets : undefined, parsed, used) });
}

/** Durations Prometheus's parser refuses as out of range (more than about 292 years). */
function durationProblems(list: unknown): Array<{ path: DataPath; message: string }> {
  const out: Array<{ path: DataPath; message: string }> = [];
  if (!Array.isArray(list)) return out;
  const check = (v: unknown, path: DataPath): void => {
    const seconds = typeof v === 'string' ? parseDuration(v) : undefined;
    if (seconds !== undefined && seconds > MAX_DURATION_SECONDS) out.push({ path, message: `duration '${v}' in '${path[path.length - 1]}' is out of range: Prometheus allows at most 292y` });
  };
  list.forEach((g, i) => {
    if (!isObject(g)) return;
    check(g.interval, [i, 'interval']);
    check(g.query_offset, [i, 'query_offset']);
    if (Array.isArray(g.rules)) {
      g.rules.forEach((r, j) => {
        if (isObject(r)) for (const f of ['for', 'keep_firing_for']) check(r[f], [i, 'rules', j, f]);
      });
    }
  });
  return out;
}

/**
 * Positions are read only where a finding is placed, by the reader that read the data. (A function of its
 * own, so that the locator's closure cannot keep the parsed data alive: it is garbage once in the groups.)
 */
function locatorOf(text: string, fastOffsets: ItemOffsets | undefined, parsed: ParsedYaml | undefined, used: ReadonlyArray<{ doc: number; manifest: boolean }>): YamlLocator {
  let yaml = parsed;
  const slowTree = (): YamlTree => groupsTree(groupNodes((yaml ??= parseYaml(text)), used));
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
