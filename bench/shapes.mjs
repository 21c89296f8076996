#!/usr/bin/env node
// Precision and recall of leak alerting over memgen's shape catalog, counted in runs (shapes), not minutes:
// the fastapi preset as it compiles now, side by side with the preset before the alert-truth work and with the
// guide's own rules as the guide writes them, all evaluated in this run by the same engine on the same shapes
// (1000 MiB limit, 30s scrape, 15s evaluation). A shape is "alerted" when any alert fires on it, "paged" when a
// critical or high one does; a leak counts as caught only before it reaches the limit. Prints figures; asserts
// nothing. Usage: npm run bench:shapes  (or node bench/shapes.mjs)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { buildCheckedModel } = await import(dist('src/pipeline.js'));
const { fastapi } = await import(dist('presets/fastapi.js'));
const { judgeContext, judgeShape } = await import(dist('src/shapes/judge.js'));
const { shapeCatalog } = await import(dist('src/shapes/catalog.js'));
const { parseDuration } = await import(dist('src/dsl/units.js'));

const model = buildCheckedModel({ config: fastapi(), problems: [], source: 'preset fastapi', locate: () => ({ file: 'preset fastapi' }) });
const service = model.services[0];
const current = model.groups[0].alerts;
const ctx = judgeContext(model, service, current);

/** The rules of a Prometheus rule file, with the tier their severity (label, or annotation as the guide has it) names. */
function rulesOf(file) {
  const doc = parse(readFileSync(path.join(root, file), 'utf8'));
  return doc.groups.flatMap((g) =>
    g.rules
      .filter((r) => r.alert)
      .map((r) => ({ name: r.alert, expr: String(r.expr).trim(), for: r.for ? parseDuration(String(r.for)) : 0, tier: { name: r.labels?.severity ?? r.annotations?.severity ?? 'medium' } })),
  );
}

const sets = [
  ['memgen fastapi preset (now)', current],
  ['memgen 0.1.0 fastapi preset', rulesOf('bench/fixtures/previous-alerts.yaml')],
  ["the guide's rules as written", rulesOf('bench/fixtures/guide-alerts.yaml')],
];
const shapes = shapeCatalog();
const pct = (a, b) => (b === 0 ? 'n/a' : `${Math.round((100 * a) / b)}%`);
const rows = [];
for (const [name, rules] of sets) {
  const start = performance.now();
  const results = shapes.map((shape) => judgeShape(shape, ctx, rules));
  const healthy = results.filter((r) => r.shape.healthy);
  const leaks = results.filter((r) => !r.shape.healthy);
  const alerted = (r) => r.cells.some((c) => c.firstFiring !== undefined);
  const paged = (r) => r.cells.some((c) => c.firstFiring !== undefined && ['critical', 'high'].includes(c.alert.tier.name));
  const caught = (r, acting) => r.cells.some((c) => c.firstFiring !== undefined && c.firstFiring < r.sampled.run.limitAt && (!acting || ['critical', 'high'].includes(c.alert.tier.name)));
  const fp = healthy.filter(alerted).length;
  const tp = leaks.filter((r) => caught(r, false)).length;
  const fpPage = healthy.filter(paged).length;
  const tpPage = leaks.filter((r) => caught(r, true)).length;
  const falseAlarms = healthy.filter(alerted).map((r) => r.shape.id.replace(/^(healthy|recorded)\//, ''));
  rows.push({ name, fp, tp, fpPage, tpPage, healthy: healthy.length, leaks: leaks.length, falseAlarms, ms: performance.now() - start });
  void pct;
}
const head = ['rule set', 'healthy alerted', 'leaks caught', 'precision', 'recall', 'paged precision', 'paged recall'];
const table = rows.map((r) => [
  r.name,
  `${r.fp}/${r.healthy}`,
  `${r.tp}/${r.leaks}`,
  pct(r.tp, r.tp + r.fp),
  pct(r.tp, r.leaks),
  pct(r.tpPage, r.tpPage + r.fpPage),
  pct(r.tpPage, r.leaks),
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`${shapes.length} shapes (${rows[0].healthy} healthy, ${rows[0].leaks} leaking), 1000 MiB limit, 30s scrape, 15s evaluation`);
console.log(line(head));
for (const row of table) console.log(line(row));
for (const r of rows) if (r.falseAlarms.length > 0) console.log(`${r.name}: fires on ${r.falseAlarms.join(', ')}`);
