// Removes dist/ before a build, so a module that was moved or deleted in the sources does not live on in
// dist/ (where a stale import would still resolve, locally, and fail on a fresh clone).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

rmSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'), { recursive: true, force: true });
