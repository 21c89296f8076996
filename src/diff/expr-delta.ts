// The part of an expression that changed: two long expressions (a correlation alert joins three selectors) that
// differ in one number are shown as that number in a little context, not as two whole texts.
const TOKEN = /\s+|[(){}[\],]|[^\s(){}[\],]+/g;
const CONTEXT_TOKENS = 6;
const SHORT = 80;

export function exprDelta(before: string, after: string): { before: string; after: string } {
  if (before.length <= SHORT && after.length <= SHORT) return { before, after };
  const [b, a] = [before.match(TOKEN) ?? [], after.match(TOKEN) ?? []];
  let head = 0;
  while (head < b.length && head < a.length && b[head] === a[head]) head++;
  let tail = 0;
  while (tail < b.length - head && tail < a.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  const from = Math.max(0, head - CONTEXT_TOKENS);
  const cut = (t: string[]) => {
    const to = Math.min(t.length, t.length - tail + CONTEXT_TOKENS);
    return `${from > 0 ? '…' : ''}${t.slice(from, to).join('').trim()}${to < t.length ? '…' : ''}`;
  };
  return { before: cut(b), after: cut(a) };
}
