// Expands the small subset of Go's text/template that alert annotations use, the way Prometheus renders them
// for a firing alert: `{{ $labels.x }}`, `{{ $value }}`, pipes into humanize, humanize1024, humanizeDuration,
// humanizePercentage, and printf with %f, %g, %s, %v. Anything else is reported, not guessed.
import { goFixed, goG, goValue, humanize, humanize1024, humanizeDuration, humanizePercentage } from './goformat.js';

export class UnsupportedTemplate extends Error {}

export interface TemplateData {
  labels: Record<string, string>;
  externalLabels: Record<string, string>;
  value: number;
}

type Value = number | string;

const FUNCTIONS: Record<string, (v: number) => string> = { humanize, humanize1024, humanizeDuration, humanizePercentage };

function tokenize(action: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+)/gy;
  let end = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(action)) !== null) {
    tokens.push(m[1] as string);
    end = re.lastIndex;
  }
  if (action.slice(end).trim() !== '') throw new UnsupportedTemplate(`cannot read '${action}'`);
  return tokens;
}

function operand(token: string, data: TemplateData): Value {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token === '$value' || token === '.Value') return data.value;
  const label = /^(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(token);
  // Prometheus expands with missingkey=zero: a missing label renders empty.
  if (label) return data.labels[label[1] as string] ?? '';
  const external = /^(?:\$externalLabels|\.ExternalLabels)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(token);
  if (external) return data.externalLabels[external[1] as string] ?? '';
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new UnsupportedTemplate(`'${token}' is not supported`);
}

function printf(format: string, args: Value[]): string {
  let next = 0;
  return format.replace(/%(%|(?:\.(\d+))?([fgsv]))/g, (_all, verb: string, precision: string | undefined, kind: string | undefined) => {
    if (verb === '%') return '%';
    const arg = args[next++];
    if (arg === undefined) throw new UnsupportedTemplate(`printf "${format}" has too few arguments`);
    if (kind === 's' || kind === 'v') return typeof arg === 'number' ? goValue(arg) : arg;
    if (typeof arg !== 'number') throw new UnsupportedTemplate(`printf %${kind} of a string`);
    if (kind === 'f') return goFixed(arg, precision === undefined ? 6 : Number(precision));
    return precision === undefined ? goValue(arg) : goG(arg, Number(precision));
  });
}

function command(tokens: string[], piped: Value | undefined, data: TemplateData): Value {
  const [head, ...rest] = tokens;
  if (head === undefined) throw new UnsupportedTemplate('empty command');
  const args = rest.map((t) => operand(t, data));
  if (piped !== undefined) args.push(piped);
  if (head === 'printf') {
    const [format, ...values] = args;
    if (typeof format !== 'string') throw new UnsupportedTemplate('printf needs a format string');
    return printf(format, values);
  }
  const fn = FUNCTIONS[head];
  if (fn) {
    const [arg] = args;
    if (args.length !== 1 || typeof arg !== 'number') throw new UnsupportedTemplate(`${head} takes one number`);
    return fn(arg);
  }
  if (args.length > 0) throw new UnsupportedTemplate(`function '${head}' is not supported`);
  return operand(head, data);
}

function render(v: Value): string {
  return typeof v === 'number' ? goValue(v) : v;
}

/** The text Prometheus renders for `template` with these labels and value. Throws UnsupportedTemplate. */
export function expandTemplate(template: string, data: TemplateData): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    const close = template.indexOf('}}', open);
    if (close < 0) throw new UnsupportedTemplate('unclosed action');
    let text = template.slice(i, open);
    let body = template.slice(open + 2, close);
    if (body.startsWith('-') && /^-\s/.test(body)) {
      text = text.replace(/\s+$/, '');
      body = body.slice(1);
    }
    let trimAfter = false;
    if (/\s-$/.test(body)) {
      trimAfter = true;
      body = body.slice(0, -1);
    }
    out += text;
    const segments: string[][] = [[]];
    for (const t of tokenize(body.trim())) {
      if (t === '|') segments.push([]);
      else (segments[segments.length - 1] as string[]).push(t);
    }
    let value: Value | undefined;
    for (const seg of segments) value = command(seg, value, data);
    out += render(value as Value);
    i = close + 2;
    if (trimAfter) while (i < template.length && /\s/.test(template[i] as string)) i++;
  }
  return out;
}
