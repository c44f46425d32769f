/**
 * `jixiao serve`: the journalist's desk, a read-only web app over the database on node:http, a SQLite
 * file or a PostgreSQL server alike: it reads only through the store's DeskReader (store/desk.ts).
 *
 * Safe by default: the database is opened read-only; the server listens on 127.0.0.1 unless told
 * otherwise, and then answers only requests addressed to that loopback name (a page elsewhere cannot
 * reach it through DNS rebinding); only GET and HEAD; every parameter checked (params.ts); pages
 * built by escaping templates under a Content-Security-Policy that runs only the desk's own scripts;
 * original files served by document id from the paths the database recorded, checked (files.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIST_NAMES, openDeskReader, VALUE_FIELDS, type DeskReader, type ListName, type ValueOwner } from '../store/desk.js';
import { assetBody, loadAssets, type Asset } from './assets.js';
import { readStoredFile, storedFileFound } from './files.js';
import { pageImage, preparePageImages } from './page-image.js';
import type { Html } from './html.js';
import { errorPage } from './layout.js';
import { chartsHtml } from './pages/charts.js';
import { homeHtml } from './pages/home.js';
import { listCsv, listHtml, listJson, readList } from './pages/list.js';
import { reportHtml } from './pages/report.js';
import { searchHtml } from './pages/search.js';
import { sourceHtml } from './pages/source.js';
import { BadRequest, idOf, LIST_PARAMS, listQuery, readParams } from './params.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether an address to listen on lets only this machine in. */
export const isLoopback = (host: string) => LOOPBACK.has(host);

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const FILE_TYPES: Record<string, string> = { pdf: 'application/pdf' };

interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const page = (content: Html, status = 200): Answer => ({ status, type: 'text/html; charset=utf-8', body: content.text });

/** Whether a request's Host header names the loopback address the server is bound to (and its port). */
export function hostAllowed(hostHeader: string | undefined, boundHost: string, port: number): boolean {
  if (!LOOPBACK.has(boundHost)) return true;
  if (!hostHeader) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
  return Boolean(m && LOOPBACK.has(m[1]) && Number(m[2] ?? 80) === port);
}

export interface DeskOptions {
  db: string;
  host: string;
  port: number;
}

/** A page saying what went wrong, in the frame of the desk. */
const problem = async (reader: DeskReader, title: string, message: string, status: number): Promise<Answer> =>
  page(errorPage(await reader.availableLists(), title, message), status);

/** The answer to one GET: a page, a download, an asset, an original file or a page of a PDF drawn. */
async function route(reader: DeskReader, assets: Map<string, Asset>, assetCache: Map<string, Buffer>, url: URL): Promise<Answer> {
  const parts = url.pathname.split('/').slice(1);
  const asset = assets.get(url.pathname);
  if (asset) return { status: 200, type: asset.type, body: assetBody(asset, assetCache), headers: { 'Cache-Control': 'max-age=3600' } };
  if (url.pathname === '/favicon.ico') return { status: 204, type: 'image/x-icon', body: '' };
  const none = () => problem(reader, '找不到', '没有这个页面。', 404);
  if (url.pathname === '/') {
    readParams(url.searchParams, []);
    return page(await homeHtml(reader));
  }
  if (parts[0] === 'list' && parts.length === 2) {
    const [name, ext] = parts[1].split(/\.(?=(?:csv|json)$)/);
    if (!(LIST_NAMES as string[]).includes(name) || !(await reader.availableLists()).includes(name as ListName)) return none();
    const params = readParams(url.searchParams, LIST_PARAMS);
    const query = listQuery(params);
    if (ext === 'csv')
      return { status: 200, type: 'text/csv; charset=utf-8', body: listCsv(await readList(reader, name as ListName, query)), headers: download(`${name}.csv`) };
    if (ext === 'json')
      return {
        status: 200,
        type: 'application/json; charset=utf-8',
        body: listJson(await readList(reader, name as ListName, query)),
        headers: download(`${name}.json`),
      };
    return page(await listHtml(reader, name as ListName, query, params));
  }
  if (parts[0] === 'report' && parts.length === 2) {
    readParams(url.searchParams, []);
    const content = await reportHtml(reader, idOf(parts[1]));
    return content ? page(content) : none();
  }
  if (parts[0] === 'source' && parts.length === 4 && parts[1] in VALUE_FIELDS) {
    readParams(url.searchParams, []);
    const content = await sourceHtml(reader, parts[1] as ValueOwner, idOf(parts[2]), parts[3]);
    return content ? page(content) : none();
  }
  if (parts[0] === 'file' && parts.length === 2) return originalFile(reader, idOf(parts[1]), url);
  if (parts[0] === 'page' && parts.length === 3 && /^\d+\.png$/.test(parts[2])) return pdfPageImage(reader, idOf(parts[1]), Number(parts[2].slice(0, -4)), url);
  if (url.pathname === '/search') {
    const params = readParams(url.searchParams, ['q', 'section']);
    return page(await searchHtml(reader, String(params.q ?? ''), String(params.section ?? '')));
  }
  if (url.pathname === '/charts') {
    const params = readParams(url.searchParams, ['department']);
    return page(await chartsHtml(reader, String(params.department ?? '')));
  }
  return none();
}

