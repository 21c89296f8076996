// Long chains of one binary operator (`a or b or ...` with hundreds of terms, `x1 + ... + x10000`). Prometheus
// parses them; lezer cuts a left-associative production after about 300 reductions from one start (to keep its
// trees shallow) and reports false errors there. For such an expression this splits the text at its top-level
// operators of the lowest precedence, outside brackets and strings, and parses each operand and each operator
// (with its bool/on/ignoring/group_left modifiers) on its own: the chain is valid when all of them are.

/** Precedence of Prometheus's binary operators, lowest first (`^` is right-associative and left alone). */
const LEVELS: Record<string, number> = {
  or: 1, and: 2, unless: 2, '==': 3, '!=': 3, '>=': 3, '<=': 3, '>': 3, '<': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5,
};
const MODIFIERS = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right']);
/** Words after which `-` or `+` is a sign, not an operator. */
const BEFORE_SIGN = new Set(['offset', 'bool', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'or', 'and', 'unless', 'atan2']);
const WORD = /[A-Za-z0-9_:.]/;
/** Fewer operators than this never reach lezer's limit: lezer's own errors stand. */
export const MIN_CHAIN = 100;

interface Operator {
  from: number;
  /** End of the operator and its modifiers. */
  to: number;
  level: number;
}

function skipString(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== q) j += text[j] === '\\' && q !== '`' ? 2 : 1;
  return j + 1;
}

function skipModifiers(text: string, i: number): number {
  let j = i;
  for (;;) {
    let k = j;
    while (/\s/.test(text[k] ?? '')) k++;
    const m = /^[a-z_]+/.exec(text.slice(k, k + 12));
    if (!m || !MODIFIERS.has(m[0])) return j;
    k += m[0].length;
    while (/\s/.test(text[k] ?? '')) k++;
    if (text[k] === '(') {
      const close = text.indexOf(')', k);
      if (close < 0) return j;
      k = close + 1;
    }
    j = k;
  }
}

/** Top-level binary operators of the text, or undefined when the brackets do not balance. */
function topLevelOperators(text: string): Operator[] | undefined {
  const ops: Operator[] = [];
  let depth = 0;
  let operandEnded = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i);
      operandEnded = true;
      continue;
    }
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) {
      depth--;
      if (depth < 0) return undefined;
      operandEnded = true;
      i++;
      continue;
    }
    if (WORD.test(c)) {
      let j = i;
      while (j < text.length && WORD.test(text[j] as string)) j++;
      const word = text.slice(i, j);
      if (depth === 0 && LEVELS[word] !== undefined && operandEnded) {
        ops.push({ from: i, to: skipModifiers(text, j), level: LEVELS[word] as number });
        operandEnded = false;
      } else operandEnded = !BEFORE_SIGN.has(word);
      // A number's exponent sign (`1e-5`) belongs to the number.
      if (/^\d[\d.]*[eE]$/.test(word) && (text[j] === '-' || text[j] === '+')) {
        j++;
        while (j < text.length && WORD.test(text[j] as string)) j++;
      }
      i = j;
      continue;
    }
    if (depth === 0 && operandEnded) {
      const two = text.slice(i, i + 2);
      const op = LEVELS[two] !== undefined ? two : LEVELS[c] !== undefined ? c : undefined;
      if (op) {
        ops.push({ from: i, to: skipModifiers(text, i + op.length), level: LEVELS[op] as number });
        operandEnded = false;
        i += op.length;
        continue;
      }
    }
    if (!/\s/.test(c)) operandEnded = false;
    i++;
  }
  return depth === 0 ? ops : undefined;
}

/**
 * The syntax problems of a long chain, read piece by piece (offsets in `text`), or undefined when the text
 * is not such a chain (then lezer's verdict stands).
 */
export function chainProblems(text: string, parse: (piece: string) => Array<{ message: string; from: number; to: number }>): Array<{ message: string; from: number; to: number }> | undefined {
  const all = topLevelOperators(text);
  if (!all || all.length < MIN_CHAIN) return undefined;
  const lowest = Math.min(...all.map((o) => o.level));
  const ops = all.filter((o) => o.level === lowest);
  if (ops.length < MIN_CHAIN) return undefined;
  const problems: Array<{ message: string; from: number; to: number }> = [];
  const checkedOps = new Set<string>();
  let start = 0;
  for (let k = 0; k <= ops.length; k++) {
    const op = ops[k];
    const end = op ? op.from : text.length;
    const piece = text.slice(start, end);
    for (const p of parse(piece)) problems.push({ message: p.message, from: p.from + start, to: p.to + start });
    if (op) {
      const opText = text.slice(op.from, op.to);
      if (!checkedOps.has(opText)) {
        checkedOps.add(opText);
        for (const p of parse(`x ${opText} x`)) problems.push({ message: p.message, from: op.from, to: op.to });
      }
      start = op.to;
    }
  }
  return problems;
}
