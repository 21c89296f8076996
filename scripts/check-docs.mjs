// Writes docs/checks/ from the checks' metadata, rule-file and dashboard checks alike (run after `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { ALL_CHECKS } = await import(path.join(root, 'dist/src/lint/all-checks.js'));
const { checkDocPath, renderCheckDoc, renderDocsIndex } = await import(path.join(root, 'dist/src/lint/docs.js'));
// The online checks (memgen lint --prometheus) have pages too; the index lists the checks that run everywhere.
const { LIVE_CHECKS } = await import(path.join(root, 'dist/src/lint/live/index.js'));

for (const check of [...ALL_CHECKS, ...LIVE_CHECKS]) {
  const file = path.join(root, checkDocPath(check));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderCheckDoc(check));
}
writeFileSync(path.join(root, 'docs/checks/README.md'), renderDocsIndex(ALL_CHECKS));
console.log(`wrote ${ALL_CHECKS.length} pages to docs/checks/`);
