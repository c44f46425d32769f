/** fetchUrl's limits on a minimal server of its own (127.0.0.1, a free port): cap, redirects, retries. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlAgent, fetchUrl, type FetchContext, type FetchLimits } from '../src/crawl/fetch.js';

const LIMITS: FetchLimits = { connectTimeoutMs: 1000, responseTimeoutMs: 2000, maxBytes: 100_000, maxRedirects: 5, retries: 2, retryBaseMs: 10, maxRetryAfterMs: 5000 };
let server: Server;
let origin: string;
const hits = new Map<string, number>();

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
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function context(limits: Partial<FetchLimits> = {}): FetchContext {
  const all = { ...LIMITS, ...limits };
  return {
    userAgent: 'jixiao-test',
    limits: all,
    agent: crawlAgent(all),
    pace: (_url, send) => send(),
    refuse: async (url) => (url.pathname.startsWith('/private/') ? 'disallowed by robots.txt' : null),
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
  it('gives up at once when Retry-After asks for longer than it will wait', async () => {
    expect(await fetchUrl(`${origin}/busy`, null, context())).toMatchObject({ kind: 'failed', reason: 'HTTP 503 Service Unavailable, asked to retry after 3600 s' });
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
    expect(await fetchUrl(`http://127.0.0.1:${port}/`, null, context({ retries: 0 }))).toMatchObject({ kind: 'failed', reason: 'connection failed: ECONNREFUSED' });
  });
});
