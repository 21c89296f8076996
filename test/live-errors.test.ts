// What a user sees when the live server cannot answer: a port with nothing on it, a server refusing the token,
// one that never answers, one that is not Prometheus. Each is one line on stderr and exit 2, no stack trace,
// and never the secret. Small loopback servers written here stand in for a proxy in front of Prometheus; they
// also show the client sends the token, the tenant header, retries a 503 and passes on partial-data warnings.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, HOST } from './helpers/history.js';
import { CLI, ROOT, tempDir } from './helpers/memgen.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/live/memgen.config.yaml');
const TOKEN = 'tok-3f9a1c7e5b';
const dir = tempDir('memgen-live-errors-');
const tokenFile = path.join(dir, 'token');
const wrongTokenFile = path.join(dir, 'wrong-token');
writeFileSync(tokenFile, `${TOKEN}\n`);
writeFileSync(wrongTokenFile, 'not-the-token\n');

// The CLI runs asynchronously: the servers below live in this process and must keep answering meanwhile.
function memgenAsync(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, HOST, r));
  return `http://${HOST}:${(server.address() as { port: number }).port}`;
}

const EMPTY_MATRIX = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } });
const backtest = (url: string, ...args: string[]) => memgenAsync(['backtest', '-c', FIXTURE, '--alert', 'RssHigh', '--range', '1h', '--prometheus', url, ...args]);

function expectOneLine(r: { status: number; stderr: string }, pattern: RegExp): void {
  expect(r.status).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe('live server errors', () => {
  it('server down: connection refused', async () => {
    const r = await backtest(`http://${HOST}:${await freePort()}`, '--retries', '1');
    expectOneLine(r, /^memgen: http:\/\/127\.0\.0\.1:\d+ \/api\/v1\/query_range: connection refused; is the server running on that port\? \(after 2 attempts\)$/);
  });

  it('auth refused: 401 names the credentials file, never the token; the right token is sent as a bearer', async () => {
    const seen: Array<string | undefined> = [];
    const url = await serve((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end('unauthorized');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_MATRIX);
    });
    const refused = await backtest(url, '--bearer-token-file', wrongTokenFile);
    expectOneLine(refused, /authentication refused \(401\); check the credentials file$/);
    expect(refused.stderr + refused.stdout).not.toContain('not-the-token');
    const ok = await backtest(url, '--bearer-token-file', tokenFile);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain(TOKEN);
    expect(seen.at(-1)).toBe(`Bearer ${TOKEN}`);
    // A 4xx is not retried.
    expect(seen.filter((h) => h !== `Bearer ${TOKEN}`)).toHaveLength(1);
  });

  it('timeout: a server that never answers', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const r = await backtest(url, '--timeout', '300ms', '--retries', '0');
    expectOneLine(r, /: no answer within 0\.3s \(raise --timeout\)$/);
  });

  it('not Prometheus: an HTML page where the API should be', async () => {
    const url = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'));
    const r = await backtest(url);
    expectOneLine(r, /: not a Prometheus API answer \(HTTP 200, text\/html\); check that --prometheus points at a Prometheus-compatible server/);
    // JSON of the envelope's shape whose data is not a query result.
    const odd = await serve((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"success","data":{"rows":[]}}'));
    expectOneLine(await backtest(odd), /\/api\/v1\/query_range: not a Prometheus API answer \(expected a matrix result\)$/);
  });

  it('sends extra headers (a Mimir tenant), retries a 503, and prints partial-data warnings once', async () => {
    let calls = 0;
    const tenants = new Set<string | string[] | undefined>();
    const paths = new Set<string | undefined>();
    const url = await serve((req, res) => {
      calls++;
      paths.add(req.url?.split('?')[0]);
      tenants.add(req.headers['x-scope-orgid']);
      if (calls === 1) return res.writeHead(503).end('busy');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'success', warnings: ['store gateway eu-1 unreachable'], data: { resultType: 'matrix', result: [] } }));
    });
    const r = await backtest(`${url}/prometheus`, '--header', 'X-Scope-OrgID: team-a');
    expect(r.status, r.stderr).toBe(0);
    expect(calls).toBe(2);
    expect([...tenants]).toEqual(['team-a']);
    expect([...paths]).toEqual(['/prometheus/api/v1/query_range']);
    expect(r.stderr).toMatch(/^memgen: warning: http:\/\/127\.0\.0\.1:\d+\/prometheus answered with partial data: store gateway eu-1 unreachable\n$/);
  });

  it('TLS: an untrusted certificate is one line; --ca-file trusts it; --insecure skips verification', async () => {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(EMPTY_MATRIX));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, HOST, r));
    const url = `https://${HOST}:${(server.address() as { port: number }).port}`;
    expectOneLine(await backtest(url, '--retries', '0'), /TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); pass --ca-file, or --insecure to skip verification$/);
    const trusted = await backtest(url, '--ca-file', cert);
    expect(trusted.status, trusted.stderr).toBe(0);
    const insecure = await backtest(url, '--insecure');
    expect(insecure.status, insecure.stderr).toBe(0);
  });

  it('usage errors: no --prometheus, credentials in the URL, an unreadable token file', async () => {
    expectOneLine(await memgenAsync(['backtest', '-c', FIXTURE]), /needs --prometheus URL/);
    expectOneLine(await backtest('http://admin:hunter2@127.0.0.1:1'), /must not carry credentials in the URL/);
    const missing = await backtest('http://127.0.0.1:1', '--bearer-token-file', path.join(dir, 'nope'));
    expectOneLine(missing, /cannot read the bearer token file .*nope: ENOENT$/);
    expectOneLine(await backtest('http://127.0.0.1:1', '--insecure'), /apply to https URLs only/);
  });
});
