/** fetchUrl's limits on a minimal server of its own (127.0.0.1, a free port): cap, redirects, retries, cookie gates. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from '../src/crawl/cookies.js';
import { crawlAgent, fetchUrl, type FetchContext, type FetchLimits } from '../src/crawl/fetch.js';
import { outsideScope, scopeOf } from '../src/crawl/scope.js';

const LIMITS: FetchLimits = {
  connectTimeoutMs: 1000,
  responseTimeoutMs: 2000,
  maxBytes: 100_000,
  maxRedirects: 5,
  retries: 2,
  retryBaseMs: 10,
  maxRetryAfterMs: 5000,
};
let server: Server;
let origin: string;
const hits = new Map<string, number>();
/** Another port of the same host: a redirect there must never reach it. */
let elsewhere: Server;
let elsewhereOrigin: string;
const elsewhereHits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    const step = Number(url.searchParams.get('step') ?? 0);
    if (url.pathname === '/chunked') {
      // No Content-Length: the cap must stop the reading itself.
      res.writeHead(200, { 'content-type': 'application/pdf' });
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 0x41));
      return void res.end();
    }
    if (url.pathname === '/hops') return void res.writeHead(301, { location: `/hops?step=${step + 1}` }).end();
    if (url.pathname === '/busy') return void res.writeHead(503, { 'retry-after': '3600' }).end();
    if (url.pathname === '/flaky') return void res.writeHead(502).end();
    if (url.pathname === '/private-redirect') return void res.writeHead(302, { location: '/private/x.pdf' }).end();
    if (url.pathname === '/to-other-port') return void res.writeHead(302, { location: `${elsewhereOrigin}/x.pdf` }).end();
    if (url.pathname === '/to-other-host') return void res.writeHead(302, { location: `${origin.replace('127.0.0.1', 'localhost')}/x.pdf` }).end();
    if (url.pathname === '/to-file') return void res.writeHead(301, { location: 'file:///etc/passwd' }).end();
    if (url.pathname === '/gate') {
      if (req.headers.cookie === 'visited=1') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('inside');
      return void res.writeHead(302, { location: '/gate', 'set-cookie': 'visited=1; Path=/' }).end();
    }
    if (url.pathname === '/endless-gate') return void res.writeHead(302, { location: '/endless-gate', 'set-cookie': `n=${Math.random()}` }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  elsewhere = createServer((req, res) => {
    elsewhereHits.push(req.url ?? '/');
    res.writeHead(200).end('%PDF-1.7');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function context(limits: Partial<FetchLimits> = {}): FetchContext {
  const all = { ...LIMITS, ...limits };
  const scope = scopeOf([`${origin}/`], []);
  return {
    userAgent: 'jixiao-test',
    limits: all,
    agent: crawlAgent(all),
    pace: (_url, send) => send(),
    refuse: async (url) => outsideScope(scope, url) ?? (url.pathname.startsWith('/private/') ? 'disallowed by robots.txt' : null),
    cookies: new CookieJar(),
  };
}

describe('fetchUrl', () => {
  it('stops reading a response without Content-Length at the size cap', async () => {
    expect(await fetchUrl(`${origin}/chunked`, null, context())).toMatchObject({ kind: 'failed', reason: 'response is over the 100000-byte cap' });
  });
  it('follows at most five redirects', async () => {
    const fetched = await fetchUrl(`${origin}/hops`, null, context());
    expect(fetched).toMatchObject({ kind: 'failed', status: 301, reason: 'more than 5 redirects', finalUrl: `${origin}/hops?step=5` });
  });
  it('does not follow a redirect into a path robots.txt disallows', async () => {
    const fetched = await fetchUrl(`${origin}/private-redirect`, null, context());
    expect(fetched).toMatchObject({ kind: 'failed', reason: `redirected to ${origin}/private/x.pdf: disallowed by robots.txt` });
    expect(hits.get('/private/x.pdf')).toBeUndefined();
  });
  it('never requests a redirect target on another port, another host or a file: address, and names it', async () => {
    const port = (await fetchUrl(`${origin}/to-other-port`, null, context())) as { reason: string };
    expect(port).toMatchObject({
      kind: 'failed',
      reason: `redirected to ${elsewhereOrigin}/x.pdf: another port (${new URL(elsewhereOrigin).host}) is outside the site`,
    });
    const host = (await fetchUrl(`${origin}/to-other-host`, null, context())) as { reason: string };
    expect(host.reason).toMatch(/^redirected to http:\/\/localhost:\d+\/x\.pdf: another host \(localhost:\d+\) is outside the site$/);
    expect(await fetchUrl(`${origin}/to-file`, null, context())).toMatchObject({ kind: 'failed', reason: 'redirected to a file: address' });
    expect(elsewhereHits).toEqual([]);
    expect(hits.get('/x.pdf')).toBeUndefined();
  });
  it('passes a cookie gate (302 + Set-Cookie to the same URL) once, with the cookie', async () => {
    expect(await fetchUrl(`${origin}/gate`, null, context())).toMatchObject({
      kind: 'ok',
      finalUrl: `${origin}/gate`,
      bytes: new TextEncoder().encode('inside'),
    });
    expect(hits.get('/gate')).toBe(2);
    const endless = await fetchUrl(`${origin}/endless-gate`, null, context());
    expect(endless).toMatchObject({ kind: 'failed', reason: `redirect loop: ${origin}/endless-gate → ${origin}/endless-gate → ${origin}/endless-gate` });
    expect(hits.get('/endless-gate')).toBe(2);
  });
  it('gives up at once when Retry-After asks for longer than it will wait', async () => {
    expect(await fetchUrl(`${origin}/busy`, null, context())).toMatchObject({
      kind: 'failed',
      reason: 'HTTP 503 Service Unavailable, asked to retry after 3600 s',
    });
    expect(hits.get('/busy')).toBe(1);
  });
  it('retries a 5xx with backoff, then names the status and the attempts', async () => {
    expect(await fetchUrl(`${origin}/flaky`, null, context())).toMatchObject({ kind: 'failed', reason: 'HTTP 502 Bad Gateway (3 attempts)' });
    expect(hits.get('/flaky')).toBe(3);
  });
  it('names a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await fetchUrl(`http://127.0.0.1:${port}/`, null, context({ retries: 0 }))).toMatchObject({
      kind: 'failed',
      reason: 'connection failed: ECONNREFUSED',
    });
  });
});
