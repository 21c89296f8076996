// The part of a long text that changed: two expressions (a correlation alert joins three selectors) or two
// descriptions that differ in one number are shown as that number in a little context, not as two whole texts.
// In a fleet the part is usually the same in every service's copy, so the copies fold into one section.
const TOKEN = /\s+|[(){}[\],]|[^\s(){}[\],]+/g;
const CONTEXT_CHARS = 24;
const SHORT = 80;

export function changedPart(before: string, after: string): { before: string; after: string } {
  if (before.length <= SHORT && after.length <= SHORT) return { before, after };
  const [b, a] = [before.match(TOKEN) ?? [], after.match(TOKEN) ?? []];
  let head = 0;
  while (head < b.length && head < a.length && b[head] === a[head]) head++;
  let tail = 0;
  while (tail < b.length - head && tail < a.length - head && b[b.length - 1 - tail] === a[a.length - 1 - tail]) tail++;
  // Whole tokens of context, at least CONTEXT_CHARS on each side.
  let from = head;
  for (let chars = 0; from > 0 && chars < CONTEXT_CHARS; ) chars += (b[--from] as string).length;
  let kept = tail;
  for (let chars = 0; kept > 0 && chars < CONTEXT_CHARS; ) chars += (b[b.length - kept--] as string).length;
  const cut = (t: string[]) => {
    const to = t.length - kept;
    return `${from > 0 ? '…' : ''}${t.slice(from, to).join('').trim()}${to < t.length ? '…' : ''}`;
  };
  return { before: cut(b), after: cut(a) };
}
