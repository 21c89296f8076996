// The text of the config `memgen init` writes: a preset call, or a config of its own for the common process
// metrics, in TypeScript or YAML, each commented for the person who edits it next.

export interface PresetConfigText {
  preset: string;
  /** The preset is also a named export of 'memgen' (typed options); otherwise it is called from `presets`. */
  namedExport: boolean;
  options: Record<string, string | number>;
  why: string;
}

export interface OwnConfigText {
  service: string;
  port: number;
  /** Catalog entries beyond RSS and the start time, e.g. a runtime's heap gauge found on the metrics page. */
  heap?: string;
  why: string;
}

const RUNBOOKS_HINT = 'https://git.example.com/infra/-/blob/main/out/runbooks';

function tsValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function yamlValue(v: string | number): string {
  return typeof v === 'number' ? String(v) : JSON.stringify(v);
}

export function presetTs(c: PresetConfigText): string {
  const call = c.namedExport ? c.preset : `presets[${tsValue(c.preset)}]`;
  const options = Object.entries(c.options).map(([k, v]) => `  ${k}: ${tsValue(v)},\n`).join('');
  return `// memgen config, written by \`memgen init\` from the preset '${c.preset}' (${c.why}).
// The preset's options tune its thresholds, windows and metric names; \`memgen build\` checks them.
import { ${c.namedExport ? c.preset : 'presets'} } from 'memgen';

export default ${call}({
${options}});
`;
}

export function presetYaml(c: PresetConfigText, schemaPath: string): string {
  const options = Object.entries(c.options);
  return `# yaml-language-server: $schema=${schemaPath}
# memgen config, written by \`memgen init\` from the preset '${c.preset}' (${c.why}).
# The preset's options tune its thresholds, windows and metric names; \`memgen build\` checks them.
preset: ${c.preset}
options:${options.length === 0 ? ' {}' : options.map(([k, v]) => `\n  ${k}: ${yamlValue(v)}`).join('')}
`;
}

export function ownTs(c: OwnConfigText): string {
  const heap = c.heap ? `\n    // The runtime's heap, found on the metrics page: its floor grows when objects are kept alive.\n    heap: { name: '${c.heap}', type: 'gauge', unit: 'bytes' },` : '';
  return `// memgen config, written by \`memgen init\` (${c.why}).
// Each alert names a metric of the catalog; thresholds take units ('90%' of memoryLimit, '100MiB/h', '5m').
import { defineConfig } from 'memgen';

export default defineConfig({
  // Where the generated runbooks are served, so alert links open from Slack, PagerDuty and Grafana (until it
  // is set, \`memgen build\` warns that they are relative paths):
  // runbooks: { baseUrl: '${RUNBOOKS_HINT}' },
  metrics: {
    rss: { name: 'process_resident_memory_bytes', type: 'gauge', unit: 'bytes' },
    // Read by the warm-up grace: no growth alert while a process is younger than \`warmup\`.
    startTime: { name: 'process_start_time_seconds', type: 'gauge', unit: 'seconds' },${heap}
  },
  services: [
    // memoryLimit: the container's limit; percentage thresholds are taken of it.
    { name: ${tsValue(c.service)}, port: ${c.port}, memoryLimit: '1GiB' },
  ],
  alerts: [
    { kind: 'value', name: 'MemoryNearLimit', tier: 'critical', metric: 'rss', above: '90%', for: '5m' },
    // The lowest value of each 15 minutes, an hour apart: GC sawtooth and bursts do not move it, a leak does.
    { kind: 'floorGrowth', name: 'MemoryLeakSuspected', tier: 'high', metric: '${c.heap ? 'heap' : 'rss'}', window: '1h', floor: '15m', above: '100MiB/h', for: '2h', warmup: '1h' },
  ],
});
`;
}

export function ownYaml(c: OwnConfigText, schemaPath: string): string {
  const heap = c.heap ? `\n  # The runtime's heap, found on the metrics page: its floor grows when objects are kept alive.\n  heap: { name: ${c.heap}, type: gauge, unit: bytes }` : '';
  return `# yaml-language-server: $schema=${schemaPath}
# memgen config, written by \`memgen init\` (${c.why}).
# Each alert names a metric of the catalog; thresholds take units ('90%' of memoryLimit, '100MiB/h', '5m').

# Where the generated runbooks are served, so alert links open from Slack, PagerDuty and Grafana (until it
# is set, \`memgen build\` warns that they are relative paths):
# runbooks: { baseUrl: "${RUNBOOKS_HINT}" }
metrics:
  rss: { name: process_resident_memory_bytes, type: gauge, unit: bytes }
  # Read by the warm-up grace: no growth alert while a process is younger than \`warmup\`.
  startTime: { name: process_start_time_seconds, type: gauge, unit: seconds }${heap}
services:
  # memoryLimit: the container's limit; percentage thresholds are taken of it.
  - { name: ${yamlValue(c.service)}, port: ${c.port}, memoryLimit: 1GiB }
alerts:
  - { kind: value, name: MemoryNearLimit, tier: critical, metric: rss, above: 90%, for: 5m }
  # The lowest value of each 15 minutes, an hour apart: GC sawtooth and bursts do not move it, a leak does.
  - { kind: floorGrowth, name: MemoryLeakSuspected, tier: high, metric: ${c.heap ? 'heap' : 'rss'}, window: 1h, floor: 15m, above: 100MiB/h, for: 2h, warmup: 1h }
`;
}
