// `memgen init`: writes a starting memgen.config.ts (or .yaml) without asking anything. With --metrics it
// reads a saved /metrics page and picks the preset its runtime families call for; a preset this memgen does
// not have falls back to a config of its own over the process metrics every client library exports.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../config/errors.js';
import { DEFAULT_CONFIG_FILES } from '../source/config-file.js';
import { PUBLISHED_SCHEMA_FILE } from '../source/published-schema.js';
import { closest } from '../dsl/units.js';
import { detectPreset, metricFamilies, type Detected } from '../init/detect.js';
import { ownTs, ownYaml, presetTs, presetYaml, type OwnConfigText, type PresetConfigText } from '../init/templates.js';
import { presets } from '../../presets/index.js';
import { EXIT_OK } from './exit.js';

export interface InitOptions {
  preset?: string;
  metrics?: string;
  format: string;
  service?: string;
  port?: string;
  dir: string;
}

// Heap gauges of the runtimes' client libraries, for a config of its own when the page has one.
const HEAP_GAUGES = ['nodejs_heap_size_used_bytes', 'go_memstats_heap_inuse_bytes'];

function detect(opts: InitOptions): { detected: Detected; families: Set<string> } {
  if (!opts.metrics) return { detected: { reason: 'no --metrics page to detect from' }, families: new Set() };
  const file = path.resolve(opts.dir, opts.metrics);
  if (!existsSync(file)) throw new UsageError(`--metrics: no file ${opts.metrics} (save a page with: curl -s http://localhost:PORT/metrics > metrics.txt)`);
  const families = metricFamilies(readFileSync(file, 'utf8'));
  if (families.size === 0) throw new UsageError(`--metrics: ${opts.metrics} holds no Prometheus metrics (expected the text a /metrics endpoint serves)`);
  return { detected: detectPreset(families), families };
}

function checkPresetName(name: string): void {
  if (Object.hasOwn(presets, name)) return;
  const guess = closest(name, Object.keys(presets));
  throw new UsageError(`--preset: unknown preset '${name}'${guess ? `; did you mean '${guess}'?` : ''} (presets: ${Object.keys(presets).sort().join(', ')})`);
}

/** The options the preset is written with: `service` only if the preset takes it (it names its service). */
function presetOptions(name: string, service: string | undefined): Record<string, string> {
  if (!service) return {};
  try {
    return presets[name]?.({ service }).services.some((s) => s.name === service) ? { service } : {};
  } catch {
    return {};
  }
}

async function isNamedExport(name: string): Promise<boolean> {
  const library = (await import('../index.js')) as Record<string, unknown>;
  return typeof library[name] === 'function' && library[name] === presets[name];
}

/** The schema path as the YAML file's directory reaches it: relative inside the project, absolute otherwise. */
function schemaPathFrom(dir: string): string {
  const schema = fileURLToPath(new URL(`../../${PUBLISHED_SCHEMA_FILE}`, import.meta.url));
  const relative = path.relative(dir, schema);
  return relative.startsWith('..') || path.isAbsolute(relative) ? schema : `./${relative.split(path.sep).join('/')}`;
}

export async function runInit(opts: InitOptions): Promise<number> {
  if (opts.format !== 'ts' && opts.format !== 'yaml') throw new UsageError(`--format: '${opts.format}' is neither ts nor yaml`);
  const port = opts.port === undefined ? 8000 : Number(opts.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port: '${opts.port}' is not a port number (1-65535)`);
  const existing = DEFAULT_CONFIG_FILES.find((f) => existsSync(path.join(opts.dir, f)));
  if (existing) throw new UsageError(`${path.join(opts.dir, existing)} already exists; memgen init never overwrites a config (edit it, or remove it to start again)`);
  if (opts.preset) checkPresetName(opts.preset);

  const { detected, families } = detect(opts);
  const wanted = opts.preset ?? detected.preset;
  const notes: string[] = [];
  if (!opts.preset && detected.preset && !Object.hasOwn(presets, detected.preset)) {
    notes.push(`found ${detected.reason}, but this memgen has no '${detected.preset}' preset (presets: ${Object.keys(presets).sort().join(', ')}); wrote a config of its own over the process metrics instead`);
  }
  const file = path.join(opts.dir, opts.format === 'ts' ? 'memgen.config.ts' : 'memgen.config.yaml');
  const schemaPath = schemaPathFrom(opts.dir);
  let text: string;
  let summary: string;
  if (wanted && Object.hasOwn(presets, wanted)) {
    const c: PresetConfigText = {
      preset: wanted,
      namedExport: await isNamedExport(wanted),
      options: presetOptions(wanted, opts.service),
      why: opts.preset ? 'chosen with --preset' : `detected: ${detected.reason}`,
    };
    text = opts.format === 'ts' ? presetTs(c) : presetYaml(c, schemaPath);
    summary = `the '${wanted}' preset`;
  } else {
    const c: OwnConfigText = {
      service: opts.service ?? (path.basename(path.resolve(opts.dir)).replace(/[^A-Za-z0-9_.-]+/g, '-') || 'app'),
      port,
      heap: HEAP_GAUGES.find((g) => families.has(g)),
      why: detected.runtime ? `${detected.runtime} runtime detected; process metrics` : `${detected.reason}; process metrics`,
    };
    text = opts.format === 'ts' ? ownTs(c) : ownYaml(c, schemaPath);
    summary = 'a config of its own (RSS near the limit, a growing memory floor)';
  }
  writeFileSync(file, text, { flag: 'wx' });
  for (const note of notes) process.stderr.write(`memgen: ${note}\n`);
  process.stdout.write(`memgen: wrote ${path.relative(process.cwd(), file) || file} from ${summary}

Next:
  npx memgen build    write out/: Prometheus rules, tests, dashboard, runbooks, manifests
  npx memgen lint     check the rules and the dashboard
  npx memgen test     run the generated promtool tests
`);
  return EXIT_OK;
}
