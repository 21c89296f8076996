// Identifiers derived from names, so they never change unless the name does: Grafana's panel ids are what
// bookmarks, links and provisioned-dashboard history key on.

/** 32-bit FNV-1a: tiny, dependency-free and stable across Node versions (unlike anything seeded). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
