/**
 * `crawl` against a made-up government site served on 127.0.0.1 (test/support/site-server.ts): what
 * is stored, with which provenance, what fails and why, and what a second night costs.
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
import { searchText } from '../src/store/read.js';
import { startTestSite, type TestSite } from './support/site-server.js';

/** Short delays and timeouts keep the suite quick; the slow route answers after 5 s. */
const QUICK = { delay: 0.01, timeout: 1, retries: 1, retry_wait: 0.05 };
/** Reports are read in a worker thread, as the command reads them: this thread serves the site. */
const WORKER = new URL('../dist/ingest/worker.js', import.meta.url);

let site: TestSite;
let runner: Runner;
beforeAll(async () => {
  site = await startTestSite();
  runner = workerRunner(1, { workerFile: WORKER });
});
afterAll(async () => {
  await runner.close();
  await site.close();
});

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-crawl-'));
const strip = (text: string | null) => text?.replaceAll(site.origin, '') ?? null;
const run = (database: string) => crawl(planFromUrls([`${site.origin}/yjsgk/index.html`], [], QUICK), { database, runner });

function rows<T>(database: string, sql: string): T[] {
  const db = openStore(database, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('crawl: the first night', () => {
  let database: string;
  let summary: CrawlSummary;
  let requested: string[];
  beforeAll(async () => {
    database = path.join(temp(), 'db.sqlite');
    const before = site.requests.length;
    summary = await run(database);
    requested = site.requests.slice(before).map((r) => r.path);
  }, 120_000);

  it('stores every report with its URL, the page that linked it, the link text and the publication date', () => {
    const documents = rows<Record<string, string | number | null>>(
      database,
      'SELECT path, url, final_url, file_name, format, status, version, referrer_url, link_text, http_status, content_type, published_at FROM documents ORDER BY url',
    ).map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'string' ? strip(v) : v])));
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const article = '/yjsgk/t20220320_2.html';
    const common = { status: 'ok', version: 1, http_status: 200 };
    expect(documents).toEqual([
      {
        ...common,
        path: '/files/busy-report.docx',
        url: '/files/busy-report.docx',
        final_url: '/files/busy-report.docx',
        file_name: 'busy-report.docx',
        format: 'docx',
        referrer_url: '/yjsgk/index_1.html',
        link_text: '2021年度项目支出绩效自评表（服务器繁忙时发布）',
        content_type: docx,
        published_at: '2022-02-28',
      },
      {
        ...common,
        path: '/files/jiangmen-2021.docx',
        url: '/files/jiangmen-2021.docx',
        final_url: '/files/jiangmen-2021.docx',
        file_name: 'jiangmen-2021.docx',
        format: 'docx',
        referrer_url: article,
        link_text: '江门市财政局2021年度部门整体支出绩效自评报告.docx',
        content_type: docx,
        published_at: '2022-03-20',
      },
      {
        ...common,
        path: '/files/project-2021.pdf',
        url: '/files/project-2021.pdf',
        final_url: '/files/project-2021.pdf',
        file_name: 'project-2021.pdf',
        format: 'pdf',
        referrer_url: article,
        link_text: '市工业互联网专项资金项目支出绩效自评表.pdf',
        content_type: 'application/pdf',
        published_at: '2022-03-20',
      },
      {
        ...common,
        path: '/files/project-2021.xlsx',
        url: '/files/project-2021.xlsx',
        final_url: '/files/project-2021.xlsx',
        file_name: 'project-2021.xlsx',
        format: 'xlsx',
        referrer_url: article,
        link_text: '市工业互联网专项资金项目支出绩效自评表.xlsx',
        content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        published_at: '2022-03-20',
      },
      {
        ...common,
        path: '/yjsgk/t20220318_1.html',
        url: '/yjsgk/t20220318_1.html',
        final_url: '/yjsgk/t20220318_1.html',
        file_name: 't20220318_1.html',
        format: 'html',
        referrer_url: '/yjsgk/index.html',
        link_text: '江门市工业和信息化局2021年度市工业互联网专项资金绩效自评表',
        content_type: 'text/html',
        published_at: '2022-03-18',
      },
    ]);
  });

  it('reads the inline report and the attachments through the same pipeline as ingest', () => {
    const reports = rows<{ url: string; kind: string; indicators: number }>(
      database,
      // Every file holding a copy of a report: the project form was published four times.
      `SELECT url, kind, indicators FROM report_copies WHERE NOT attachment ORDER BY url`,
    ).map((r) => ({ ...r, url: strip(r.url) }));
    expect(reports.map((r) => [r.url, r.kind])).toEqual([
      ['/files/busy-report.docx', 'project'],
      ['/files/jiangmen-2021.docx', 'department_overall'],
      ['/files/project-2021.pdf', 'project'],
      ['/files/project-2021.xlsx', 'project'],
      ['/yjsgk/t20220318_1.html', 'project'],
    ]);
    for (const report of reports) expect(report.indicators).toBeGreaterThan(0);
    const db = openStore(database, { readonly: true });
    // Search names a crawled copy by its web address (one hit per report: the copy with page numbers).
    expect(searchText(db, '工业互联网', 50).some((hit) => hit.url?.startsWith(`${site.origin}/`))).toBe(true);
    db.close();
  });

  it('never requests a path robots.txt disallows, nor another host, and reads robots.txt first', () => {
    expect(requested[0]).toBe('/robots.txt');
    const queued = rows<{ url: string }>(database, 'SELECT url FROM crawl_queue').map((r) => new URL(r.url).origin);
    expect(new Set(queued)).toEqual(new Set([site.origin]));
    expect(requested.filter((p) => p.startsWith('/private/'))).toEqual([]);
    expect(summary.skipped.map((s) => [strip(s.url), s.reason])).toEqual([['/private/draft.pdf', 'disallowed by robots.txt']]);
  });

  it('follows the GBK listing’s pagination and stores listing and news pages as pages, not reports', () => {
    const pages = rows<{ url: string; outcome: string }>(database, `SELECT url, outcome FROM crawl_queue WHERE outcome = 'page' ORDER BY url`);
    expect(pages.map((p) => strip(p.url))).toEqual([
      '/yjsgk/',
      '/yjsgk/index.html',
      '/yjsgk/index_1.html',
      '/yjsgk/t20220320_2.html',
      '/yjsgk/t20220401_3.html',
    ]);
  });

  it('reports each failure with its reason and never stores it', () => {
    expect(summary.failed.map((f) => [strip(f.url), strip(f.reason)])).toEqual([
      ['/files/slow.pdf', 'timed out: no complete response within 1 s (2 attempts)'],
      ['/files/moved.pdf', 'redirect loop: /files/moved.pdf → /files/moved-again.pdf → /files/moved.pdf'],
      ['/files/missing.pdf', 'HTTP 404 Not Found'],
      ['/files/withdrawn.pdf', 'an HTML page came back where a PDF file was linked (Content-Type text/html; charset=utf-8): 您访问的页面不存在或已被删除'],
    ]);
    expect(rows(database, `SELECT url FROM documents WHERE url LIKE '%slow%' OR url LIKE '%moved%' OR url LIKE '%missing%' OR url LIKE '%withdrawn%'`)).toEqual(
      [],
    );
  });

  it('retries a 503 after the Retry-After it asks for', () => {
    expect(requested.filter((p) => p === '/files/busy-report.docx')).toHaveLength(2);
  });

  it('stores identical bytes at a second URL once', () => {
    const [mirror] = rows<{ state: string; outcome: string; same: number }>(
      database,
      `SELECT q.state, q.outcome, q.document_id = d.id AS same FROM crawl_queue q, documents d WHERE q.url LIKE '%/files/2022/project-2021.xlsx' AND d.url LIKE '%/files/project-2021.xlsx'`,
    );
    expect(mirror).toEqual({ state: 'done', outcome: 'unchanged', same: 1 });
  });

  it('sums up per site and in total, and keeps the summary in crawl_runs', () => {
    expect(summary).toMatchObject({ new: 5, changed: 0, unchanged: 1, pages: 5, resumed: false });
    expect(summary.sites[new URL(site.origin).host]).toEqual({ new: 5, changed: 0, unchanged: 1, failed: 4, pages: 5, skipped: 1, archives: 0 });
    const [runRow] = rows<{ new: number; failed: number; finished: number; summary_json: string }>(
      database,
      'SELECT new, failed, finished_at IS NOT NULL AS finished, summary_json FROM crawl_runs',
    );
    expect(runRow).toMatchObject({ new: 5, failed: 4, finished: 1 });
    expect(JSON.parse(runRow.summary_json).stored).toHaveLength(5);
  });
});

