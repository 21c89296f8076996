// A checker for the Go text/template syntax Prometheus uses in alert labels and annotations. It finds what
// `promtool check rules` finds (unclosed actions, unbalanced blocks, undefined variables and functions) and
// reports offsets so the reporter can point at the spot.

export interface TemplateProblem {
  message: string;
  from: number;
  to: number;
}

// The functions Prometheus's template engine provides, plus Go's built-ins.
const FUNCTIONS = new Set([
  'and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery',
  'eq', 'ge', 'gt', 'le', 'lt', 'ne',
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper',
  'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'humanize', 'humanize1024', 'humanizeDuration',
  'humanizePercentage', 'humanizeTimestamp', 'toTime', 'toDuration', 'pathPrefix', 'externalURL', 'stripPort',
  'stripDomain', 'parseDuration', 'now',
]);

// Prometheus defines these before expanding an alert template.
const PREDEFINED = ['$', '$labels', '$externalLabels', '$externalURL', '$value'];

const BLOCK_OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);
const KEYWORDS = new Set([...BLOCK_OPENERS, 'else', 'end', 'template', 'break', 'continue', 'true', 'false', 'nil']);

interface Token {
  kind: 'word' | 'var' | 'field' | 'string' | 'number' | 'punct';
  text: string;
  from: number;
}

function tokenize(body: string, offset: number, problems: TemplateProblem[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i] as string;
    const from = offset + i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < body.length && body[j] !== c) j += body[j] === '\\' && c !== '`' ? 2 : 1;
      if (j >= body.length) {
        problems.push({ message: `unterminated ${c === '`' ? 'raw string' : c === "'" ? 'character constant' : 'quoted string'}`, from, to: offset + body.length });
        return tokens;
      }
      tokens.push({ kind: 'string', text: body.slice(i, j + 1), from });
      i = j + 1;
    } else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(body.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'var', text: m[0], from });
      i += m[0].length;
    } else if (c === '.') {
      const m = /^\.[A-Za-z0-9_]*/.exec(body.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'field', text: m[0], from });
      i += m[0].length;
    } else if (/[0-9+-]/.test(c) && /^[+-]?\d/.test(body.slice(i))) {
      const m = /^[+-]?[0-9][0-9a-fA-FxXoObB_.eEpP+-]*/.exec(body.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: m[0], from });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0], from });
      i += m[0].length;
    } else if (body.startsWith(':=', i)) {
      tokens.push({ kind: 'punct', text: ':=', from });
      i += 2;
    } else if ('()|=,'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, from });
      i++;
    } else {
      problems.push({ message: `unexpected ${JSON.stringify(c)} in action`, from, to: from + 1 });
      return tokens;
    }
  }
  return tokens;
}

export function checkGoTemplate(text: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  // Most label values and many annotations are plain text.
  if (!text.includes('{{')) return problems;
  const declared = new Set(PREDEFINED);
  const blocks: Array<{ keyword: string; from: number }> = [];
  let pos = 0;
  for (;;) {
    const open = text.indexOf('{{', pos);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push({ message: 'unclosed action: a "{{" has no matching "}}"', from: open, to: text.length });
      break;
    }
    let start = open + 2;
    let end = close;
    if (text[start] === '-' && /\s/.test(text[start + 1] ?? '')) start += 1;
    if (text[end - 1] === '-' && /\s/.test(text[end - 2] ?? '')) end -= 1;
    pos = close + 2;
    const body = text.slice(start, end);
    if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(body)) continue;
    const tokens = tokenize(body, start, problems);
    if (tokens.length === 0) {
      problems.push({ message: 'missing value for command', from: open, to: close + 2 });
      continue;
    }
    const first = tokens[0] as Token;
    if (first.kind === 'word' && BLOCK_OPENERS.has(first.text)) blocks.push({ keyword: first.text, from: open });
    else if (first.kind === 'word' && first.text === 'end') {
      if (!blocks.pop()) problems.push({ message: 'unexpected {{end}}', from: open, to: close + 2 });
    } else if (first.kind === 'word' && first.text === 'else') {
      const top = blocks[blocks.length - 1];
      if (!top || !['if', 'range', 'with'].includes(top.keyword)) problems.push({ message: 'unexpected {{else}}', from: open, to: close + 2 });
    }
    // Declarations: `$x := ...` or `range $i, $e := ...`.
    const assign = tokens.findIndex((t) => t.text === ':=' || t.text === '=');
    tokens.forEach((t, index) => {
      if (t.kind === 'var') {
        const name = (/^\$[A-Za-z0-9_]*/.exec(t.text) as RegExpExecArray)[0];
        if (assign >= 0 && index < assign) declared.add(name);
        else if (!declared.has(name)) problems.push({ message: `undefined variable "${name}"`, from: t.from, to: t.from + t.text.length });
      } else if (t.kind === 'word' && !KEYWORDS.has(t.text) && !FUNCTIONS.has(t.text)) {
        problems.push({ message: `function "${t.text}" not defined`, from: t.from, to: t.from + t.text.length });
      }
    });
    const pipeEnd = tokens[tokens.length - 1] as Token;
    if (pipeEnd.text === '|') problems.push({ message: 'missing command after "|"', from: pipeEnd.from, to: pipeEnd.from + 1 });
  }
  for (const b of blocks) problems.push({ message: `unexpected EOF: {{${b.keyword}}} has no {{end}}`, from: b.from, to: text.length });
  // A stray "}}" outside an action is plain text for Go, so it is not flagged.
  return problems;
}