const download = (name: string) => ({ 'Content-Disposition': `attachment; filename="${name}"` });

const NO_FILE = ['找不到文件', '原文件不在数据库记录的位置，或已被改动。'] as const;

/**
 * An original file. A PDF is shown inline (pdf.js fetches it); anything else is a download, never
 * rendered on the desk's origin, and sandboxed should a browser try.
 */
async function originalFile(reader: DeskReader, documentId: number, url: URL): Promise<Answer> {
  readParams(url.searchParams, []);
  const file = await reader.storedFile(documentId);
  const bytes = file ? readStoredFile(file) : null;
  if (!file || !bytes) return problem(reader, ...NO_FILE, 404);
  const inline = file.format === 'pdf';
  const name = encodeURIComponent(file.fileName);
  return {
    status: 200,
    type: (file.format && FILE_TYPES[file.format]) ?? 'application/octet-stream',
    body: bytes,
    headers: {
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
      'Content-Security-Policy': "sandbox; default-src 'none'",
    },
  };
}

/** A page of a PDF drawn as PNG (page-image.ts), from the file checked as originalFile checks it. */
async function pdfPageImage(reader: DeskReader, documentId: number, pageNo: number, url: URL): Promise<Answer> {
  readParams(url.searchParams, []);
  const file = await reader.storedFile(documentId);
  if (!file || file.format !== 'pdf' || !storedFileFound(file)) return problem(reader, ...NO_FILE, 404);
  // The file is read only when the page is not drawn yet: a drawn page is served from the cache.
  const image = await pageImage(file.sha256, pageNo, () => readStoredFile(file) ?? new Uint8Array());
  if (!image) return problem(reader, '找不到', '此文件没有这一页。', 404);
  // The address names a document's bytes (checked by SHA-256 above) and a page: the image never changes.
  return { status: 200, type: 'image/png', body: image, headers: { 'Cache-Control': 'private, max-age=86400' } };
}

function send(response: http.ServerResponse, answer: Answer, head: boolean): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  response.writeHead(answer.status, {
    ...SECURITY_HEADERS,
    'Content-Type': answer.type,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...answer.headers,
  });
  response.end(head ? undefined : body);
}

/** The request handler of a desk over a store's reader. */
export function deskHandler(reader: DeskReader, options: DeskOptions, port: () => number): http.RequestListener {
  const assets = loadAssets();
  const assetCache = new Map<string, Buffer>();
  return (request, response) => {
    const text = (status: number, message: string) => send(response, { status, type: 'text/plain; charset=utf-8', body: `${message}\n` }, false);
    if (!hostAllowed(request.headers.host, options.host, port()))
      return text(403, 'Forbidden: this desk answers only requests addressed to its own loopback name.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return (response.setHeader('Allow', 'GET, HEAD'), text(405, 'Method not allowed'));
    const failed = async (error: unknown): Promise<Answer> => {
      if (error instanceof BadRequest) return problem(reader, '请求有误', error.message, 400);
      process.stderr.write(`jixiao serve: ${request.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      return page(errorPage(null, '出错了', '服务器处理此请求时出错。'), 500);
    };
    const answered = async () => {
      try {
        return await route(reader, assets, assetCache, new URL(request.url ?? '/', 'http://desk.invalid'));
      } catch (error) {
        return failed(error);
      }
    };
    // A failure to answer even the error page (the database gone): the page without the desk's frame.
    answered().then(
      (answer) => send(response, answer, request.method === 'HEAD'),
      () => send(response, page(errorPage(null, '出错了', '服务器处理此请求时出错。'), 500), false),
    );
  };
}

export interface RunningDesk {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Open the database read-only and listen; resolves once the server accepts connections. */
export async function startDesk(options: DeskOptions): Promise<RunningDesk> {
  const reader = await openDeskReader(options.db);
  let port = options.port;
  const server = http.createServer(deskHandler(reader, options, () => port));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    // Read the views into the desk's snapshots now, not on the first reader's request (seconds on a large database).
    await reader.listCounts();
  } catch (error) {
    server.close();
    await reader.close();
    throw error;
  }
  void preparePageImages().catch(() => undefined);
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => void reader.close().then(resolve));
      }),
  };
}
