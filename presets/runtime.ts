// The wiring every runtime preset shares: check the options against the preset's schema, name the metrics,
// apply the alert overrides, and assemble the config. A runtime preset declares only what differs: its
// metrics, alerts and panels (presets/python.ts, node.ts, go.ts, jvm.ts).
import type { JsonSchema } from '../src/config/schema.js';
import { defineConfig } from '../src/dsl/define.js';
import type { AlertConfig, MemgenConfig, PanelConfig } from '../src/dsl/types.js';
import type { ByteSize } from '../src/dsl/units.js';
import { checkPresetOptions, commonOptionProperties, optionsSchema } from './options.js';
import { applyOverrides, processMetrics, runtimeConfig, type CommonOptions } from './shared.js';

/** Metric names by catalog key; every runtime has the process collector's two. */
type Names<M extends string> = Record<M | 'rss' | 'startTime', string>;

export interface RuntimePresetSpec<M extends string, O extends CommonOptions<M, string>> {
  name: string;
  /** The dashboard's title. */
  title: string;
  defaults: { service: string; port: number };
  /** The library's metric names by catalog key; `options.metrics` renames them. */
  metricNames: Names<M>;
  alerts(options: O, m: Names<M>): AlertConfig[];
  /** Options under which every alert of the preset exists: the names overrides may use. */
  everyAlert: O;
  /** JSON Schema of the options beside the common ones. */
  extraOptions: Record<string, JsonSchema>;
  /** The catalog beyond the process collector's metrics. */
  catalog(m: Names<M>, options: O): MemgenConfig['metrics'];
  panels(m: Names<M>, context: { alerts: AlertConfig[]; memoryLimit: ByteSize; options: O }): PanelConfig[];
}

export interface RuntimePreset<O> {
  (options?: O): MemgenConfig;
  /** JSON Schema of the preset's options. */
  schema(): JsonSchema;
}

export function runtimePreset<M extends string, O extends CommonOptions<M, string>>(spec: RuntimePresetSpec<M, O>): RuntimePreset<O> {
  const schema = () =>
    optionsSchema(spec.name, {
      ...commonOptionProperties(Object.keys(spec.metricNames), spec.alerts(spec.everyAlert, spec.metricNames)),
      ...spec.extraOptions,
    });
  const preset = (options: O = {} as O): MemgenConfig => {
    checkPresetOptions(spec.name, schema, options);
    const m = { ...spec.metricNames, ...options.metrics } as Names<M>;
    const known = spec.alerts(spec.everyAlert, m).map((a) => a.name);
    const alerts = applyOverrides(spec.name, spec.alerts(options, m), options.alerts, known);
    const memoryLimit = options.memoryLimit ?? '1000MiB';
    return defineConfig(
      runtimeConfig({
        options,
        defaults: { ...spec.defaults, memoryLimit },
        metrics: { ...processMetrics(m), ...spec.catalog(m, options) },
        alerts,
        panels: spec.panels(m, { alerts, memoryLimit, options }),
        title: spec.title,
      }),
    );
  };
  return Object.assign(preset, { schema });
}
