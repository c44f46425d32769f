/** The crawler's parts, each on a minimal made-up case: robots.txt, pacing, links, dates, scope, responses, plans. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../src/crawl/fetch.js';
import { linksOfPage } from '../src/crawl/links.js';
import { HostPacer } from '../src/crawl/pacer.js';
import { CrawlUsageError, DEFAULT_LIMITS, planFromSitesText, planFromUrls } from '../src/crawl/plan.js';
import { CrawlQueue, startOrResumeRun } from '../src/store/crawl-queue.js';
import { CrawlWorker } from '../src/store/crawl-workers.js';
import { SqliteDocumentStore } from '../src/store/store.js';
import { robotsFromAnswer } from '../src/crawl/robots.js';
import { classifyResponse } from '../src/crawl/response.js';
import { follows, scopeOf } from '../src/crawl/scope.js';
import { openStore } from '../src/store/db.js';

const html = (body: string, head = '<meta charset="utf-8">') => new TextEncoder().encode(`<html><head>${head}</head><body>${body}</body></html>`);
const headers = (contentType: string | null, contentDisposition: string | null = null) => ({ contentType, contentDisposition, etag: null, lastModified: null });
const file = (url: string, text = '') => ({ url, text, kind: 'file' as const });

describe('robots.txt', () => {
  const robotsUrl = 'http://a.gov.cn/robots.txt';
  it('obeys the longest matching rule for our agent, and its Crawl-delay', () => {
    const rules = robotsFromAnswer(robotsUrl, { status: 200, text: 'User-agent: *\nDisallow: /private/\nAllow: /private/open/\nCrawl-delay: 3\n' });
    expect(rules.allows('http://a.gov.cn/yjsgk/index.html')).toBe(true);
    expect(rules.allows('http://a.gov.cn/private/draft.pdf')).toBe(false);
    expect(rules.allows('http://a.gov.cn/private/open/report.pdf')).toBe(true);
    expect(rules.crawlDelaySeconds).toBe(3);
  });
  it('prefers a group naming jixiao to the * group', () => {
    const rules = robotsFromAnswer(robotsUrl, { status: 200, text: 'User-agent: *\nDisallow: /\n\nUser-agent: jixiao\nDisallow: /tmp/\n' });
    expect(rules.allows('http://a.gov.cn/yjsgk/')).toBe(true);
    expect(rules.allows('http://a.gov.cn/tmp/x.pdf')).toBe(false);
  });
  it('reads a 4xx as no rules, and a 5xx or no answer as everything refused', () => {
    expect(robotsFromAnswer(robotsUrl, { status: 404, text: '' }).allows('http://a.gov.cn/x')).toBe(true);
    const down = robotsFromAnswer(robotsUrl, { status: 503, text: '' });
    expect(down.allows('http://a.gov.cn/x')).toBe(false);
    expect(down.unavailable).toBe('robots.txt answered HTTP 503');
    expect(robotsFromAnswer(robotsUrl, { failure: 'timed out' }).unavailable).toBe('robots.txt could not be read: timed out');
  });
});

describe('pacing one host', () => {
  it('runs one request at a time with the delay between the end of one and the start of the next', async () => {
    const pacer = new HostPacer(50);
    const log: string[] = [];
    const request = (name: string) => async () => {
      log.push(`start ${name} ${Date.now()}`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`end ${name} ${Date.now()}`);
    };
    await Promise.all([pacer.run(request('a')), pacer.run(request('b'))]);
    expect(log.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['start a', 'end a', 'start b', 'end b']);
    const time = (i: number) => Number(log[i].split(' ')[2]);
    expect(time(2) - time(1)).toBeGreaterThanOrEqual(45);
  });
  it('takes a longer Crawl-delay from robots.txt, never a shorter one', async () => {
    const pacer = new HostPacer(0);
    pacer.atLeast(0.06);
    pacer.atLeast(0.01);
    const started: number[] = [];
    await Promise.all([1, 2].map(() => pacer.run(async () => void started.push(Date.now()))));
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(55);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 10:00:30 GMT', Date.parse('2026-11-27T10:00:00Z'))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});

describe('links of a page', () => {
  it('reads a GBK listing: absolute URLs, link text, the date beside each link', () => {
    const page = iconv.encode(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><ul>' +
        '<li><a href="t1.html">绩效自评报告</a><span>2022-03-18</span></li>' +
        '<li><a href="../files/a.pdf#page=2">附件</a> 2022年4月2日</li></ul>' +
        '<a href="mailto:x@y.cn">邮箱</a><a href="javascript:void(0)">收藏</a></body></html>',
      'gb18030',
    );
    expect(linksOfPage(page, 'http://a.gov.cn/yjsgk/index.html')).toMatchObject({
      publishedAt: null,
      links: [
        { url: 'http://a.gov.cn/yjsgk/t1.html', text: '绩效自评报告', publishedAt: '2022-03-18', role: 'link' },
        { url: 'http://a.gov.cn/files/a.pdf', text: '附件', publishedAt: '2022-04-02', role: 'link' },
      ],
    });
  });
  it('resolves against <base>, gives attachments the page’s own date, and takes the title of a cut link text', () => {
    const page = html(
      '<p>发布日期：2022年3月20日</p><p><a href="x.docx">附件1</a></p><a href="y.pdf" title="江门市财政局2021年度部门整体支出绩效自评报告">江门市财政局2021…</a>',
      '<meta charset="utf-8"><base href="http://a.gov.cn/attach/">',
    );
    const { publishedAt, links } = linksOfPage(page, 'http://a.gov.cn/yjsgk/t2.html');
    expect(publishedAt).toBe('2022-03-20');
    expect(links).toEqual([
      { url: 'http://a.gov.cn/attach/x.docx', text: '附件1', publishedAt: '2022-03-20', role: 'link' },
      { url: 'http://a.gov.cn/attach/y.pdf', text: '江门市财政局2021年度部门整体支出绩效自评报告', publishedAt: '2022-03-20', role: 'link' },
    ]);
  });
  it('takes a page’s date from its <meta> before its text', () => {
    const page = html('<p>发布时间：2021-01-01</p>', '<meta charset="utf-8"><meta name="PubDate" content="2022-03-18 09:30">');
    expect(linksOfPage(page, 'http://a.gov.cn/t.html').publishedAt).toBe('2022-03-18');
  });
});

describe('what a crawl follows', () => {
  const scope = scopeOf(['http://a.gov.cn/czj/yjsgk/index.html'], []);
  it('follows pages under a start URL’s folder (pagination, articles) and attachments anywhere on the host', () => {
    expect(follows(scope, 'http://a.gov.cn/czj/yjsgk/index_1.html')).toBe('page');
    expect(follows(scope, 'http://a.gov.cn/czj/yjsgk/202203/t20220318_1.html')).toBe('page');
    expect(follows(scope, 'http://a.gov.cn/attachment/0/12/report.PDF')).toBe('file');
    expect(follows(scope, 'http://a.gov.cn/attachment/b.wps')).toBe('file');
  });
  it('does not follow other sections, other hosts, or files that cannot be reports', () => {
    expect(follows(scope, 'http://a.gov.cn/czj/news/index.html')).toBeNull();
    expect(follows(scope, 'http://www.gov.cn/czj/yjsgk/report.pdf')).toBeNull();
    expect(follows(scope, 'http://a.gov.cn/czj/yjsgk/banner.png')).toBeNull();
  });
  it('follows pages matching --follow patterns instead of the folder rule', () => {
    const patterned = scopeOf(['http://a.gov.cn/czj/yjsgk/index.html'], ['/zwgk/.*/t\\d+_\\d+\\.html$']);
    expect(follows(patterned, 'http://a.gov.cn/zwgk/2022/t20220318_1.html')).toBe('page');
    expect(follows(patterned, 'http://a.gov.cn/czj/yjsgk/index_1.html')).toBeNull();
  });
});

