// The options every command that talks to a live Prometheus takes (--prometheus and its credentials, TLS,
// headers, timeout, retries), and the history window of backtests (--range, --step, --end, --max-points).
import { Option, type Command } from 'commander';
import { UsageError } from '../config/errors.js';
import { parseDuration } from '../promql/duration.js';
import type { Window } from '../live/backtest.js';
import type { PrometheusClient } from '../live/client.js';

export interface PrometheusOptions {
  prometheus?: string;
  bearerTokenFile?: string;
  basicAuthFile?: string;
  caFile?: string;
  insecure?: boolean;
  header: string[];
  timeout: string;
  retries: string;
}

export interface WindowOptions {
  range: string;
  step?: string;
  end?: string;
  maxPoints: string;
}

const collect = (v: string, acc: string[]) => [...acc, v];

export function addPrometheusOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--prometheus <url>', `Prometheus-compatible API to ${what} (Prometheus, Thanos Query, Mimir: with its path prefix, e.g. http://mimir/prometheus)`)
    .option('--bearer-token-file <file>', 'send the token in this file as Authorization: Bearer')
    .option('--basic-auth-file <file>', 'send user:password from this file as basic auth')
    .option('--ca-file <file>', 'trust the CA certificates in this PEM file (https)')
    .option('--insecure', 'skip TLS certificate verification (https)')
    .option('--header <name:value>', "extra request header, e.g. 'X-Scope-OrgID: tenant-1' (repeatable)", collect, [] as string[])
    .option('--timeout <duration>', 'per request', '30s')
    .option('--retries <n>', 'further attempts after a network error, 5xx or 429', '2');
}

export function addWindowOptions(cmd: Command, defaultRange: string): Command {
  return cmd
    .option('--range <duration>', 'how much history to replay', defaultRange)
    .option('--step <duration>', "evaluate every STEP instead of at each group's evaluation interval")
    .option('--end <time>', 'end of the range: RFC 3339 or unix seconds (default: now)')
    .addOption(new Option('--max-points <n>', 'points per query_range request; longer ranges are split (Prometheus allows 11000)').default('11000'));
}

function duration(text: string, flag: string): number {
  const s = parseDuration(text);
  if (!s) throw new UsageError(`${flag} expects a duration such as 30s, 5m or 7d, got '${text}'`);
  return s;
}

function wholeNumber(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects a whole number of at least ${min}, got '${text}'`);
  return n;
}

function headers(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const m = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(.*)$/.exec(spec);
    if (!m) throw new UsageError(`--header expects NAME: VALUE, got '${spec.split(':')[0]}...'`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** The client, or undefined without --prometheus. Warnings (partial data) go to stderr, each once. */
export async function clientFrom(opts: PrometheusOptions): Promise<PrometheusClient | undefined> {
  if (!opts.prometheus) {
    for (const flag of ['bearerTokenFile', 'basicAuthFile', 'caFile', 'insecure'] as const) {
      if (opts[flag]) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --prometheus URL`);
    }
    return undefined;
  }
  const { PrometheusClient } = await import('../live/client.js');
  const seen = new Set<string>();
  const client: PrometheusClient = new PrometheusClient({
    url: opts.prometheus,
    bearerTokenFile: opts.bearerTokenFile,
    basicAuthFile: opts.basicAuthFile,
    caFile: opts.caFile,
    insecure: opts.insecure,
    headers: headers(opts.header),
    timeoutMs: duration(opts.timeout, '--timeout') * 1000,
    retries: wholeNumber(opts.retries, '--retries', 0),
    onWarning: (w) => {
      if (seen.has(w)) return;
      seen.add(w);
      process.stderr.write(`memgen: warning: ${client.display} answered with partial data: ${w.split('\n')[0]}\n`);
    },
  });
  return client;
}

function parseTime(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const t = Date.parse(text);
  if (Number.isNaN(t) || !/^\d{4}-\d\d-\d\dT/.test(text)) throw new UsageError(`--end expects RFC 3339 (2026-11-03T00:00:00Z) or unix seconds, got '${text}'`);
  return t / 1000;
}

export function windowFrom(opts: WindowOptions, now = Date.now() / 1000): Window {
  return {
    end: opts.end === undefined ? now : parseTime(opts.end),
    range: duration(opts.range, '--range'),
    ...(opts.step !== undefined ? { step: duration(opts.step, '--step') } : {}),
    maxPoints: wholeNumber(opts.maxPoints, '--max-points', 2),
  };
}
