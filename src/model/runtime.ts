// Which language runtime a service runs, read from the metric families its client library exports. Runbooks
// pick their cause table by it; `memgen init` picks a preset by it.

export type Runtime = 'python' | 'node' | 'go' | 'jvm';

// The prefixes each runtime's standard client library puts on its runtime metrics.
const RUNTIME_PREFIXES: ReadonlyArray<readonly [Runtime, RegExp]> = [
  ['python', /^python_/],
  ['node', /^nodejs_/],
  ['go', /^go_(gc|memstats|goroutines|info)/],
  ['jvm', /^jvm_/],
];

/** The runtime most of the names point at, or undefined when none does (process_* metrics are everyone's). */
export function runtimeOf(metricNames: Iterable<string>): Runtime | undefined {
  const votes = new Map<Runtime, number>();
  for (const name of metricNames) {
    const runtime = RUNTIME_PREFIXES.find(([, prefix]) => prefix.test(name))?.[0];
    if (runtime) votes.set(runtime, (votes.get(runtime) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
