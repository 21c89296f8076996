// The shipped CLI is a bundle (scripts/bundle.mjs): each command loads only the modules it uses, stack traces
// under --debug point into the TypeScript sources, and the packed package installs with a working `bin`, the
// library export, and a memgen.config.ts that imports 'memgen'.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(sources.filter((s) => s.startsWith('src/emit/') || s.startsWith('src/lint/') || s.includes('handlebars'))).toEqual([]);
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

describe('the packed package', () => {
  // npm pack, unpacked into a project's node_modules beside this repository's dependencies: no registry needed.
  const project = tempDir('memgen-pack-');
  const pack = run('npm', ['pack', '--silent', '--pack-destination', project], { cwd: ROOT });
  const installed = path.join(project, 'node_modules/memgen');

  it('packs the bundle, the library and the templates', () => {
    expect(pack.status, pack.stderr).toBe(0);
    mkdirSync(installed, { recursive: true });
    const tarball = path.join(project, pack.stdout.trim().split('\n').pop() as string);
    expect(run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']).status).toBe(0);
    for (const dep of Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies)) {
      const link = path.join(project, 'node_modules', dep);
      mkdirSync(path.dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(path.join(ROOT, 'node_modules', dep), link);
    }
    for (const f of ['dist/src/cli/main.js', 'dist/src/dsl/index.js', 'dist/src/dsl/index.d.ts', 'templates/runbook.md.hbs']) expect(existsSync(path.join(installed, f)), f).toBe(true);
  });

  it("runs the package's bin", () => {
    const bin = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).bin.memgen as string;
    const r = run(process.execPath, [path.join(installed, bin), 'build', '--preset', 'fastapi', '--out', path.join(project, 'out')], { cwd: project });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(project, 'out/prometheus/alerts.yaml'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'out/prometheus/alerts.yaml'), 'utf8'));
  });

  it("exports defineConfig and fastapi as 'memgen', to scripts and to a memgen.config.ts", () => {
    writeFileSync(path.join(project, 'check.mjs'), "import { defineConfig, fastapi } from 'memgen';\nconsole.log(typeof defineConfig, fastapi({ service: 'x' }).services[0].name);\n");
    const r = run(process.execPath, ['check.mjs'], { cwd: project });
    expect(r.stdout.trim(), r.stderr).toBe('function x');
    writeFileSync(path.join(project, 'memgen.config.ts'), "import { fastapi } from 'memgen';\nexport default fastapi({ service: 'checkout' });\n");
    const bin = path.join(installed, 'dist/src/cli/main.js');
    const b = run(process.execPath, [bin, 'build', '--out', path.join(project, 'ts-out')], { cwd: project });
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(path.join(project, 'ts-out/prometheus/alerts.yaml'), 'utf8')).toContain('job="checkout"');
  });
});