describe('crawl: limits', () => {
  it('refuses a response over the size cap, naming the cap', async () => {
    const plan = planFromUrls([`${site.origin}/yjsgk/t20220320_2.html`], ['t20220320_2\\.html$'], { ...QUICK, max_mb: 0.06 });
    const summary = await crawl(plan, { database: path.join(temp(), 'db.sqlite'), runner });
    expect(summary.failed.map((f) => [strip(f.url), f.reason])).toEqual([['/files/project-2021.pdf', 'response of 72118 bytes is over the 62915-byte cap']]);
    expect(summary.new).toBe(2);
  });
});

describe('crawl: the next nights', () => {
  it('sends conditional requests, gets 304s, and stores nothing new', async () => {
    const database = path.join(temp(), 'db.sqlite');
    await run(database);
    const before = site.requests.length;
    const second = await run(database);
    const requests = site.requests.slice(before);
    expect(second).toMatchObject({ new: 0, changed: 0, unchanged: 6 });
    const page = requests.find((r) => r.path === '/yjsgk/index.html')!;
    expect(page.headers['if-modified-since']).toBe('Fri, 01 Apr 2022 00:00:00 GMT');
    const file = requests.find((r) => r.path === '/files/jiangmen-2021.docx')!;
    expect(file.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(rows(database, 'SELECT count(*) AS n FROM documents')).toEqual([{ n: 5 }]);
  });

  it('stores changed bytes at a known URL as that document’s next version', async () => {
    const database = path.join(temp(), 'db.sqlite');
    await run(database);
    site.replace(
      '/files/project-2021.xlsx',
      (await import('node:fs')).readFileSync(path.join(import.meta.dirname, '../fixtures/real/chongqing-yuzhong-rsj-2021-project-selfeval-jiuyebuzhu.xlsx')),
    );
    try {
      const next = await run(database);
      expect(next).toMatchObject({ new: 0, changed: 1 });
      expect(next.stored.map((s) => [strip(s.url), s.outcome])).toEqual([['/files/project-2021.xlsx', 'changed']]);
      const versions = rows<{ version: number; is_current: number }>(
        database,
        `SELECT version, is_current FROM documents WHERE url LIKE '%/files/project-2021.xlsx' ORDER BY version`,
      );
      expect(versions).toEqual([
        { version: 1, is_current: 0 },
        { version: 2, is_current: 1 },
      ]);
    } finally {
      site.replace('/files/project-2021.xlsx', (await import('node:fs')).readFileSync(path.join(import.meta.dirname, '../fixtures/project-2021.xlsx')));
    }
  });
});
