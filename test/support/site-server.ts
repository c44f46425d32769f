/**
 * A small made-up government site for the crawl tests, served on 127.0.0.1 at a free port from
 * test/site/ (pages, robots.txt) and fixtures/ (the reports, as attachments under /files/). The
 * routes that misbehave are listed in test/site/README.md. Pages carry Last-Modified, files an
 * ETag, and both answer conditional requests with 304. Every request is logged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES } from './golden.js';

export const SITE = path.join(import.meta.dirname, '..', 'site');

export interface LoggedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface TestSite {
  origin: string;
  requests: LoggedRequest[];
  /** Serve other bytes at a path from now on (a report corrected on the site). */
  replace(urlPath: string, bytes: Uint8Array): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const PAGES_MODIFIED = Date.parse('2022-04-01T00:00:00Z');
const ERROR_PAGE = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body><h1>您访问的页面不存在或已被删除</h1><p><a href="/">返回首页</a></p></body></html>';

export async function startTestSite({ slowMs = 5000 } = {}): Promise<TestSite> {
  const requests: LoggedRequest[] = [];
  const replaced = new Map<string, { bytes: Uint8Array; modified: number }>();
  const hits = new Map<string, number>();

  /** Server-side includes, as government CMSs use them: here, a fixture report's body inside an article page. */
  function expandIncludes(bytes: Uint8Array): Uint8Array {
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.includes('<!--#include')) return bytes;
    return Buffer.from(
      text.replace(/<!--#include virtual="([^"]+)" -->/g, (_, included: string) => {
        const page = Buffer.from(content(included)?.bytes ?? []).toString('utf8');
        return /<body[^>]*>([\s\S]*)<\/body>/i.exec(page)?.[1] ?? '';
      }),
    );
  }

  /** The bytes a path holds, static or replaced, or null. */
  function content(urlPath: string): { bytes: Uint8Array; modified: number } | null {
    const override = replaced.get(urlPath);
    if (override) return override;
    const file = urlPath.startsWith('/files/')
      ? path.join(FIXTURES, path.basename(urlPath))
      : urlPath.startsWith('/private/')
        ? path.join(FIXTURES, 'project-2021.pdf')
        : path.join(SITE, path.normalize(urlPath));
    if (!(file.startsWith(FIXTURES) || file.startsWith(SITE)) || !existsSync(file) || !statSync(file).isFile()) return null;
    const bytes = readFileSync(file);
    return { bytes: file.endsWith('.html') ? expandIncludes(bytes) : bytes, modified: PAGES_MODIFIED };
  }

  function serve(urlPath: string, headers: IncomingHttpHeaders, res: ServerResponse): void {
    const found = content(urlPath);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(ERROR_PAGE);
      return;
    }
    const extension = path.extname(urlPath);
    const type = TYPES[extension] ?? 'application/octet-stream';
    if (extension === '.html' || extension === '.txt') {
      const lastModified = new Date(found.modified).toUTCString();
      const since = Date.parse(String(headers['if-modified-since'] ?? ''));
      if (!Number.isNaN(since) && since >= Math.floor(found.modified / 1000) * 1000) {
        res.writeHead(304, { 'last-modified': lastModified }).end();
        return;
      }
      res.writeHead(200, { 'content-type': type, 'last-modified': lastModified }).end(found.bytes);
      return;
    }
    const etag = `"${createHash('sha256').update(found.bytes).digest('hex').slice(0, 16)}"`;
    if (headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag, 'content-length': found.bytes.length }).end(found.bytes);
  }

  const server = createServer((req, res) => {
    const asked = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    const urlPath = asked.endsWith('/') ? `${asked}index.html` : asked;
    requests.push({ path: asked, headers: req.headers });
    const hit = (hits.get(urlPath) ?? 0) + 1;
    hits.set(urlPath, hit);
    switch (urlPath) {
      case '/files/busy-report.docx':
        if (hit === 1) return void res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/html' }).end('<h1>系统繁忙</h1>');
        return serve('/files/project-2021.docx', req.headers, res);
      case '/files/slow.pdf':
        return void setTimeout(() => res.destroyed || serve('/files/project-2021.pdf', req.headers, res), slowMs).unref();
      case '/files/moved.pdf':
        return void res.writeHead(302, { location: '/files/moved-again.pdf' }).end();
      case '/files/moved-again.pdf':
        return void res.writeHead(302, { location: 'moved.pdf' }).end();
      case '/files/withdrawn.pdf':
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ERROR_PAGE);
      default:
        return serve(urlPath, req.headers, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    replace: (urlPath, bytes) => replaced.set(urlPath, { bytes, modified: Date.now() }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