describe('what a response is', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7\n');
  const errorPage = new TextEncoder().encode('<!DOCTYPE html><html><body>页面不存在</body></html>');
  it('fails an HTML page answered where a file was linked, in the page’s own words', () => {
    expect(classifyResponse(file('http://a.gov.cn/f/r.pdf'), headers('text/html'), errorPage)).toEqual({
      failure: 'an HTML page came back where a PDF file was linked (Content-Type text/html): 页面不存在',
    });
    expect(classifyResponse(file('http://a.gov.cn/downfile.jsp?id=3'), headers('text/html'), errorPage)).toEqual({
      failure: 'an HTML page came back where a file was linked (Content-Type text/html): 页面不存在',
    });
  });
  it('believes a text/html Content-Type about bytes that are no PDF or office file', () => {
    const withBom = new TextEncoder().encode('\uFEFF<!-- 404 --><p>页面不存在</p>');
    expect(classifyResponse(file('http://a.gov.cn/f/r.docx'), headers('text/html; charset=utf-8'), withBom)).toMatchObject({
      failure: expect.stringMatching(/^an HTML page came back where a DOCX file was linked \(Content-Type text\/html; charset=utf-8\)/),
    });
    expect(classifyResponse(file('http://a.gov.cn/f/r.pdf'), headers('text/html'), pdf)).toEqual({ format: 'pdf', fileName: 'r.pdf' });
  });
  it('takes the name from Content-Disposition, else the URL, else a link text naming a file; the format from the bytes first', () => {
    expect(classifyResponse(file('http://a.gov.cn/f/r.pdf'), headers('application/octet-stream'), pdf)).toEqual({ format: 'pdf', fileName: 'r.pdf' });
    expect(classifyResponse(file('http://a.gov.cn/down.jsp?id=3'), headers(null, `attachment; filename*=UTF-8''%E8%87%AA%E8%AF%84.pdf`), pdf)).toEqual({
      format: 'pdf',
      fileName: '自评.pdf',
    });
    expect(classifyResponse(file('http://a.gov.cn/down.jsp?id=3', '附件：自评表.pdf'), headers('application/octet-stream'), pdf)).toEqual({
      format: 'pdf',
      fileName: '自评表.pdf',
    });
    expect(classifyResponse(file('http://a.gov.cn/down.jsp?id=3'), headers('application/pdf'), pdf)).toEqual({ format: 'pdf', fileName: null });
    expect(classifyResponse(file('http://a.gov.cn/f/report.doc'), headers('application/msword'), pdf)).toEqual({ format: 'pdf', fileName: 'report.doc' });
    expect(classifyResponse(file('http://a.gov.cn/down'), headers(null, 'attachment; filename="a.txt"'), new TextEncoder().encode('项目\t金额'))).toEqual({
      format: 'txt',
      fileName: 'a.txt',
    });
    expect(classifyResponse(file('http://a.gov.cn/logo'), headers('image/png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1]))).toEqual({
      failure: 'not a report format (Content-Type image/png)',
    });
    expect(classifyResponse(file('http://a.gov.cn/r.pdf'), headers('application/pdf'), new Uint8Array())).toEqual({ failure: 'empty response' });
  });
  it('names archives and skips presentations and archives it cannot open, with the reason', () => {
    const zip = zipSync({ 'a.pdf': pdf });
    expect(classifyResponse(file('http://a.gov.cn/download?id=9'), headers('application/octet-stream', 'attachment; filename="reports.zip"'), zip)).toEqual({
      archive: true,
      fileName: 'reports.zip',
    });
    expect(
      classifyResponse(
        file('http://a.gov.cn/download?id=9'),
        headers('application/octet-stream', 'attachment; filename="slides.dps"'),
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      ),
    ).toEqual({
      skipped: 'a WPS presentation (.dps): slides are not read',
    });
    expect(
      classifyResponse(
        file('http://a.gov.cn/download?id=9'),
        headers(null, 'attachment; filename="all.rar"'),
        new TextEncoder().encode('Rar!\u001a\u0007\u0000'),
      ),
    ).toMatchObject({ skipped: expect.stringMatching(/^RAR archives are not read/) });
  });
});

