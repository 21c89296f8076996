// Panel ids and grid positions. Ids are derived from each panel's own key (its title; a row's name), so adding,
// removing or reordering other panels leaves them alone: Grafana keys panel links (viewPanel=ID), library
// links and the change history on them. An explicit id in the DSL would also be stable, but every user would
// have to invent and maintain numbers; a hash gives the same stability for free.
// Layout packs panels left to right on Grafana's 24-column grid, a row header above each concern.
import type { PanelType } from '../../dsl/types.js';
import { fnv1a } from '../../model/stable-id.js';

export const GRID_COLUMNS = 24;
const ROW_HEIGHT = 1;
/** Ids are 1..ID_SPACE: small enough to read in a URL, large enough that collisions are rare (and handled). */
const ID_SPACE = 99_999;

const SIZES: Record<PanelType, { w: number; h: number }> = {
  timeseries: { w: 12, h: 8 },
  stat: { w: 6, h: 8 },
  table: { w: 24, h: 8 },
};

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * One id per key. Keys are visited in sorted order (not config order) and a taken id moves to the next free
 * one, so the result depends only on the set of keys; a collision is the one case where a new key can move
 * another's id, and with ~10 panels in 99,999 slots that is about one dashboard in two thousand.
 */
export function stableIds(keys: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of [...new Set(keys)].sort()) {
    let id = (fnv1a(key) % ID_SPACE) + 1;
    while (taken.has(id)) id = (id % ID_SPACE) + 1;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

export const panelKey = (title: string): string => `panel:${title}`;
export const rowKey = (row: string): string => `row:${row}`;

export interface Section<P> {
  /** Undefined for the panels that come before the first row. */
  row?: string;
  panels: P[];
}

/** Groups panels by row, keeping config order: row-less panels first, then rows in order of first use. */
export function sections<P extends { row?: string }>(panels: readonly P[]): Array<Section<P>> {
  const loose: P[] = panels.filter((p) => p.row === undefined);
  const byRow = new Map<string, P[]>();
  for (const p of panels) if (p.row !== undefined) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const result: Array<Section<P>> = loose.length > 0 ? [{ panels: loose }] : [];
  for (const [row, list] of byRow) result.push({ row, panels: list });
  return result;
}

export interface Placement<P> {
  row?: { title: string; gridPos: GridPos };
  panels: Array<{ panel: P; gridPos: GridPos }>;
}

/** Positions for each section: a full-width row header, then panels packed into lines of 24 columns. */
export function layout<P extends { row?: string; type: PanelType }>(panels: readonly P[]): Array<Placement<P>> {
  let y = 0;
  return sections(panels).map((section) => {
    const placement: Placement<P> = { panels: [] };
    if (section.row !== undefined) {
      placement.row = { title: section.row, gridPos: { x: 0, y, w: GRID_COLUMNS, h: ROW_HEIGHT } };
      y += ROW_HEIGHT;
    }
    let x = 0;
    let lineHeight = 0;
    for (const panel of section.panels) {
      const { w, h } = SIZES[panel.type];
      if (x + w > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      placement.panels.push({ panel, gridPos: { x, y, w, h } });
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
    return placement;
  });
}
