// Identifiers derived from names, so they never change unless the name does: Grafana's dashboard uid and
// panel ids are what bookmarks, links and provisioned-dashboard history key on.

/** 32-bit FNV-1a: tiny, dependency-free and stable across Node versions (unlike anything seeded). */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const UID_MAX = 40;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Grafana uids are at most 40 characters of [a-zA-Z0-9_-]. Built from the service and the dashboard's name;
 * a name too long to fit is cut and given a hash of the whole, so two long names cannot end up the same.
 */
export function dashboardUid(service: string, dashboard: string): string {
  const full = `memgen-${slug(service)}-${slug(dashboard)}`;
  if (full.length <= UID_MAX) return full;
  const hash = fnv1a(full).toString(36).padStart(7, '0');
  return `${full.slice(0, UID_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}
