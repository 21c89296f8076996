// A client for the Prometheus HTTP API (/api/v1), as Prometheus, Thanos Query, Mimir and other compatible
// servers serve it. Plain fetch; credentials come from files and are never printed. Every failure a user can
// cause (wrong URL, refused token, a proxy's HTML page, a timeout, a query the server rejects) is one line, as
// a LiveError, which the CLI prints and exits 2 on.
import { readFileSync } from 'node:fs';
import { UsageError } from '../config/errors.js';

/** A live server could not answer: one line naming the server and what to do; exit 2. */
export class LiveError extends UsageError {}

/** The server answered, but refused this query (bad syntax for it, too many samples, too fine a step). */
export class QueryRefused extends LiveError {}

export interface ClientOptions {
  url: string;
  /** A file holding a bearer token (Authorization: Bearer ...). */
  bearerTokenFile?: string;
  /** A file holding `user:password` for basic auth. */
  basicAuthFile?: string;
  /** A PEM file of the CA(s) the server's certificate is signed by. */
  caFile?: string;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
  /** Extra headers, such as Mimir's tenant header X-Scope-OrgID. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Further attempts after a network error, a 5xx or a 429 (never after other 4xx). */
  retries?: number;
  /** Called with each warning the server attaches to an answer (partial data). */
  onWarning?: (warning: string) => void;
}

