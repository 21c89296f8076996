#!/usr/bin/env node
// Bundles the CLI after tsc: one file per command entry (main, build, diff, lint, test) plus shared chunks,
// written over tsc's dist/src/cli/*.js so `bin` keeps its path. Node then reads a handful of files instead of
// several hundred at start-up. The library (`exports`, dist/src/index.js and what it imports) stays tsc's unbundled output, which is
// what a memgen.config.ts imports as 'memgen'. Source maps sit beside the files; `--debug` turns them on.
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/src/cli');
const commands = ['main', 'build', 'diff', 'lint', 'test'];

// memgen's own templates, precompiled into the module that lists them (src/emit/precompiled.ts), with the
// options the compiler would use at run time, read from tsc's output of template.ts.
const { TEMPLATE_OPTIONS } = await import(path.join(root, 'dist/src/emit/template.js'));
const templates = readdirSync(path.join(root, 'templates')).filter((f) => f.endsWith('.hbs'));
const precompiled = templates
  .map((name) => {
    const text = readFileSync(path.join(root, 'templates', name), 'utf8');
    return `${JSON.stringify(name)}: { text: ${JSON.stringify(text)}, spec: ${Handlebars.precompile(text, TEMPLATE_OPTIONS)} }`;
  })
  .join(',\n');
const precompiledTemplates = {
  name: 'precompiled-templates',
  setup(b) {
    b.onLoad({ filter: /src[\\/]emit[\\/]precompiled\.ts$/ }, () => ({ contents: `export const PRECOMPILED = {\n${precompiled}\n};\n`, loader: 'js' }));
  },
};

// Chunks of an earlier bundle would otherwise pile up beside the new ones.
for (const f of readdirSync(outdir, { withFileTypes: true }).map((e) => e.name)) {
  if (f.startsWith('chunk-') || f.endsWith('.js.map')) rmSync(path.join(outdir, f));
}

const result = await build({
  absWorkingDir: root,
  entryPoints: commands.map((c) => `src/cli/${c}.ts`),
  outdir,
  bundle: true,
  splitting: true, // one copy of each shared module, so `instanceof ConfigError` holds across commands
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  chunkNames: 'chunk-[hash]',
  // jiti loads user configs with its own module machinery; it is only read when a .ts config is built.
  external: ['jiti', 'undici'],
  // CommonJS dependencies (handlebars, ajv) call require() for Node built-ins, which ESM output lacks.
  banner: { js: "import { createRequire as __memgenCreateRequire } from 'node:module';\nconst require = __memgenCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
  plugins: [precompiledTemplates],
});

// Which sources each file holds and what it imports, statically or on demand: test/bundle.test.ts reads it to
// check that a command loads only what it uses. Outside dist/src, so it is not packed.
writeFileSync(path.join(root, 'dist/bundle-meta.json'), JSON.stringify(result.metafile));

// The config's JSON Schema for editors (a YAML config's `# yaml-language-server: $schema=` line points at it).
const { PUBLISHED_SCHEMA_FILE, publishedSchema } = await import(path.join(root, 'dist/src/source/published-schema.js'));
writeFileSync(path.join(root, 'dist', PUBLISHED_SCHEMA_FILE), `${JSON.stringify(publishedSchema(), null, 2)}\n`);
