// Large rule files repeat texts (an alert at two severities on one expression, one description template on
// every alert). Remembering recent results catches those repeats without keeping a whole file's worth.

/** `compute`, remembering up to `limit` recent results (all forgotten at once when full). */
export function recentMemo<V>(compute: (key: string) => V, limit = 256): (key: string) => V {
  let seen = new Map<string, V>();
  return (key) => {
    if (seen.has(key)) return seen.get(key) as V;
    const value = compute(key);
    if (seen.size >= limit) seen = new Map();
    seen.set(key, value);
    return value;
  };
}
