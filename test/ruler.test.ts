// Rule files for the Mimir/Cortex ruler (mimirtool's namespace format) and the Thanos ruler (plain rule
// files). Both must carry alerts.yaml's groups unchanged; promtool judges the groups.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { memgen, tempDir } from './helpers/memgen.js';
import { build, FLEET_CONFIG } from './helpers/outputs.js';
import { promtool, skipWithout } from './helpers/tools.js';

const presetWithTargets = build(['--preset', 'fastapi', '--target', 'mimir', 'thanos']);
const fleet = build(['-c', FLEET_CONFIG]);
const alertGroups = (out: typeof fleet) => out.yaml<{ groups: unknown[] }>('prometheus/alerts.yaml').groups;

describe('mimir/rules.yaml', () => {
  it('is a mimirtool rule namespace: namespace and groups, nothing else', () => {
    const doc = fleet.yaml<Record<string, unknown>>('mimir/rules.yaml');
    expect(Object.keys(doc)).toEqual(['namespace', 'groups']);
    expect(doc.namespace).toBe('shop-memory');
    expect(doc.groups).toEqual(alertGroups(fleet));
  });

  it('takes its namespace from the PrometheusRule name by default', () => {
    expect(presetWithTargets.yaml<{ namespace: string }>('mimir/rules.yaml').namespace).toBe('memgen-memory');
  });

  it.skipIf(skipWithout('promtool'))('holds groups promtool accepts', () => {
    const file = path.join(tempDir(), 'groups.yaml');
    writeFileSync(file, stringify({ groups: fleet.yaml<{ groups: unknown[] }>('mimir/rules.yaml').groups }));
    const r = promtool('check', 'rules', file);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('thanos/rules.yaml', () => {
  it('is a plain Prometheus rule file with the groups of alerts.yaml', () => {
    const doc = fleet.yaml<Record<string, unknown>>('thanos/rules.yaml');
    expect(doc).toEqual({ groups: alertGroups(fleet) });
  });

  it.skipIf(skipWithout('promtool'))('passes promtool check rules', () => {
    const r = promtool('check', 'rules', presetWithTargets.file('thanos/rules.yaml'));
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe('choosing targets', () => {
  it('writes no ruler files unless asked', () => {
    const plain = build(['--preset', 'fastapi']);
    expect(() => plain.yaml('mimir/rules.yaml')).toThrow();
    expect(() => plain.yaml('thanos/rules.yaml')).toThrow();
  });

  it('--target adds to the config\'s targets and writes the same bytes whatever the order', () => {
    const a = build(['--preset', 'fastapi', '--target', 'thanos', 'mimir']);
    const r = memgen(['build', '--preset', 'fastapi', '--target', 'mimir', 'thanos', '--check', '-o', a.dir]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('refuses an unknown target with exit 2', () => {
    const r = memgen(['build', '--preset', 'fastapi', '--target', 'cortex', '-o', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Allowed choices are mimir, thanos');
  });

  it('refuses an unknown target in the config with a suggestion', () => {
    const file = path.join(tempDir(), 'memgen.config.yaml');
    writeFileSync(
      file,
      stringify({
        metrics: { rss: { name: 'process_rss_bytes', type: 'gauge', unit: 'bytes' } },
        services: [{ name: 'api', port: 8000 }],
        alerts: [],
        ruler: { targets: ['mimri'] },
      }),
    );
    const r = memgen(['build', '-c', file, '-o', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("did you mean 'mimir'?");
  });
});
