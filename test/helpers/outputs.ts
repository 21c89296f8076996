// Builds a config or preset with the compiled CLI into a temporary folder, and reads the files back.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { memgen, ROOT, tempDir } from './memgen.js';

export const FLEET_CONFIG = path.join(ROOT, 'test/fixtures/fleet/memgen.config.yaml');

export interface Built {
  dir: string;
  file(rel: string): string;
  yaml<T = unknown>(rel: string): T;
  yamlDocuments<T = unknown>(rel: string): T[];
}

export function built(dir: string): Built {
  const file = (rel: string): string => path.join(dir, rel);
  return {
    dir,
    file,
    yaml: <T>(rel: string) => parse(readFileSync(file(rel), 'utf8')) as T,
    yamlDocuments: <T>(rel: string) => parseAllDocuments(readFileSync(file(rel), 'utf8')).map((d) => d.toJS() as T),
  };
}

/** `memgen build` with the given source arguments (e.g. ['--preset', 'fastapi']); fails the test if it fails. */
export function build(args: string[]): Built {
  const dir = tempDir();
  const r = memgen(['build', ...args, '-o', dir]);
  if (r.status !== 0) throw new Error(`memgen build ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return built(dir);
}
