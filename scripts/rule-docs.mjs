// Writes docs/rules/ from the checks' metadata (run after `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { CHECKS } = await import(path.join(root, 'dist/src/lint/rules/index.js'));
const { checkDocPath, renderCheckDoc, renderDocsIndex } = await import(path.join(root, 'dist/src/lint/docs.js'));
// The online checks (memgen lint --prometheus) have pages too; the index lists the checks that run everywhere.
const { LIVE_CHECKS } = await import(path.join(root, 'dist/src/lint/live/index.js'));

for (const check of [...CHECKS, ...LIVE_CHECKS]) {
  const file = path.join(root, checkDocPath(check));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderCheckDoc(check));
}
writeFileSync(path.join(root, 'docs/rules/README.md'), renderDocsIndex(CHECKS));
console.log(`wrote ${CHECKS.length} pages to docs/rules/`);
