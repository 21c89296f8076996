// The real promtool judges the output: `check config` and `check rules` accept what memgen writes, for the
// preset and for the YAML and TS fixture configs.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memgen, ROOT, tempDir } from './helpers/memgen.js';
import { promtool, skipWithout } from './helpers/tools.js';

const SOURCES: Array<[string, string[]]> = [
  ['the fastapi preset', ['--preset', 'fastapi']],
  ['a YAML config', ['-c', path.join(ROOT, 'test/fixtures/configs/minimal.yaml')]],
  ['a TS config', ['-c', path.join(ROOT, 'test/fixtures/configs/memgen.config.ts')]],
];

describe.skipIf(skipWithout('promtool'))('promtool accepts the output', () => {
  it.each(SOURCES)('of %s', (_name, args) => {
    const out = path.join(tempDir(), 'out');
    const built = memgen(['build', ...args, '--out', out]);
    expect(built.status, built.stderr).toBe(0);
    const config = promtool('check', 'config', path.join(out, 'prometheus/prometheus.yml'));
    expect(config.status, config.stdout + config.stderr).toBe(0);
    expect(config.stdout).toContain('SUCCESS: 1 rule files found');
    const rules = promtool('check', 'rules', path.join(out, 'prometheus/alerts.yaml'));
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
    expect(rules.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('and the committed out/ as it is in the repository', () => {
    expect(promtool('check', 'config', path.join(ROOT, 'out/prometheus/prometheus.yml')).status).toBe(0);
    const r = promtool('check', 'rules', path.join(ROOT, 'out/prometheus/alerts.yaml'));
    expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });
});
