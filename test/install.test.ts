// memgen installed the ways a team installs it: `npm install git+<url>` (npm clones, installs the
// devDependencies, runs `prepare`, which builds dist/) and `npm install <tarball>` from `npm pack`. Each is
// installed once into a fresh project, whose memgen.config.ts imports 'memgen', and `npx memgen build`, `lint`
// and `test` run there. The git install reads the repository's committed state (a clone of HEAD), as a git
// URL would. Only the npm cache this machine's `npm ci` filled is needed (--prefer-offline).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/memgen.js';
import { runAsync, type RunResult } from './helpers/tools.js';

// A config of a team's own (not the preset): a Node.js service with two alerts and no dashboard panels.
const CONFIG = `import { defineConfig } from 'memgen';

export default defineConfig({
  metrics: {
    rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
    startTime: { name: 'process_start_time_seconds', type: 'gauge', unit: 'seconds' },
    heap: { name: 'nodejs_heap_size_used_bytes', type: 'gauge', unit: 'bytes' },
  },
  services: [{ name: 'orders', port: 9464, memoryLimit: '1GiB' }],
  runbooks: { baseUrl: 'https://runbooks.example.com/memory' },
  alerts: [
    { kind: 'value', name: 'OrdersMemoryHigh', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
    { kind: 'floorGrowth', name: 'OrdersHeapGrowth', tier: 'high', metric: 'heap', window: '1h', floor: '15m', above: '100MiB/h', for: '2h', warmup: '1h' },
  ],
});
`;

const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

async function git(args: string[], cwd: string): Promise<void> {
  const r = await runAsync('git', ['-c', 'user.email=test@memgen.invalid', '-c', 'user.name=memgen test', ...args], { cwd });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A project with memgen installed from `spec` and the team's config beside it. */
async function projectWith(spec: (project: string) => Promise<string>): Promise<{ dir: string; install: RunResult }> {
  const dir = tempDir('memgen-install-');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'infra', version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'memgen.config.ts'), CONFIG);
  const install = await runAsync('npm', [...INSTALL, await spec(dir)], { cwd: dir });
  return { dir, install };
}

const npx = (dir: string, ...args: string[]) => runAsync('npx', ['--no-install', 'memgen', ...args], { cwd: dir });

const installs: Record<string, () => Promise<{ dir: string; install: RunResult }>> = {
  // A clone, so the URL is a plain repository of committed files, as on a git host.
  'a git URL': () =>
    projectWith(async (project) => {
      const clone = path.join(project, 'memgen.git');
      await git(['clone', '--quiet', '--no-hardlinks', ROOT, clone], project);
      return `git+file://${clone}`;
    }),
  // dist/ is built by the test setup; --ignore-scripts packs it as it is rather than building it again.
  'npm pack': () =>
    projectWith(async (project) => {
      const packed = await runAsync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', project], { cwd: ROOT });
      if (packed.status !== 0) throw new Error(`npm pack: ${packed.stderr}`);
      return path.join(project, packed.stdout.trim().split('\n').pop() as string);
    }),
};

describe.each(Object.keys(installs))('memgen installed from %s', (how) => {
  let dir = '';
  beforeAll(async () => {
    const p = await (installs[how] as () => Promise<{ dir: string; install: RunResult }>)();
    expect(p.install.status, p.install.stderr).toBe(0);
    dir = p.dir;
  });

  it('has a working bin: build, lint and test the project config', async () => {
    const build = await npx(dir, 'build');
    expect(build.status, build.stderr).toBe(0);
    const alerts = readFileSync(path.join(dir, 'out/prometheus/alerts.yaml'), 'utf8');
    expect(alerts).toContain('job="orders"');
    expect(alerts).toContain('https://runbooks.example.com/memory/OrdersHeapGrowth.md');
    const lint = await npx(dir, 'lint');
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const test = await npx(dir, 'test');
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/OrdersMemoryHigh/);
  });

  it("exports defineConfig and the presets as 'memgen' to scripts", async () => {
    writeFileSync(path.join(dir, 'check.mjs'), "import { defineConfig, presets } from 'memgen';\nconsole.log(typeof defineConfig, presets.fastapi({ service: 'x' }).services[0].name);\n");
    const r = await runAsync(process.execPath, ['check.mjs'], { cwd: dir });
    expect(r.stdout.trim(), r.stderr).toBe('function x');
  });

  it("exports the linter as 'memgen/lint': rule files and dashboards, printed in any report format", async () => {
    writeFileSync(path.join(dir, 'rules.yaml'), 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n      - alert: Broken\n        expr: rate(up[5m]\n');
    writeFileSync(
      path.join(dir, 'lint.mjs'),
      [
        "import { loadLintInputs, lintFiles, LintContext, lintDashboard, report } from 'memgen/lint';",
        "const inputs = loadLintInputs(['rules.yaml']);",
        'const problems = [...inputs.problems, ...lintFiles(inputs.files, new LintContext())];',
        "const json = JSON.parse(await report('json', problems, (f) => inputs.sources.get(f)));",
        "const dashboard = lintDashboard({ panels: [{ type: 'timeseries', title: 'RSS', targets: [{ expr: 'rate(process_resident_memory_bytes[5m])' }] }] });",
        "console.log(JSON.stringify({ rules: json.map((p) => `${p.line}:${p.rule}`), dashboard: dashboard.map((p) => p.rule) }));",
      ].join('\n'),
    );
    const r = await runAsync(process.execPath, ['lint.mjs'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rules: string[]; dashboard: string[] };
    expect(out.rules).toContain('7:promql/syntax');
    expect(out.dashboard).toEqual(expect.arrayContaining(['dashboard/panel-units', 'promql/rate-on-gauge']));
  });

  it('builds a preset to what the repository commits, and ships the config JSON Schema', async () => {
    const out = path.join(dir, 'preset-out');
    const r = await npx(dir, 'build', '--preset', 'fastapi', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'out/prometheus/alerts.yaml'), 'utf8'));
    const schema = JSON.parse(readFileSync(path.join(dir, 'node_modules/memgen/dist/memgen.config.schema.json'), 'utf8'));
    expect(schema.anyOf[0].properties.services).toBeDefined();
    expect(schema.anyOf[1].properties.preset.enum).toContain('fastapi');
  });
});
