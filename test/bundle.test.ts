// The shipped CLI is a bundle (scripts/bundle.mjs): each command loads only the modules it uses, and stack
// traces under --debug point into the TypeScript sources.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/memgen.js';
import { run } from './helpers/tools.js';

interface Metafile {
  outputs: Record<string, { imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown>; entryPoint?: string }>;
}
const meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/bundle-meta.json'), 'utf8')) as Metafile;

/** The sources an entry loads before running: the inputs of every file reached by static imports. */
function loadedAtStart(entry: string): string[] {
  const output = (file: string) => meta.outputs[file] as Metafile['outputs'][string];
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of output(file).imports) if (i.kind === 'import-statement' && meta.outputs[i.path]) visit(i.path);
  };
  visit(`dist/src/cli/${entry}.js`);
  return [...seen].flatMap((f) => Object.keys(output(f).inputs));
}

describe('the bundled CLI', () => {
  it('has one file per command entry', () => {
    for (const command of ['main', 'build', 'diff', 'lint', 'test']) {
      expect(meta.outputs[`dist/src/cli/${command}.js`]?.entryPoint, command).toBe(`src/cli/${command}.ts`);
    }
  });

  it('starts `memgen --help` with commander alone', () => {
    const sources = loadedAtStart('main');
    expect(sources.filter((s) => s.includes('node_modules/')).every((s) => s.includes('node_modules/commander/'))).toBe(true);
    // Besides src/cli, only the error classes the exit guard reports and the duration parser the --prometheus
    // options check: small modules with no imports of their own.
    expect(sources.filter((s) => s.startsWith('src/') && !s.startsWith('src/cli/')).sort()).toEqual(['src/config/errors.ts', 'src/promql/duration.ts']);
  });

  it('builds a preset without the YAML reader, the schema validator, the CRD models or the template compiler', () => {
    const sources = [...loadedAtStart('main'), ...loadedAtStart('build')];
    expect(sources).toContain('src/emit/tests.ts');
    expect(sources.some((s) => s.includes('handlebars.runtime'))).toBe(true);
    const heavy = ['node_modules/yaml/', 'node_modules/ajv/', '@kubernetes-models', 're2-wasm', 'src/config/validate.ts', 'src/config/yaml-source.ts', 'handlebars/compiler'];
    for (const module of heavy) {
      expect(sources.filter((s) => s.includes(module)), module).toEqual([]);
    }
  });

  it('diffs without loading any emitter, linter or template engine', () => {
    const sources = loadedAtStart('diff');
    expect(sources).toContain('src/diff/compare.ts');
    // src/emit/types.ts is no emitter: the output document's shape and the dashboards' mark, which the diff's
    // reader of a build folder (src/write/output.ts) recognises memgen's JSON by.
    const emitters = sources.filter((s) => s.startsWith('src/emit/') && s !== 'src/emit/types.ts');
    expect([...emitters, ...sources.filter((s) => s.startsWith('src/lint/') || s.includes('handlebars'))]).toEqual([]);
  });

  it('builds a preset without options loading no schema validator; options load and run it', () => {
    // ajv is required on demand (presets/options.ts); the process's module cache says whether it was.
    const probe = (call: string) =>
      run(process.execPath, [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module';
         const { fastapi } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/index.js'))});
         ${call};
         console.log(Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/ajv/')));`,
      ]).stdout.trim();
    expect(probe('fastapi()')).toBe('false');
    expect(probe('fastapi({})')).toBe('false');
    expect(probe("fastapi({ service: 'orders' })")).toBe('true');
    const refused = run(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), 'build', '--preset', 'fastapi', '--options', '{"memoryLimt": "1GiB"}', '--out', tempDir()]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("did you mean 'memoryLimit'");
  });

  it('renders runbooks from the precompiled template, byte for byte as the compiler does', () => {
    const out = tempDir();
    const r = run(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), 'build', '--preset', 'fastapi', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    // The committed out/ was rendered by the Handlebars compiler.
    for (const page of ['CriticalMemoryUsage', 'GCSlowdown']) {
      expect(readFileSync(path.join(out, `runbooks/${page}.md`), 'utf8')).toBe(readFileSync(path.join(ROOT, `out/runbooks/${page}.md`), 'utf8'));
    }
  });

  it('maps stack traces under --debug to the TypeScript sources', () => {
    const dir = tempDir();
    const config = path.join(dir, 'memgen.config.ts');
    writeFileSync(config, `import { fastapi } from 'memgen';\nexport default { ...fastapi(), get services() { throw new Error('a bug somewhere'); } };\n`);
    const r = run(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), '--debug', 'build', '-c', config, '--out', path.join(dir, 'out')]);
    // A bug is an internal error: exit 3.
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/at \w+ \(.*src\/config\/validate\.ts:\d+:\d+\)/);
  });
});

// The packed package, installed into a project with npm, is checked in test/install.test.ts.
