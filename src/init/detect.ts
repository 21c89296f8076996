// What `memgen init --metrics FILE` reads from a saved /metrics page: the metric families, and from them the
// preset to start from.
import { runtimeOf, type Runtime } from '../model/runtime.js';

/** Metric family names of a Prometheus text exposition: # TYPE lines and sample names (suffixes of histograms kept). */
export function metricFamilies(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const typed = /^#\s*TYPE\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s/.exec(line);
    if (typed) names.add(typed[1] as string);
    else if (!line.startsWith('#')) {
      const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[\s{]/.exec(line);
      if (sample) names.add(sample[1] as string);
    }
  }
  return names;
}

// The guide's FastAPI integration module exports these; a page with them is that app, whatever else it has.
const FASTAPI_FAMILIES = ['endpoint_memory_delta_bytes', 'process_rss_bytes'];

export interface Detected {
  runtime?: Runtime;
  /** The preset the families call for; it may not exist in this memgen (the caller falls back). */
  preset?: string;
  /** Why, in words, for the user. */
  reason: string;
}

export function detectPreset(families: Set<string>): Detected {
  const fastapi = FASTAPI_FAMILIES.filter((f) => families.has(f) || families.has(`${f}_bucket`));
  const runtime = runtimeOf(families);
  if (fastapi.length > 0) return { runtime: runtime ?? 'python', preset: 'fastapi', reason: `the guide's FastAPI metrics (${fastapi.join(', ')})` };
  if (runtime) {
    const examples = [...families].filter((f) => runtimeOf([f]) === runtime).slice(0, 3);
    return { runtime, preset: runtime, reason: `${runtime} runtime metrics (${examples.join(', ')}, ...)` };
  }
  return { reason: 'no runtime metric family memgen knows (python_gc_*, nodejs_*, go_*, jvm_*)' };
}