describe('plans', () => {
  const file = `
defaults:
  delay: 2
  timeout: 30
sites:
  - name: 江门市财政局
    start: https://czj.jiangmen.gov.cn/yjsgk/index.html
    follow: ['/yjsgk/']
    max_pages: 50
  - start: [https://www.example.gov.cn/a/index.html, https://www.example.gov.cn/b/index.html]
    delay: 5
`;
  it('layers built-in defaults < the file’s defaults < a site’s entry < the command line', () => {
    const plan = planFromSitesText(file, 'sites.yaml', { timeout: 10 });
    expect(plan.sites.map((s) => [s.name, s.start.length, s.follow, s.limits.delayMs, s.limits.maxPages, s.limits.fetch.responseTimeoutMs])).toEqual([
      ['江门市财政局', 1, ['/yjsgk/'], 2000, 50, 10_000],
      ['www.example.gov.cn', 2, [], 5000, DEFAULT_LIMITS.maxPages, 10_000],
    ]);
    expect(plan.sites[0].limits.fetch.maxBytes).toBe(100 * 1024 * 1024);
    expect(planFromSitesText(JSON.stringify({ sites: [{ start: 'http://a.gov.cn/' }] }), 'sites.json', {}).sites[0].limits).toEqual(DEFAULT_LIMITS);
  });
  it('names the mistake in a sites file', () => {
    expect(() => planFromSitesText('sites:\n  - start: ftp://a.gov.cn/\n', 'sites.yaml', {})).toThrow(/sites\.yaml: sites\.0\.start.*http/);
    expect(() => planFromSitesText('sites:\n  - start: http://a.gov.cn/\n    dealy: 1\n', 'sites.yaml', {})).toThrow(/dealy/);
    expect(() => planFromSitesText('sites: [', 'sites.yaml', {})).toThrow(CrawlUsageError);
  });
  it('groups command-line start URLs into one site per host', () => {
    const plan = planFromUrls(['http://a.gov.cn/x/index.html', 'http://b.gov.cn/', 'http://a.gov.cn/y/index.html'], [], { delay: 0 });
    expect(plan.sites.map((s) => [s.name, s.start.length, s.limits.delayMs])).toEqual([
      ['a.gov.cn', 2, 0],
      ['b.gov.cn', 1, 0],
    ]);
    expect(() => planFromUrls(['a.gov.cn/x'], [], {})).toThrow(CrawlUsageError);
    expect(() => planFromUrls(['http://a.gov.cn/'], ['(['], {})).toThrow(/--follow/);
  });
});

