/**
 * A small made-up government site for the crawl tests, served on 127.0.0.1 at a free port from
 * test/site/ (pages, robots.txt) and fixtures/ (the reports, as attachments). Its sections are built
 * the ways Chinese government CMSs publish them (TRS, Hanweb, frames, download endpoints, archives,
 * a cookie gate); the routes and what they test are listed in test/site/README.md. Pages carry
 * Last-Modified, files an ETag, and both answer conditional requests with 304. Every request is
 * logged, and a second server on another port logs any request that leaves the site.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES } from './golden.js';
import { zipWithRawNames } from './zip.js';

export const SITE = path.join(import.meta.dirname, '..', 'site');

export interface LoggedRequest {
  path: string;
  /** Path and query as sent. */
  target: string;
  /** The status answered (set when the answer is sent). */
  status?: number;
  headers: IncomingHttpHeaders;
  /** When the request reached the server (ms since 1970): how fast a host is asked. */
  at: number;
}

export interface TestSite {
  origin: string;
  requests: LoggedRequest[];
  /** Requests that reached the server on another port (a redirect or frame leaving the site must never get there). */
  offSite: LoggedRequest[];
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
const OCTET = 'application/octet-stream';

const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

/**
 * The same report as other bytes, so that each attachment on the site is a document of its own: a PDF
 * with a comment after its end, an OOXML package with one more part.
 */
function variant(name: string, n: number): Uint8Array {
  const bytes = fixture(name);
  if (name.endsWith('.pdf')) return new Uint8Array(Buffer.concat([bytes, Buffer.from(`\n% copy ${n}\n`)]));
  return zipSync({ ...unzipSync(bytes), [`docProps/copy-${n}.txt`]: new TextEncoder().encode(String(n)) }, { mtime: PAGES_MODIFIED });
}

/** A ZIP made on Chinese Windows: GBK member names without the UTF-8 flag, a folder inside, a slide deck and an image. */
function materialsZip(): Uint8Array {
  return zipWithRawNames([
    { name: '2021年度绩效自评/部门整体支出绩效自评报告.docx', bytes: variant('jiangmen-2021.docx', 2) },
    { name: '2021年度绩效自评/项目/项目支出绩效自评表.xlsx', bytes: variant('project-2021.xlsx', 1) },
    { name: '2021年度绩效自评/工作汇报.dps', bytes: fixture('project-2021.doc') },
    { name: '封面.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  ]);
}

interface Attachment {
  bytes: () => Uint8Array;
  type: string;
  disposition?: string;
}

const gbkDisposition = (name: string) => `attachment; filename=${iconv.encode(name, 'gbk').toString('latin1')}`;

/** Attachments of the CMS sections, by path and query. */
const ATTACHMENTS: Record<string, Attachment> = {
  '/module/download/downfile.jsp?classid=0&filename=a1b2c3.docx&id=101': {
    bytes: () => variant('jiangmen-2021.docx', 1),
    type: OCTET,
    disposition: `attachment; filename="a1b2c3.docx"; filename*=UTF-8''${encodeURIComponent('县财政局2021年度部门整体支出绩效自评报告.docx')}`,
  },
  '/DownFile.aspx?id=7': { bytes: () => fixture('project-2021.xls'), type: OCTET, disposition: gbkDisposition('项目支出绩效自评表.xls') },
  '/download?id=9': {
    bytes: () => variant('project-2021.pdf', 1),
    type: OCTET,
    disposition: `attachment; filename="${Buffer.from('重点项目绩效自评报告.pdf').toString('latin1')}"`,
  },
  '/attach/0/2871/report-101.pdf': { bytes: () => variant('project-2021.pdf', 2), type: 'application/pdf' },
  '/attach/0/2871/materials.zip': { bytes: materialsZip, type: 'application/zip' },
  '/attach/0/2871/fund-selfeval.et': { bytes: () => fixture('real/moe-pku-2019-campus-football-project-xiangmuku-export.xls'), type: OCTET },
  '/attach/0/2871/fund-report.wps': { bytes: () => fixture('project-2021.doc'), type: 'application/kswps' },
  '/attach/0/2871/briefing.dps': { bytes: () => fixture('project-2021.doc'), type: OCTET },
  '/files/jxzp/2021-health.pdf': { bytes: () => variant('project-2021.pdf', 3), type: 'application/pdf' },
  '/files/jxzp/2021-education.docx': { bytes: () => variant('project-2021.docx', 1), type: TYPES['.docx'] },
  '/gate/files/dept-2021.pdf': { bytes: () => variant('project-2021.pdf', 4), type: 'application/pdf' },
  '/gate/files/project-2021.docx': { bytes: () => variant('project-2021.docx', 2), type: TYPES['.docx'] },
  '/gate/files/dept-projects-2021.docx': { bytes: () => fixture('dept-with-projects-2021.docx'), type: TYPES['.docx'] },
  '/jxgl/new/files/2021-hant.docx': { bytes: () => fixture('jiangmen-2021-hant.docx'), type: TYPES['.docx'] },
};

/** The Hanweb column's records, as dataproxy.jsp hands them out by startrecord/endrecord. */
const HANWEB_RECORDS = [
  ['/art/2022/3/18/art_2871_101.html', '2021年度项目支出绩效自评报告', '2022-03-18'],
  ['/art/2022/3/20/art_2871_102.html', '关于开展2022年预算绩效评价工作的通知', '2022-03-20'],
  ['/art/2022/3/25/art_2871_103.html', '2021年度部门绩效自评材料汇总', '2022-03-25'],
  ['/art/2022/3/28/art_2871_104.html', '2021年度专项资金绩效自评表', '2022-03-28'],
  ['/art/2022/3/30/art_2871_105.html', '2021年度绩效自评工作汇报', '2022-03-30'],
];

function dataproxy(query: URLSearchParams): string {
  const start = Number(query.get('startrecord') ?? 1);
  const end = Number(query.get('endrecord') ?? start);
  const records = query.get('columnid') === '2871' ? HANWEB_RECORDS.slice(start - 1, end) : [];
  return `<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>${HANWEB_RECORDS.length}</totalrecord><recordset>${records
    .map(([href, title, date]) => `<record><![CDATA[<li><a href="${href}" title="${title}" target="_blank">${title}</a><span>${date}</span></li>]]></record>`)
    .join('')}</recordset></datastore>`;
}

const SOFT_404 =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>提示信息</title></head><body><div class="tip"><p>对不起，您访问的页面不存在！</p><a href="/">返回首页</a></div></body></html>';
const FILE_GONE = '<html><head><meta charset="utf-8"></head><body><script>alert("文件不存在")</script><h3>文件不存在或已被删除</h3></body></html>';
const ERROR_PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body><h1>您访问的页面不存在或已被删除</h1><p><a href="/">返回首页</a></p></body></html>';

export async function startTestSite({ slowMs = 5000 } = {}): Promise<TestSite> {
  const requests: LoggedRequest[] = [];
  const offSite: LoggedRequest[] = [];
  const other = createServer((req, res) => {
    offSite.push({ path: req.url ?? '/', target: req.url ?? '/', headers: req.headers, at: Date.now() });
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(fixture('project-2021.pdf'));
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  let origin = '';
  /** Pages name the other server and this one under another host name: {{OTHER_ORIGIN}}, {{OTHER_HOST}}. */
  const fillIn = (bytes: Uint8Array) =>
    Buffer.from(
      Buffer.from(bytes).toString('latin1').replaceAll('{{OTHER_ORIGIN}}', otherOrigin).replaceAll('{{OTHER_HOST}}', origin.replace('127.0.0.1', 'localhost')),
      'latin1',
    );
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
    return { bytes: file.endsWith('.html') ? fillIn(expandIncludes(bytes)) : bytes, modified: PAGES_MODIFIED };
  }

  function serveFile(bytes: Uint8Array, headers: IncomingHttpHeaders, res: ServerResponse, extra: Record<string, string>): void {
    const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`;
    if (headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { ...extra, etag, 'content-length': bytes.length }).end(bytes);
  }

  /** The CMS sections' routes; false when the path is not one of them. */
  function cms(url: URL, headers: IncomingHttpHeaders, res: ServerResponse): boolean {
    const attachment = ATTACHMENTS[`${url.pathname}${url.search}`];
    if (attachment) {
      serveFile(attachment.bytes(), headers, res, {
        'content-type': attachment.type,
        ...(attachment.disposition ? { 'content-disposition': attachment.disposition } : {}),
      });
      return true;
    }
    switch (url.pathname) {
      case '/module/web/jpage/dataproxy.jsp':
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' }).end(dataproxy(url.searchParams));
        return true;
      case '/module/download/downfile.jsp':
        res.writeHead(200, { 'content-type': 'text/html;charset=UTF-8' }).end(FILE_GONE);
        return true;
      case '/bmjs/index.html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(SOFT_404);
        return true;
      case '/files/elsewhere.pdf':
        res.writeHead(302, { location: `${otherOrigin}/files/elsewhere.pdf` }).end();
        return true;
      case '/files/other-host.pdf':
        res.writeHead(302, { location: `${origin.replace('127.0.0.1', 'localhost')}/files/project-2021.pdf` }).end();
        return true;
      case '/files/local.pdf':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return true;
    }
    if (url.pathname.startsWith('/gate/')) {
      // A cookie gate: without the cookie, 302 to the same URL setting it.
      if (!/(?:^|;\s*)gate=passed/.test(String(headers.cookie ?? ''))) {
        res.writeHead(302, { location: `${url.pathname}${url.search}`, 'set-cookie': 'gate=passed; Path=/; HttpOnly' }).end();
        return true;
      }
      const page = url.searchParams.get('page');
      if (url.pathname === '/gate/bmyjs/index.html' && page && page !== '1') {
        serve(`/gate/bmyjs/page${page}.html`, headers, res);
        return true;
      }
    }
    return false;
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
    const url = new URL(req.url ?? '/', 'http://site');
    const asked = decodeURIComponent(url.pathname);
    const urlPath = asked.endsWith('/') ? `${asked}index.html` : asked;
    const logged: LoggedRequest = { path: asked, target: req.url ?? '/', headers: req.headers, at: Date.now() };
    requests.push(logged);
    res.on('finish', () => (logged.status = res.statusCode));
    if (cms(url, req.headers, res)) return;
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
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    requests,
    offSite,
    replace: (urlPath, bytes) => replaced.set(urlPath, { bytes, modified: Date.now() }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        other.closeAllConnections();
        other.close();
        server.close(() => resolve());
      }),
  };
}
