import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presets } from '../presets/index.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { CLI, memgen, ROOT, snapshot, tempDir } from './helpers/memgen.js';


describe('memgen CLI', () => {
  it('explains itself in --help and build --help', () => {
    const top = memgen(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/build \[options\]/);
    const build = memgen(['build', '--help']);
    expect(build.status).toBe(0);
    for (const option of ['--preset', '--config', '--out', '--check']) expect(build.stdout).toContain(option);
    expect(build.stdout).toMatch(/Exit codes/);
  });

  it('names every preset of the registry in the --preset help of each command that takes one', () => {
    for (const command of ['build', 'test', 'lint', 'diff', 'backtest']) {
      const help = memgen([command, '--help']).stdout.replace(/\s+/g, ' ');
      expect(help, command).toContain(`(presets: ${Object.keys(presets).join(', ')})`);
      expect(help, command).toContain('--options <json|file>');
    }
  });

  it('exits 2 with one line and a suggestion for a misspelt preset', () => {
    const r = memgen(['build', '--preset', 'fastpai', '--out', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["memgen: unknown preset 'fastpai'; did you mean 'fastapi'? (presets: fastapi, python, node, go, jvm)"]);
  });

  it('exits 2 with one line for a missing config file', () => {
    const r = memgen(['build', '-c', 'missing.config.ts', '--out', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['memgen: config file not found: missing.config.ts']);
  });

  it('stops quietly when the reader of its output closes the pipe early', () => {
    // 300 warnings of text output are far more than a pipe buffer, so memgen is still writing when head exits.
    const dir = tempDir();
    const rules = Array.from({ length: 300 }, (_, i) => `      - alert: A${i}\n        expr: up == 0\n        labels: { severity: page }`);
    writeFileSync(path.join(dir, 'rules.yaml'), `groups:\n  - name: g\n    rules:\n${rules.join('\n')}\n`);
    const r = spawnSync('sh', ['-c', `node "${CLI}" lint rules.yaml | head -n 1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^rules\.yaml:\d+:\d+: /);
    expect(r.stderr).toBe('');
  });

  it('exits 2 for an unknown command or option', () => {
    expect(memgen(['bulid']).status).toBe(2);
    expect(memgen(['build', '--preset', 'fastapi', '--frobnicate']).status).toBe(2);
  });

  it('writes the same bytes on every run', () => {
    const a = path.join(tempDir(), 'out');
    const b = path.join(tempDir(), 'out');
    expect(memgen(['build', '--preset', 'fastapi', '--out', a]).status).toBe(0);
    expect(memgen(['build', '--preset', 'fastapi', '--out', b]).status).toBe(0);
    expect(snapshot(b)).toEqual(snapshot(a));
    const manifest = JSON.parse(snapshot(a)['.memgen-manifest.json']!);
    expect(Object.keys(snapshot(a)).sort()).toEqual(['.memgen-manifest.json', ...manifest.files].sort());
  });

  it('on an invalid config exits 2, names file:line and the field, and leaves existing output untouched', () => {
    const out = path.join(tempDir(), 'out');
    expect(memgen(['build', '--preset', 'fastapi', '--out', out]).status).toBe(0);
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    const before = snapshot(out);
    const r = memgen(['build', '-c', path.join(ROOT, 'test/fixtures/configs/invalid.yaml'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/invalid\.yaml:9:5: services\[0\]\.memoryLimt: unknown key 'memoryLimt' \(did you mean 'memoryLimit'\?\)/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(snapshot(out)).toEqual(before);
  });

  it('refuses to write when a check fails, naming the alert, the panel and the problem', () => {
    const out = path.join(tempDir(), 'out');
    const r = memgen(['build', '-c', path.join(ROOT, 'test/fixtures/configs/bad-template.yaml'), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`rule 'MemoryHigh', annotations.description at column 11: error: template error in annotations.description: undefined variable "$label"`);
    expect(r.stderr).toMatch(/panel 'RSS', panels\[0\]\.targets\[0\]\.expr at column \d+: error: PromQL syntax error/);
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(out)).toBe(false);
  });

  it('build --check passes on a fresh build, fails on a stale one, and writes nothing', () => {
    const out = path.join(tempDir(), 'out');
    expect(memgen(['build', '--preset', 'fastapi', '--out', out]).status).toBe(0);
    expect(memgen(['build', '--preset', 'fastapi', '--out', out, '--check']).status).toBe(0);
    const rules = path.join(out, 'prometheus/alerts.yaml');
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('> 5242880', '> 8388608'));
    const stale = snapshot(out);
    const r = memgen(['build', '--preset', 'fastapi', '--out', out, '--check']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('stale: ');
    expect(r.stderr).toContain('alerts.yaml');
    expect(snapshot(out)).toEqual(stale);
  });

  it('builds a TS config from another folder, resolving its import of memgen', () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'test/fixtures/configs/memgen.config.ts'), path.join(dir, 'memgen.config.ts'));
    const r = memgen(['build', '--out', 'generated'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'generated/prometheus/alerts.yaml'), 'utf8')).toContain('> 8388608');
  });
});

describe('the committed out/', () => {
  it('is what `memgen build --preset fastapi` writes today', () => {
    const r = memgen(['build', '--preset', 'fastapi', '--check']);
    expect(r.stderr).not.toMatch(/^(stale|missing|extra):/m);
    expect(r.status, r.stderr).toBe(0);
  });
});
