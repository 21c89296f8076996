// Prometheus label regexes are Go RE2, anchored. JavaScript's RegExp differs: it accepts lookaround and
// backreferences (RE2 rejects them) and rejects RE2's inline flags, `(?P<name>` groups, `\z` and POSIX
// classes. re2Problem() reports what RE2 would reject; the rest is translated before JS compiles it.

const RE2_ESCAPES = new Set([...'afnrtvdDsSwWbBAzpPQECx01234567']);
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

// Matcher values repeat across rules (`code=~"5.."`), and compiling a RegExp is the costly part.
const verdicts = new Map<string, string | undefined>();

/** Why RE2 rejects the pattern, or undefined when it compiles. */
export function re2Problem(source: string): string | undefined {
  if (verdicts.has(source)) return verdicts.get(source);
  const problem = findRe2Problem(source);
  verdicts.set(source, problem);
  return problem;
}

function findRe2Problem(source: string): string | undefined {
  if (/\(\?<?[=!]/.test(source)) return 'lookahead and lookbehind (?=, ?!, ?<=, ?<!) are not supported by Go RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(source) && !/\\[0-7]{3}/.test(source)) return 'backreferences (\\1) are not supported by Go RE2';
  if (/[*+?}]\+/.test(source)) return 'possessive quantifiers (a*+) are not supported by Go RE2';
  const badEscape = /(?:^|[^\\])(?:\\\\)*\\([A-Za-z])/g;
  for (const m of source.matchAll(badEscape)) {
    if (!RE2_ESCAPES.has(m[1] as string)) return `invalid escape sequence \\${m[1]}`;
  }
  for (const m of source.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > 1000 || Number(m[2] || 0) > 1000) return 'invalid repeat count: RE2 allows at most 1000';
  }
  try {
    new RegExp(toJs(source));
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
  }
  return undefined;
}

/** RE2 syntax JS lacks, rewritten to the JS equivalent (flags are dropped: only validity matters here). */
function toJs(source: string): string {
  return source
    .replace(/\(\?[imsU]+\)/g, '')
    .replace(/\(\?[imsU]*(-[imsU]+)?:/g, '(?:')
    .replace(/\(\?P</g, '(?<')
    .replace(/\\z/g, '$')
    .replace(/\\A/g, '^')
    .replace(/\\Q(.*?)(\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .replace(/\\[pP]\{?\w+\}?/g, '\\w')
    .replace(/\[:(\^?)(\w+):\]/g, (all, neg: string, name: string) => (POSIX[name] && !neg ? POSIX[name] : all));
}

const matchers = new Map<string, RegExp | undefined>();

/**
 * A JS RegExp that matches what Prometheus's label matcher matches (anchored; `.` also matches a line break,
 * as in Prometheus 3), or undefined when RE2 would refuse the pattern. A leading `(?i)` becomes the `i` flag;
 * flags set later in the pattern are dropped (JS before Node 23 has no inline flags), an approximation.
 */
export function re2Matcher(source: string): RegExp | undefined {
  if (matchers.has(source)) return matchers.get(source);
  let re: RegExp | undefined;
  if (re2Problem(source) === undefined) {
    const lead = /^\(\?([imsU]+)\)/.exec(source);
    const flags = lead?.[1]?.includes('i') ? 'si' : 's';
    try {
      re = new RegExp(`^(?:${toJs(lead ? source.slice(lead[0].length) : source)})$`, flags);
    } catch {
      re = undefined;
    }
  }
  matchers.set(source, re);
  return re;
}
