// A parser of Prometheus's text exposition format (version 0.0.4), strict enough to judge a real exporter:
// samples are grouped into the family their `# TYPE` line declares, label values are unescaped, and a line it
// cannot read is an error naming the line, not a sample silently dropped. (The npm parsers of this format are
// unmaintained; this one is small and covers what exporters write: HELP, TYPE, labels, +Inf/NaN, timestamps.)

export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  line: number;
}

export interface Family {
  name: string;
  type: FamilyType;
  help?: string;
  samples: Sample[];
}

export class ExpositionError extends Error {
  constructor(source: string, line: number, message: string) {
    super(`${source}:${line}: ${message}`);
  }
}

const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Sample names a family of each type owns, besides the family's own name (OpenMetrics adds _created). */
const SUFFIXES: Record<FamilyType, string[]> = {
  counter: ['_total', '_created'],
  gauge: [],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  summary: ['_sum', '_count', '_created'],
  untyped: [],
};

export function belongsTo(sampleName: string, family: { name: string; type: FamilyType }): boolean {
  if (sampleName === family.name) return family.type !== 'histogram';
  // A counter declared as `x_total` owns `x_created` too (prometheus_client writes it as its own gauge family).
  const base = family.type === 'counter' ? family.name.replace(/_total$/, '') : family.name;
  return SUFFIXES[family.type].some((suffix) => sampleName === base + suffix);
}

function parseValue(text: string, source: string, line: number): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new ExpositionError(source, line, `'${text}' is not a sample value`);
  return value;
}

/** `{a="x",b="y\"z"}` at the start of `text`; returns the labels and the rest of the line. */
function parseLabels(text: string, source: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  const fail = (what: string): never => {
    throw new ExpositionError(source, line, `${what} in the labels '${text.slice(0, 80)}'`);
  };
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const name = LABEL_NAME.exec(text.slice(i))?.[0] ?? fail('a label name expected');
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=' || text[i + 1] !== '"') fail(`="..." expected after ${name}`);
    i += 2;
    let value = '';
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== '\\') {
        value += text[i];
        continue;
      }
      const escaped = text[++i];
      value += escaped === 'n' ? '\n' : escaped === '\\' || escaped === '"' ? escaped : fail(`unknown escape \\${escaped}`);
    }
    if (i >= text.length) fail(`the value of ${name} is not closed`);
    if (Object.hasOwn(labels, name)) fail(`label ${name} appears twice`);
    labels[name] = value;
    i++;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail(`',' or '}' expected after ${name}`);
  }
}

/** Families by name, in the order they appear. `source` names the text in errors (a file, a URL). */
export function parseExposition(text: string, source = 'exposition'): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  const family = (name: string, line: number): Family => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', samples: [] };
      families.set(name, f);
    } else if (f !== current && f.samples.length > 0) {
      throw new ExpositionError(source, line, `the samples of ${name} are not contiguous`);
    }
    return f;
  };
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trimEnd();
    if (text.trim() === '') return;
    if (text.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(text);
      if (!meta) return; // a plain comment
      const [, keyword, name, rest = ''] = meta as unknown as [string, string, string, string | undefined];
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) throw new ExpositionError(source, line, `'${name}' is not a metric name`);
      current = family(name, line);
      if (keyword === 'HELP') current.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      else {
        if (!TYPES.has(rest)) throw new ExpositionError(source, line, `unknown metric type '${rest}' for ${name}`);
        if (current.samples.length > 0) throw new ExpositionError(source, line, `TYPE of ${name} after its samples`);
        current.type = rest as FamilyType;
      }
      return;
    }
    const name = NAME.exec(text)?.[0];
    if (!name) throw new ExpositionError(source, line, `'${text.slice(0, 80)}' is neither a sample nor a comment`);
    let rest = text.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, source, line));
    const fields = rest.trim().split(/\s+/);
    if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new ExpositionError(source, line, `${name}: a value (and an optional timestamp) expected`);
    const value = parseValue(fields[0] as string, source, line);
    if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) throw new ExpositionError(source, line, `${name}: '${fields[1]}' is not a timestamp in milliseconds`);
    const owner = current && belongsTo(name, current) ? current : family(name, line);
    if (owner !== current) current = owner;
    owner.samples.push({ name, labels, value, line });
  });
  return families;
}

/** The family that owns samples named `sampleName` (`x_bucket` -> histogram `x`), if any. */
export function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  const exact = families.get(sampleName);
  if (exact && exact.type !== 'histogram') return exact;
  for (const f of families.values()) if (belongsTo(sampleName, f)) return f;
  return exact;
}
