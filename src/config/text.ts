// Characters no target takes as they are: control characters (Prometheus's and Alertmanager's YAML readers
// refuse most of them, Grafana and Markdown mangle them), lone UTF-16 surrogates (not encodable as UTF-8,
// which every output is), and line breaks in one-line fields (names, URLs, matchers, jobs). Prose fields
// keep their line breaks and tabs.
import type { ConfigProblem } from './errors.js';
import { joinPath } from './errors.js';

type Segment = string | number;

// C0 controls except tab and line feed, DEL, and C1 controls; prose may also hold carriage returns.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const PROSE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LINE_BREAK = /[\n\u2028\u2029]/;

/** Keys whose value is prose, where line breaks and tabs are kept. */
const PROSE_KEYS = new Set(['summary', 'description', 'actionText']);
/** Maps whose values are prose (alert annotations and labels, which Prometheus allows to span lines). */
const PROSE_MAPS = new Set(['annotations', 'labels']);

function describeChar(text: string, re: RegExp): string {
  const c = re.exec(text)?.[0] ?? '';
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function check(text: string, segments: Segment[], prose: boolean, asKey: boolean, out: ConfigProblem[]): void {
  const what = asKey ? 'the key' : 'the text';
  let message: string | undefined;
  if (LONE_SURROGATE.test(text)) message = `${what} holds a lone surrogate (${describeChar(text, LONE_SURROGATE)}), which is not valid Unicode; remove it`;
  else if ((prose ? PROSE_CONTROL : CONTROL).test(text)) message = `${what} holds the control character ${describeChar(text, prose ? PROSE_CONTROL : CONTROL)}; remove it`;
  else if (!prose && LINE_BREAK.test(text)) message = `${what} holds a line break, and this field must be one line`;
  if (message) out.push({ path: joinPath(segments), segments, message });
}

function walk(value: unknown, segments: Segment[], prose: boolean, out: ConfigProblem[]): void {
  if (typeof value === 'string') return check(value, segments, prose, false, out);
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, [...segments, i], false, out));
  if (value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    check(key, [...segments, key], false, true, out);
    const inProseMap = PROSE_MAPS.has(key) && typeof v === 'object' && v !== null && !Array.isArray(v);
    if (inProseMap) for (const [k, x] of Object.entries(v as object)) {
      check(k, [...segments, key, k], false, true, out);
      walk(x, [...segments, key, k], true, out);
    }
    else walk(v, [...segments, key], PROSE_KEYS.has(key), out);
  }
}

/** Every string of the config (keys included) that holds a character its targets cannot take. */
export function textProblems(data: unknown): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  walk(data, [], false, out);
  return out;
}
