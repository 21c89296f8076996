// A failure at any point of a build leaves the previous output exactly as it was: an emitter that throws, or
// a disk write that fails half-way through the new files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBuild } from '../src/cli/build.js';
import { MANIFEST } from '../src/write/output.js';
import { snapshot, tempDir } from './helpers/memgen.js';

const faults = vi.hoisted(() => ({ emitter: false, writesBeforeFailure: -1 }));

vi.mock('../src/emit/grafana.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/emit/grafana.js')>();
  return {
    ...original,
    // The last emitter of the pipeline.
    emitGrafanaProvisioning: () => {
      if (faults.emitter) throw new Error('injected failure in the last emitter');
      return original.emitGrafanaProvisioning();
    },
  };
});

vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  const writeFileSync = (...args: Parameters<typeof original.writeFileSync>) => {
    if (faults.writesBeforeFailure === 0) throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), { code: 'ENOSPC' });
    if (faults.writesBeforeFailure > 0) faults.writesBeforeFailure--;
    return original.writeFileSync(...args);
  };
  return { ...original, default: { ...original, writeFileSync }, writeFileSync };
});


async function buildInto(out: string, extra: { force?: boolean } = {}): Promise<number> {
  return runBuild({ preset: 'fastapi', out, ...extra });
}

/** An output folder from an earlier build, with a tell-tale edit so a rewrite would show. */
async function previousOutput(): Promise<{ out: string; before: Record<string, string> }> {
  const out = path.join(tempDir(), 'out');
  expect(await buildInto(out)).toBe(0);
  const rules = path.join(out, 'prometheus/alerts.yaml');
  writeFileSync(rules, readFileSync(rules, 'utf8').replace('> 5242880', '> 1'));
  return { out, before: snapshot(out) };
}

afterEach(() => {
  faults.emitter = false;
  faults.writesBeforeFailure = -1;
});

describe('atomic output', () => {
  it('an emitter failing midway leaves the old output intact', async () => {
    const { out, before } = await previousOutput();
    faults.emitter = true;
    await expect(buildInto(out)).rejects.toThrow(/injected failure/);
    expect(snapshot(out)).toEqual(before);
  });

  it('a write failing after some new files were written leaves the old output intact and no debris', async () => {
    const { out, before } = await previousOutput();
    faults.writesBeforeFailure = 4;
    await expect(buildInto(out)).rejects.toThrow(/ENOSPC/);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('a successful build replaces the old output and records a manifest', async () => {
    const { out } = await previousOutput();
    expect(await buildInto(out)).toBe(0);
    expect(readFileSync(path.join(out, 'prometheus/alerts.yaml'), 'utf8')).toContain('> 5242880');
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8'));
    expect(manifest.files).toContain('prometheus/alerts.yaml');
    expect(readdirSync(path.dirname(out))).toEqual(['out']);
  });

  it('removes files it generated earlier and no longer does, and keeps foreign files when forced', async () => {
    const out = path.join(tempDir(), 'out');
    expect(await buildInto(out)).toBe(0);
    // An earlier build that wrote one more file:
    const manifestPath = path.join(out, MANIFEST);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.files.push('prometheus/old-rules.yaml');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    writeFileSync(path.join(out, 'prometheus/old-rules.yaml'), 'groups: []\n');
    expect(await buildInto(out)).toBe(0);
    expect(existsSync(path.join(out, 'prometheus/old-rules.yaml'))).toBe(false);

    writeFileSync(path.join(out, 'NOTES.md'), 'ours, not memgen’s\n');
    await expect(buildInto(out)).rejects.toThrow(/holds files memgen did not write \(NOTES\.md\).*--force/);
    expect(await buildInto(out, { force: true })).toBe(0);
    expect(readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('ours, not memgen’s\n');
  });
});