export interface SampleStream {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface MetadataEntry {
  type: string;
  help: string;
  unit: string;
}

interface ApiEnvelope {
  status?: unknown;
  data?: unknown;
  errorType?: unknown;
  error?: unknown;
  warnings?: unknown;
}

const RETRY_BASE_MS = 250;

function readSecretFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LiveError(`cannot read the ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const value = text.trim();
  if (!value) throw new LiveError(`the ${what} file ${file} is empty`);
  return value;
}

/** The server's address as it may be shown: without user info, query or fragment. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/$/, '')}`;
}

function parseBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LiveError(`--prometheus expects a URL such as http://localhost:9090, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LiveError(`--prometheus must be an http or https URL, got ${url.protocol}`);
  if (url.username || url.password) throw new LiveError('--prometheus must not carry credentials in the URL; use --basic-auth-file or --bearer-token-file');
  return url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Fetch = (input: string, init: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

export class PrometheusClient {
  readonly base: URL;
  readonly display: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private fetchImpl?: Promise<{ fetch: Fetch; dispatcher?: unknown }>;

  constructor(private readonly options: ClientOptions) {
    this.base = parseBaseUrl(options.url);
    this.display = displayUrl(this.base);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retries = options.retries ?? 2;
    this.headers = { Accept: 'application/json', 'User-Agent': 'memgen', ...(options.headers ?? {}) };
    if (options.bearerTokenFile && options.basicAuthFile) throw new LiveError('give either --bearer-token-file or --basic-auth-file, not both');
    if (options.bearerTokenFile) this.headers.Authorization = `Bearer ${readSecretFile(options.bearerTokenFile, 'bearer token')}`;
    if (options.basicAuthFile) {
      const pair = readSecretFile(options.basicAuthFile, 'basic auth');
      if (!pair.includes(':')) throw new LiveError(`the basic auth file ${options.basicAuthFile} must hold user:password on one line`);
      this.headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    if ((options.caFile || options.insecure) && this.base.protocol !== 'https:') throw new LiveError('--ca-file and --insecure apply to https URLs only');
  }

  /** Node's built-in fetch cannot take a CA or skip verification per request; undici's Agent can. */
  private transport(): Promise<{ fetch: Fetch; dispatcher?: unknown }> {
    this.fetchImpl ??= (async () => {
      if (!this.options.caFile && !this.options.insecure) return { fetch: globalThis.fetch as Fetch };
      const undici = await import('undici');
      const ca = this.options.caFile ? readSecretFile(this.options.caFile, 'CA') : undefined;
      const dispatcher = new undici.Agent({ connect: { ...(ca ? { ca } : {}), rejectUnauthorized: !this.options.insecure } });
      return { fetch: undici.fetch as unknown as Fetch, dispatcher };
    })();
    return this.fetchImpl;
  }

  /** GET (or POST, for long queries) /api/v1/<endpoint>, returning `data` of a successful answer. */
  async api<T>(endpoint: string, params: Array<[string, string]> = []): Promise<T> {
    const url = new URL(`${this.base.pathname.replace(/\/$/, '')}/api/v1/${endpoint}`, this.base);
    const body = new URLSearchParams(params).toString();
    // Long expressions go in a form body, as Prometheus and its proxies accept, to stay under URL limits.
    const post = body.length > 4000;
    if (!post && body) url.search = body;
    const what = `${this.display} /api/v1/${endpoint}`;
    const { fetch, dispatcher } = await this.transport();
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.retries;
      let response: Response;
      try {
        response = await fetch(url.toString(), {
          method: post ? 'POST' : 'GET',
          headers: post ? { ...this.headers, 'Content-Type': 'application/x-www-form-urlencoded' } : this.headers,
          body: post ? body : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
          redirect: 'follow',
          ...(dispatcher ? { dispatcher } : {}),
        });
      } catch (err) {
        if (!last) {
          await sleep(RETRY_BASE_MS * 2 ** attempt);
          continue;
        }
        throw new LiveError(`${what}: ${networkReason(err, this.timeoutMs)}${this.retries ? ` (after ${this.retries + 1} attempts)` : ''}`);
      }
      if ((response.status >= 500 || response.status === 429) && !last) {
        await response.body?.cancel();
        await sleep(RETRY_BASE_MS * 2 ** attempt);
        continue;
      }
      return this.answer<T>(response, what);
    }
  }

  private async answer<T>(response: Response, what: string): Promise<T> {
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      const how = this.headers.Authorization ? 'check the credentials file' : 'pass --bearer-token-file or --basic-auth-file';
      throw new LiveError(`${what}: ${response.status === 401 ? 'authentication refused (401)' : 'access forbidden (403)'}; ${how}`);
    }
    const text = await response.text().catch(() => '');
    let envelope: ApiEnvelope | undefined;
    try {
      envelope = JSON.parse(text) as ApiEnvelope;
    } catch {
      envelope = undefined;
    }
    if (!envelope || typeof envelope !== 'object' || (envelope.status !== 'success' && envelope.status !== 'error')) {
      const kind = response.headers.get('content-type')?.split(';')[0] || 'no content type';
      throw new LiveError(`${what}: not a Prometheus API answer (HTTP ${response.status}, ${kind}); check that --prometheus points at a Prometheus-compatible server (with its path prefix, if any)`);
    }
    if (envelope.status === 'error') {
      const detail = String(envelope.error ?? 'unknown error').split('\n')[0];
      throw new QueryRefused(`${what}: the server refused the request (HTTP ${response.status}, ${String(envelope.errorType ?? 'error')}): ${detail}`);
    }
    if (Array.isArray(envelope.warnings)) for (const w of envelope.warnings) this.options.onWarning?.(String(w));
    return envelope.data as T;
  }

  async query(expr: string, time: number): Promise<{ resultType: string; result: InstantSample[] }> {
    return this.shaped<{ resultType: string; result: InstantSample[] }>('query', await this.api('query', [['query', expr], ['time', String(time)]]), 'vector');
  }

  async queryRange(expr: string, start: number, end: number, step: number): Promise<{ resultType: string; result: SampleStream[] }> {
    return this.shaped<{ resultType: string; result: SampleStream[] }>('query_range', await this.api('query_range', [['query', expr], ['start', String(start)], ['end', String(end)], ['step', String(step)]]), 'matrix');
  }

  async labelValues(label: string, params: Array<[string, string]> = []): Promise<string[]> {
    const data = await this.api<unknown>(`label/${encodeURIComponent(label)}/values`, params);
    if (!Array.isArray(data)) throw new LiveError(`${this.display} /api/v1/label/${label}/values: not a Prometheus API answer (no list of values)`);
    return data.map(String);
  }

  /** A query answer of the expected result type, or one line saying it is not one. */
  private shaped<T extends { resultType: string; result: unknown[] }>(endpoint: string, data: unknown, resultType: string): T {
    const d = data as Partial<T> | undefined;
    if (!d || !Array.isArray(d.result) || d.resultType !== resultType) {
      throw new LiveError(`${this.display} /api/v1/${endpoint}: not a Prometheus API answer (expected a ${resultType} result)`);
    }
    return d as T;
  }

  metadata(): Promise<Record<string, MetadataEntry[]>> {
    return this.api('metadata');
  }

  /** The server's loaded configuration file, as YAML text. */
  async config(): Promise<string> {
    return (await this.api<{ yaml: string }>('status/config')).yaml;
  }
}

function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000}s (raise --timeout)`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused; is the server running on that port?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) return `TLS certificate not trusted (${code}); pass --ca-file, or --insecure to skip verification`;
  return `cannot connect: ${code ?? e.cause?.message ?? e.message ?? 'network error'}`;
}