describe('the queue in the database', () => {
  const link = (url: string) => ({ url, text: '', publishedAt: null });
  const newStore = () => new SqliteDocumentStore(openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-queue-')), 'db.sqlite')));
  const start = (store: SqliteDocumentStore, plan: string, worker = new CrawlWorker(store)) =>
    startOrResumeRun(store, plan, new Date(), (id) => worker.joinWrite(id, new Date()));
  it('queues a URL once per run, in the order found, up to the site’s limit', async () => {
    const store = newStore();
    const worker = new CrawlWorker(store);
    const { runId } = await start(store, '{"sites":[]}', worker);
    const queue = new CrawlQueue(store, runId, worker.name, worker.claimMs);
    expect(await queue.enqueue('a', 3, [link('http://a.gov.cn/1'), link('http://a.gov.cn/2'), link('http://a.gov.cn/1')], null)).toBe(0);
    expect(await queue.enqueue('a', 3, [link('http://a.gov.cn/3'), link('http://a.gov.cn/4')], 'http://a.gov.cn/1')).toBe(1);
    expect((await queue.rows()).map((r) => [r.url, r.referrer_url, r.state])).toEqual([
      ['http://a.gov.cn/1', null, 'pending'],
      ['http://a.gov.cn/2', null, 'pending'],
      ['http://a.gov.cn/3', 'http://a.gov.cn/1', 'pending'],
    ]);
    await store.close();
  });
  it('gives each URL to one worker, in order, and to another once the first worker’s claim runs out', async () => {
    const store = newStore();
    const first = new CrawlWorker(store, 'elsewhere/1/a', 50);
    const second = new CrawlWorker(store, 'elsewhere/2/b', 60_000);
    const { runId } = await start(store, '{"sites":[]}', first);
    const mine = new CrawlQueue(store, runId, first.name, first.claimMs);
    const theirs = new CrawlQueue(store, runId, second.name, second.claimMs);
    await mine.enqueue('a', 10, [link('http://a.gov.cn/1'), link('http://a.gov.cn/2')], null);
    expect((await mine.claim('a.gov.cn'))?.url).toBe('http://a.gov.cn/1');
    expect((await theirs.claim('a.gov.cn'))?.url).toBe('http://a.gov.cn/2');
    expect(await theirs.claim('a.gov.cn')).toBeUndefined();
    expect(await theirs.claimableHosts()).toEqual([]);
    expect(await theirs.pending()).toBe(2);
    // The first worker renews nothing (it crashed): its claim runs out and the URL is taken over.
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await theirs.claimableHosts()).toEqual(['a.gov.cn']);
    const taken = await theirs.claim('a.gov.cn');
    expect(taken?.url).toBe('http://a.gov.cn/1');
    await theirs.finish(taken!.id, { state: 'done', outcome: 'page' });
    expect((await theirs.rows()).map((r) => [r.url, r.state, r.claimed_by])).toEqual([
      ['http://a.gov.cn/1', 'done', 'elsewhere/2/b'],
      ['http://a.gov.cn/2', 'pending', 'elsewhere/2/b'],
    ]);
    await store.close();
  });
  it('frees at once the claims of a crawler of this machine whose process is gone', async () => {
    const store = newStore();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    const ghost = new CrawlWorker(store, `${os.hostname()}/${dead}/x`, 60_000);
    const { runId } = await start(store, '{"sites":[]}', ghost);
    const queue = new CrawlQueue(store, runId, ghost.name, ghost.claimMs);
    await queue.enqueue('a', 10, [link('http://a.gov.cn/1')], null);
    await queue.claim('a.gov.cn');
    const alive = new CrawlWorker(store);
    expect(await new CrawlQueue(store, runId, alive.name, alive.claimMs).claimableHosts()).toEqual([]);
    await alive.freeTheDead(runId);
    expect((await new CrawlQueue(store, runId, alive.name, alive.claimMs).claim('a.gov.cn'))?.url).toBe('http://a.gov.cn/1');
    await store.close();
  });
  it('resumes an unfinished run asked the same thing, and closes it when asked something else unless a crawler still works on it', async () => {
    const store = newStore();
    const gone = new CrawlWorker(store, 'elsewhere/1/a', 1);
    const first = await start(store, 'plan A', gone);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await start(store, 'plan A', gone)).toEqual({ runId: first.runId, resumed: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const other = await start(store, 'plan B');
    expect(other.resumed).toBe(false);
    // Plan B's crawler lives (its sign of life holds a minute): plan C leaves its run open.
    const third = await start(store, 'plan C');
    expect(store.db.prepare('SELECT id, finished_at IS NOT NULL AS closed FROM crawl_runs ORDER BY id').all()).toEqual([
      { id: first.runId, closed: 1 },
      { id: other.runId, closed: 0 },
      { id: third.runId, closed: 0 },
    ]);
    await store.close();
  });
});
