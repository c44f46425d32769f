/**
 * `crawl --discover` against a made-up county site built the ways government CMSs publish their
 * 预算绩效 columns (test/site/README.md): script pagination (TRS createPageHTML, Hanweb jpage and
 * dataproxy.jsp), CDATA record blocks, a listing in an iframe, addresses only in onclick and
 * javascript: links, download endpoints without extensions, a ZIP with GBK member names, WPS files,
 * a cookie gate, a moved column behind <meta refresh>, soft 404s, and redirects off the site.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFromUrls } from '../src/crawl/plan.js';
import { crawl } from '../src/crawl/run.js';
import type { CrawlSummary } from '../src/crawl/summary.js';
import { workerRunner, type Runner } from '../src/ingest/run.js';
import { openStore } from '../src/store/db.js';
import { startTestSite, type LoggedRequest, type TestSite } from './support/site-server.js';

const QUICK = { delay: 0.01, timeout: 1, retries: 1, retry_wait: 0.05 };
const WORKER = new URL('../dist/ingest/worker.js', import.meta.url);

let site: TestSite;
let runner: Runner;
let database: string;
let first: CrawlSummary;
let second: CrawlSummary;
let firstRequests: LoggedRequest[];
let secondRequests: LoggedRequest[];

const strip = (text: string) => text.replaceAll(site.origin, '');
const run = () => crawl(planFromUrls([`${site.origin}/`], [], QUICK), { database, runner, discover: true });

function rows<T>(sql: string): T[] {
  const db = openStore(database, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  site = await startTestSite();
  runner = workerRunner(1, { workerFile: WORKER });
  database = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-cms-')), 'db.sqlite');
  first = await run();
  firstRequests = [...site.requests];
  second = await run();
  secondRequests = site.requests.slice(firstRequests.length);
}, 180_000);
afterAll(async () => {
  await runner.close();
  await site.close();
});

describe('crawl --discover on a site built like government CMSs', () => {
  it('finds the report sections from the home page and 信息公开, and nothing else (no 新闻, no 招聘)', () => {
    expect(first.discovered?.map((d) => d.start.map(strip))).toEqual([
      [
        '/yjsgk/index.html',
        '/col/col2871/index.html',
        '/jxpj/index.html',
        '/jxzp/index.html',
        '/gate/bmyjs/index.html',
        '/jxgl/index.html',
        '/bmjs/index.html',
      ],
    ]);
    expect(first.discovered?.[0].follow.map(strip)).toContain('^http://127\\.0\\.0\\.1:' + new URL(site.origin).port + '/col/col2871/');
    const asked = firstRequests.map((r) => r.path);
    for (const unwanted of ['/xwzx/', '/rczp/', '/zcjd/', '/tzgg/']) expect(asked.filter((p) => p.startsWith(unwanted))).toEqual([]);
  });

  it('stores every report with its real file name and format', () => {
    const documents = rows<{ url: string; file_name: string; format: string; status: string }>(
      `SELECT url, file_name, format, status FROM documents ORDER BY url`,
    );
    expect(documents.map((d) => [strip(d.url), d.file_name, d.format, d.status])).toEqual([
      ['/DownFile.aspx?id=7', '项目支出绩效自评表.xls', 'xls', 'ok'],
      ['/attach/0/2871/fund-report.wps', 'fund-report.wps', 'doc', 'ok'],
      ['/attach/0/2871/fund-selfeval.et', 'fund-selfeval.et', 'xls', 'ok'],
      ['/attach/0/2871/materials.zip#2021年度绩效自评/部门整体支出绩效自评报告.docx', '部门整体支出绩效自评报告.docx', 'docx', 'ok'],
      ['/attach/0/2871/materials.zip#2021年度绩效自评/项目/项目支出绩效自评表.xlsx', '项目支出绩效自评表.xlsx', 'xlsx', 'ok'],
      ['/attach/0/2871/report-101.pdf', 'report-101.pdf', 'pdf', 'ok'],
      ['/download?id=9', '重点项目绩效自评报告.pdf', 'pdf', 'ok'],
      ['/files/busy-report.docx', 'busy-report.docx', 'docx', 'ok'],
      ['/files/jiangmen-2021.docx', 'jiangmen-2021.docx', 'docx', 'ok'],
      ['/files/jxzp/2021-education.docx', '2021-education.docx', 'docx', 'ok'],
      ['/files/jxzp/2021-health.pdf', '2021-health.pdf', 'pdf', 'ok'],
      ['/files/project-2021.pdf', 'project-2021.pdf', 'pdf', 'ok'],
      ['/files/project-2021.xlsx', 'project-2021.xlsx', 'xlsx', 'ok'],
      ['/gate/files/dept-2021.pdf', 'dept-2021.pdf', 'pdf', 'ok'],
      ['/gate/files/dept-projects-2021.docx', 'dept-projects-2021.docx', 'docx', 'ok'],
      ['/gate/files/project-2021.docx', 'project-2021.docx', 'docx', 'ok'],
      ['/jxgl/new/files/2021-hant.docx', '2021-hant.docx', 'docx', 'ok'],
      ['/module/download/downfile.jsp?classid=0&filename=a1b2c3.docx&id=101', '县财政局2021年度部门整体支出绩效自评报告.docx', 'docx', 'ok'],
      ['/yjsgk/t20220318_1.html', 't20220318_1.html', 'html', 'ok'],
    ]);
    // Every stored document holds a report the parser recognised.
    expect(rows<{ n: number }>('SELECT count(*) AS n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id)')).toEqual([
      { n: 0 },
    ]);
  });

  it('reaches records only a script, a CDATA block, a frame or an onclick names', () => {
    const asked = firstRequests.map((r) => r.target);
    expect(asked).toContain('/jxpj/index_2.html'); // createPageHTML(3, …)
    expect(asked.filter((t) => t.startsWith('/module/web/jpage/dataproxy.jsp?startrecord='))).toHaveLength(3); // 5 records, 2 a page, 1 page a group
    expect(asked).toContain('/art/2022/3/30/art_2871_105.html'); // only in the third dataproxy group
    expect(asked).toContain('/jxzp/list_frame.html'); // <iframe src>
    expect(asked).toContain('/jxzp/t20220401_31.html'); // onclick="window.open('…')"
    expect(asked).toContain('/gate/bmyjs/index.html?page=2'); // between page 1 and 尾页 (?page=3)
    expect(asked).toContain('/jxgl/new/index.html'); // <meta http-equiv="refresh">
  });

  it('reports every failure with its reason', () => {
    const other = (url: string) => url.replace(/127\.0\.0\.1:\d+/g, 'OTHER').replace(/localhost:\d+/g, 'localhost:PORT');
    expect(first.failed.map((f) => [other(strip(f.url)), other(strip(f.reason))]).sort()).toEqual(
      [
        ['/bmjs/index.html', 'a not-found page answered with HTTP 200 ("您访问的页面不存在")'],
        ['/files/elsewhere.pdf', 'redirected to http://OTHER/files/elsewhere.pdf: another port (OTHER) is outside the site'],
        ['/files/local.pdf', 'redirected to a file: address'],
        ['/files/missing.pdf', 'HTTP 404 Not Found'],
        ['/files/moved.pdf', 'redirect loop: /files/moved.pdf → /files/moved-again.pdf → /files/moved.pdf'],
        ['/files/other-host.pdf', 'redirected to http://localhost:PORT/files/project-2021.pdf: another host (localhost:PORT) is outside the site'],
        ['/files/slow.pdf', 'timed out: no complete response within 1 s (2 attempts)'],
        ['/files/withdrawn.pdf', 'an HTML page came back where a PDF file was linked (Content-Type text/html; charset=utf-8): 您访问的页面不存在或已被删除'],
        [
          '/module/download/downfile.jsp?classid=0&id=404',
          'an HTML page came back where a PDF file was linked (Content-Type text/html;charset=UTF-8): 文件不存在或已被删除',
        ],
        ['http://OTHER/jxzp/ad.html', 'the page sends readers to http://OTHER/jxzp/ad.html: another port (OTHER) is outside the site'],
        [
          'http://localhost:PORT/jxzp/list_frame.html',
          'the page sends readers to http://localhost:PORT/jxzp/list_frame.html: another host (localhost:PORT) is outside the site',
        ],
      ].sort(),
    );
    expect(first.skipped.map((s) => [strip(s.url), s.reason])).toEqual([
      ['/private/draft.pdf', 'disallowed by robots.txt'],
      ['/attach/0/2871/briefing.dps', 'a WPS presentation (.dps): slides are not read'],
      ['/attach/0/2871/materials.zip#2021年度绩效自评/工作汇报.dps', 'a WPS presentation (.dps): slides are not read'],
    ]);
  });

  it('requests nothing off the site (another port, another host, file://) and nothing robots.txt disallows', () => {
    expect(site.offSite).toEqual([]);
    expect(site.requests.filter((r) => !String(r.headers.host).startsWith('127.0.0.1:'))).toEqual([]);
    expect(site.requests.filter((r) => r.path.startsWith('/private/'))).toEqual([]);
    expect(site.requests.filter((r) => r.path.endsWith('.dps'))).toEqual([]);
  });

  it('passes the cookie gate once per run, with the cookie', () => {
    const gate = firstRequests.filter((r) => r.path.startsWith('/gate/'));
    expect(gate.slice(0, 2).map((r) => [r.target, r.status, r.headers.cookie ?? null])).toEqual([
      ['/gate/bmyjs/index.html', 302, null],
      ['/gate/bmyjs/index.html', 200, 'gate=passed'],
    ]);
    expect(gate.slice(2).every((r) => r.headers.cookie === 'gate=passed' && r.status === 200)).toBe(true);
  });

  it('sums up the morning: new reports with department, year and kind; failures grouped by reason', () => {
    expect(first.report?.new_reports).toHaveLength(first.new + first.changed);
    expect(first.report?.new_reports.find((r) => r.url.endsWith('id=101'))).toMatchObject({
      department: '江门市工业和信息化局',
      year: 2021,
      kind: 'department_overall',
    });
    const groups = first.report!.failures.map((g) => [g.reason, g.urls.length] as const);
    expect(groups[0]).toEqual(['an HTML page came back where a PDF file was linked (…)', 2]);
    expect(groups.slice(1).map(([reason]) => reason)).toEqual([
      'a not-found page answered with HTTP 200 (…)',
      'HTTP 404 Not Found',
      'redirect loop: … → … → …',
      'redirected to …: another host (…) is outside the site',
      'redirected to …: another port (…) is outside the site',
      'redirected to a file: address',
      'the page sends readers to …: another host (…) is outside the site',
      'the page sends readers to …: another port (…) is outside the site',
      'timed out: no complete response within 1 s (…)',
    ]);
    const [kept] = rows<{ report_json: string }>('SELECT report_json FROM crawl_runs ORDER BY id LIMIT 1');
    expect(JSON.parse(kept.report_json)).toEqual(first.report);
  });

  it('stores nothing new the second night, answered with 304s, and lists old failures as still failing', () => {
    expect(second).toMatchObject({ new: 0, changed: 0, unchanged: first.new + first.unchanged });
    const stored = rows<{ url: string }>(`SELECT url FROM documents WHERE url NOT LIKE '%#%'`).map((d) => new URL(d.url));
    for (const url of stored) {
      const again = secondRequests.filter((r) => r.target === `${url.pathname}${url.search}`);
      expect(again.map((r) => [r.target, r.status])).toEqual([[`${url.pathname}${url.search}`, 304]]);
    }
    expect(second.failed.every((f) => f.since === new Date().toISOString().slice(0, 10))).toBe(true);
  });

  it('fails a site whose home page leads to no report section, and crawls nothing of it', async () => {
    const before = site.requests.length;
    const elsewhere = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-cms-')), 'db.sqlite');
    const summary = await crawl(planFromUrls([`${site.origin}/rczp/index.html`], [], QUICK), { database: elsewhere, runner, discover: true });
    expect(summary.report?.unreachable).toEqual([
      { site: new URL(site.origin).host, reason: 'no report section found from the home page (link texts such as 预决算公开, 财政预决算, 部门预决算 …)' },
    ]);
    expect(site.requests.slice(before).map((r) => r.target)).toEqual(['/robots.txt', '/rczp/index.html']);
  });
});
