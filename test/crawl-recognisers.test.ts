/**
 * The crawl's recognisers and readers, each on a minimal made-up case: how CMSs publish links,
 * Content-Disposition names, ZIP archives, soft 404s, a site's scope, discovery and the morning report.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cheerio from 'cheerio';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { dispositionFileName } from '../src/crawl/disposition.js';
import { discoverSections } from '../src/crawl/discover.js';
import { linksOfPage } from '../src/crawl/links.js';
import {
  cdataRecords,
  counterPages,
  frames,
  hanwebJpage,
  metaRefresh,
  pagerLinks,
  scriptAddresses,
  trsCreatePageHtml,
  type Recogniser,
} from '../src/crawl/recognisers.js';
import { morningReport, reasonGroup } from '../src/crawl/report.js';
import { fileNameInText, follows, linkKind, outsideScope, scopeOf } from '../src/crawl/scope.js';
import { notFoundReason } from '../src/crawl/soft404.js';
import { archiveMembers } from '../src/extract/archive.js';
import { formatOfPath } from '../src/extract/formats.js';
import { MB } from '../src/extract/unpack/index.js';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { openStore } from '../src/store/db.js';
import { SqliteDocumentStore } from '../src/store/store.js';
import { FIXTURES } from './support/golden.js';
import { zipWithRawNames } from './support/zip.js';

const found = (recognise: Recogniser, body: string) => {
  const html = `<html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
  return recognise({ $: cheerio.load(html), html }).map(({ href, role }) => [href, role]);
};

describe('recognisers: links as sites publish them', () => {
  it('TRS createPageHTML: index.html, then index_1 … index_(n-1), with literal or variable arguments', () => {
    expect(found(trsCreatePageHtml, '<script>createPageHTML(3, 0, "index", "shtml");</script>')).toEqual([
      ['index.shtml', 'listing'],
      ['index_1.shtml', 'listing'],
      ['index_2.shtml', 'listing'],
    ]);
    expect(
      found(trsCreatePageHtml, '<script>var countPage = 2;var currentPage = 1;createPageHTML(countPage, currentPage, "list", "html");</script>').map(
        ([h]) => h,
      ),
    ).toEqual(['list.html', 'list_1.html']);
    // Templates that pass the pager's element id first, and the page size last.
    expect(found(trsCreatePageHtml, `<script>createPageHTML('page_div', 2, 0, 'index', 'html', 20);</script>`).map(([h]) => h)).toEqual([
      'index.html',
      'index_1.html',
    ]);
  });
  it('Hanweb jpage: dataproxy.jsp requests for every group of records, with the column’s parameters', () => {
    const script = `<script>$('#1').jpage({ dataStore: d, proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 10, totalRecord: 45, groupSize: 3,
      ajaxParam: { col: 1, webid: 2, columnid: 77, unitid: 5, webname: '某县' } });</script>`;
    const urls = found(hanwebJpage, script).map(([h]) => h);
    expect(urls).toEqual([
      '/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=30&perpage=10&col=1&webid=2&columnid=77&unitid=5&webname=%E6%9F%90%E5%8E%BF',
      '/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=45&perpage=10&col=1&webid=2&columnid=77&unitid=5&webname=%E6%9F%90%E5%8E%BF',
    ]);
    // The total only in the datastore, the page size in a variable, the default group of three pages.
    const other = `<script type="text/xml"><datastore><totalrecord>20</totalrecord></datastore></script>
      <script>var size = 5; $('#2').jpage({ proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: size, ajaxParam: { columnid: 8 } });</script>`;
    expect(found(hanwebJpage, other).map(([h]) => h)).toEqual([
      '/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=5&columnid=8',
      '/module/web/jpage/dataproxy.jsp?startrecord=16&endrecord=20&perpage=5&columnid=8',
    ]);
  });
  it('CDATA records: the column’s entries as records, with the date beside each', () => {
    const body =
      '<script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/2022/3/1/art_7_1.html">2021年度绩效自评报告</a><span>2022-03-01</span></li>]]></record></recordset></datastore></script>';
    expect(found(cdataRecords, body)).toEqual([['/art/2022/3/1/art_7_1.html', 'record']]);
    const page = new TextEncoder().encode(`<html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
    expect(linksOfPage(page, 'http://a.gov.cn/col/col7/index.html').links).toEqual([
      { url: 'http://a.gov.cn/art/2022/3/1/art_7_1.html', text: '2021年度绩效自评报告', publishedAt: '2022-03-01', role: 'record' },
    ]);
  });
  it('frames and refreshes: another page of the listing', () => {
    expect(found(frames, '<iframe src="list.html"></iframe>')).toEqual([['list.html', 'listing']]);
    const frameset = '<html><frameset cols="20%,80%"><frame src="/x/menu.htm"><frame src="/x/list.htm"></frameset></html>';
    expect(frames({ $: cheerio.load(frameset), html: frameset }).map((f) => f.href)).toEqual(['/x/menu.htm', '/x/list.htm']);
    const html = '<html><head><meta http-equiv="Refresh" content="0; URL=\'/new/index.html\'"></head><body></body></html>';
    expect(metaRefresh({ $: cheerio.load(html), html }).map((f) => f.href)).toEqual(['/new/index.html']);
  });
  it('onclick and javascript: addresses; a script argument that is no address is left alone', () => {
    expect(
      found(
        scriptAddresses,
        `<a href="javascript:void(0)" onclick="window.open('/zfxxgk/t1.html')">报告</a>
         <a href="javascript:openFile('/attach/2022/report.pdf')">附件</a>
         <span onclick="location.href='detail.jsp?id=3'">详情</span>
         <a href="javascript:void(0)" onclick="toggle('menu')">菜单</a>`,
      ),
    ).toEqual([
      ['/zfxxgk/t1.html', 'link'],
      ['/attach/2022/report.pdf', 'link'],
      ['detail.jsp?id=3', 'link'],
    ]);
  });
  it('pagers: 下一页 and 尾页 are pages of the listing; 首页 only when it points at one', () => {
    expect(
      found(
        pagerLinks,
        '<a href="/">首页</a><a href="/index.html">首页</a><a href="index_1.html">下一页</a><a href="index_9.html">尾页</a><a href="index.html">首页</a>',
      ),
    ).toEqual([
      ['index_1.html', 'listing'],
      ['index_9.html', 'listing'],
      ['index.html', 'listing'],
    ]);
  });
  it('counters: every numbered page up to the highest linked, for name_N files and ?page=N', () => {
    expect(found(counterPages, '<a href="list.jsp?page=2">下一页</a><a href="list.jsp?page=4">尾页</a>').map(([h]) => h)).toEqual([
      'list.jsp?page=1',
      'list.jsp?page=2',
      'list.jsp?page=3',
      'list.jsp?page=4',
    ]);
    expect(found(counterPages, '<a href="index_1.html">2</a><a href="index_3.html">尾页</a>').map(([h]) => h)).toEqual([
      'index_1.html',
      'index_2.html',
      'index_3.html',
    ]);
    // Article links are not counters, however they are numbered.
    expect(found(counterPages, '<a href="t20220318_5.html">自评报告</a>')).toEqual([]);
  });
});

describe('which links are attachments', () => {
  it('by extension, by a link text naming a format, or by a download endpoint; WPS formats read as Office ones', () => {
    const kind = (url: string, text = '') => linkKind(new URL(url), text);
    expect(kind('http://a.gov.cn/a/b.et')).toBe('file');
    expect(kind('http://a.gov.cn/a/b.zip')).toBe('file');
    expect(kind('http://a.gov.cn/module/download/downfile.jsp?classid=0&id=3')).toBe('file');
    expect(kind('http://a.gov.cn/DownFile.aspx?id=7')).toBe('file');
    expect(kind('http://a.gov.cn/download?id=9')).toBe('file');
    expect(kind('http://a.gov.cn/show.jsp?id=9', '附件：自评表.xlsx')).toBe('file');
    expect(kind('http://a.gov.cn/module/web/jpage/dataproxy.jsp?page=1')).toBe('page');
    // One rule chooses a link by its text and names the file it brings: the name may stand mid-text.
    expect(fileNameInText('附件：自评报告.pdf（下载）')).toBe('自评报告.pdf');
    expect(fileNameInText('部门整体支出绩效自评表.xlsx')).toBe('部门整体支出绩效自评表.xlsx');
    expect(fileNameInText('绩效自评公开')).toBeNull();
    // A page or folder named like an endpoint is no endpoint: a script is told which file by its query.
    expect(kind('http://a.gov.cn/zwgk/download')).toBe('page');
    expect(kind('http://a.gov.cn/news/fujian')).toBe('page');
    expect(kind('http://a.gov.cn/menu/dropdown.jsp?id=2')).toBe('page');
    expect(kind('http://a.gov.cn/img/logo.png')).toBeNull();
    expect([formatOfPath('a.et'), formatOfPath('a.ett'), formatOfPath('a.wps'), formatOfPath('a.wpt'), formatOfPath('a.dps')]).toEqual([
      'xls',
      'xls',
      'doc',
      'doc',
      null,
    ]);
  });
  it('follows a listing’s own pages and records anywhere on the site, plain links only inside the section', () => {
    const scope = scopeOf(['http://a.gov.cn/col/col7/index.html'], []);
    expect(follows(scope, { url: 'http://a.gov.cn/art/2022/3/1/art_7_1.html', text: '', role: 'record' })).toBe('page');
    expect(follows(scope, { url: 'http://a.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1', text: '', role: 'listing' })).toBe('page');
    expect(follows(scope, { url: 'http://a.gov.cn/art/2022/3/1/art_7_1.html', text: '', role: 'link' })).toBeNull();
    expect(follows(scope, { url: 'http://b.gov.cn/col/col7/index_1.html', text: '', role: 'listing' })).toBeNull();
  });
});

describe('a site’s scope: host and port', () => {
  const scope = scopeOf(['http://a.gov.cn/yjsgk/index.html', 'http://127.0.0.1:8080/x/'], []);
  it('names what is outside: another host, another port of the same host, another scheme', () => {
    expect(outsideScope(scope, new URL('http://a.gov.cn/files/r.pdf'))).toBeNull();
    expect(outsideScope(scope, new URL('https://a.gov.cn/files/r.pdf'))).toBeNull(); // the same host on the default port
    expect(outsideScope(scope, new URL('http://b.gov.cn/r.pdf'))).toBe('another host (b.gov.cn) is outside the site');
    expect(outsideScope(scope, new URL('http://127.0.0.1:22/'))).toBe('another port (127.0.0.1:22) is outside the site');
    expect(outsideScope(scope, new URL('http://a.gov.cn:8443/r.pdf'))).toBe('another port (a.gov.cn:8443) is outside the site');
    expect(outsideScope(scope, new URL('file:///etc/passwd'))).toBe('a file: address is outside the site');
  });
});

describe('Content-Disposition file names', () => {
  const latin1 = (bytes: Buffer) => bytes.toString('latin1');
  it('reads RFC 6266 / 5987 filename*, which wins over filename', () => {
    expect(dispositionFileName(`attachment; filename*=UTF-8''%E8%87%AA%E8%AF%84.pdf`)).toBe('自评.pdf');
    expect(dispositionFileName(`attachment; filename="x.pdf"; filename*=utf-8''%E8%87%AA%E8%AF%84.pdf`)).toBe('自评.pdf');
    expect(dispositionFileName(`attachment; filename*=GBK''%D7%D4%C6%C0.xls`)).toBe('自评.xls');
  });
  it('reads raw bytes in filename=, UTF-8 or GBK, quoted or not', () => {
    expect(dispositionFileName(`attachment; filename="${latin1(Buffer.from('自评报告.docx'))}"`)).toBe('自评报告.docx');
    expect(dispositionFileName(`attachment; filename=${latin1(iconv.encode('项目自评表.xls', 'gbk'))}`)).toBe('项目自评表.xls');
  });
  it('reads percent-encoded names (either charset) and RFC 2047 words', () => {
    expect(dispositionFileName('attachment; filename="%E8%87%AA%E8%AF%84.docx"')).toBe('自评.docx');
    expect(dispositionFileName('attachment; filename=%D7%D4%C6%C0.doc')).toBe('自评.doc');
    expect(dispositionFileName(`attachment; filename="=?UTF-8?B?${Buffer.from('自评.pdf').toString('base64')}?="`)).toBe('自评.pdf');
  });
  it('keeps only the name, never a path, and gives null when there is none', () => {
    expect(dispositionFileName('attachment; filename="..\\\\..\\\\x.pdf"')).toBe('x.pdf');
    expect(dispositionFileName('attachment; filename="/etc/passwd"')).toBe('passwd');
    expect(dispositionFileName('inline')).toBeNull();
    expect(dispositionFileName(null)).toBeNull();
  });
});

describe('ZIP archives', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n');
  const limits = { maxUnpackedBytes: 1 * MB };
  const names = (zip: Uint8Array) =>
    archiveMembers(zip, limits).map((m) => [m.name, 'format' in m ? m.format : 'failure' in m ? `failure: ${m.failure}` : `skipped: ${m.skipped}`]);
  it('decodes GBK member names written without the UTF-8 flag, and flagged UTF-8 ones', () => {
    const zip = zipWithRawNames([
      { name: '部门自评报告.pdf', bytes: pdf },
      { name: '项目自评表.pdf', bytes: pdf, encoding: 'utf8' },
    ]);
    expect(names(zip)).toEqual([
      ['部门自评报告.pdf', 'pdf'],
      ['项目自评表.pdf', 'pdf'],
    ]);
  });
  it('keeps the folders of a nested member in its name; leaves images out, skips slides and inner archives with a reason', () => {
    const zip = zipWithRawNames([
      { name: '2021/教育局/自评报告.pdf', bytes: pdf },
      { name: '2021/', bytes: new Uint8Array() },
      { name: '封面.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) },
      { name: '汇报.dps', bytes: pdf },
      { name: '旧版.zip', bytes: pdf },
    ]);
    expect(names(zip)).toEqual([
      ['2021/教育局/自评报告.pdf', 'pdf'],
      ['汇报.dps', 'skipped: a WPS presentation (.dps): slides are not read'],
      ['旧版.zip', 'skipped: an archive inside an archive is not opened'],
    ]);
  });
  it('fails a member over the unpack limits alone; the others are read', () => {
    const zip = zipWithRawNames([
      { name: 'huge.pdf', bytes: pdf, declaredSize: 2 * MB },
      { name: 'ok.pdf', bytes: pdf },
    ]);
    expect(names(zip)).toEqual([
      ['huge.pdf', 'failure: too large when unpacked (2.0 MB, limit 1.0 MB)'],
      ['ok.pdf', 'pdf'],
    ]);
  });
  it('reads a zip-slip name such as ../../x.pdf as a name only: nothing is written anywhere', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-slip-'));
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      expect(names(zipWithRawNames([{ name: '../../x.pdf', bytes: pdf }]))).toEqual([['../../x.pdf', 'pdf']]);
      expect([existsSync(path.resolve('../../x.pdf')), existsSync(path.resolve('x.pdf'))]).toEqual([false, false]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('ingest reads a local archive the same way', () => {
  it('each member a document of its own, named by its address inside the archive; a member over the limits fails alone', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-zip-ingest-'));
    const zip = path.join(folder, '自评材料.zip');
    writeFileSync(
      zip,
      zipWithRawNames([
        { name: '2021/项目支出绩效自评表.docx', bytes: readFileSync(path.join(FIXTURES, 'project-2021.docx')) },
        { name: '部门整体支出绩效自评报告.pdf', bytes: readFileSync(path.join(FIXTURES, 'project-2021.pdf')), declaredSize: 400 * MB },
        { name: '说明.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
      ]),
    );
    const database = path.join(folder, 'db.sqlite');
    const summary = await ingest([folder], { database, runner: inProcessRunner() });
    expect(summary).toMatchObject({ files: 2, ingested: 1 });
    expect(summary.failed).toEqual([
      { path: `${zip}#部门整体支出绩效自评报告.pdf`, error: 'too large when unpacked (400 MB, limit 256 MB)', kind: 'too_large' },
    ]);
    const db = openStore(database, { readonly: true });
    expect(db.prepare('SELECT path, file_name, format, status FROM documents WHERE status = ?').all('ok')).toEqual([
      { path: `${zip}#2021/项目支出绩效自评表.docx`, file_name: '项目支出绩效自评表.docx', format: 'docx', status: 'ok' },
    ]);
    db.close();
  });
});

describe('soft 404s', () => {
  it('a title saying 404 or 页面不存在, or a short page saying so, is a not-found page', () => {
    expect(notFoundReason({ title: '404 Not Found', text: '返回首页' })).toBe('a not-found page answered with HTTP 200 (title "404 Not Found")');
    expect(notFoundReason({ title: '提示信息', text: '对不起，您访问的页面不存在！ 返回首页' })).toBe(
      'a not-found page answered with HTTP 200 ("您访问的页面不存在")',
    );
  });
  it('a listing that mentions 不存在 among its records is not', () => {
    const listing = `预算绩效 ${'2021年度部门整体支出绩效自评报告 2022-03-18 '.repeat(12)} 关于页面不存在问题的整改报告`;
    expect(notFoundReason({ title: '预算绩效', text: listing })).toBeNull();
  });
  it('a page nearly the same as the host’s own 404 page is one', () => {
    const errorPage = '抱歉，找不到该内容 请检查地址 或返回 某某县人民政府门户网站 首页 联系我们 网站地图';
    expect(notFoundReason({ title: '某某县人民政府', text: `${errorPage} ` }, [errorPage])).toBe('a page like this site’s own 404 page answered with HTTP 200');
    expect(
      notFoundReason({ title: '某某县人民政府', text: '部门预决算 2021年度部门决算公开 2021年度部门预算公开 2020年度部门决算公开' }, [errorPage]),
    ).toBeNull();
  });
});

describe('discovery', () => {
  const page = (links: [string, string][]) => ({
    page: { publishedAt: null, title: '', text: '', links: links.map(([url, text]) => ({ url, text, publishedAt: null })) },
    finalUrl: '',
  });
  it('takes short section names from the home page and the 信息公开 pages, never news, jobs or article titles', async () => {
    const pages: Record<string, ReturnType<typeof page>> = {
      'http://a.gov.cn/': page([
        ['http://a.gov.cn/xxgk/', '政府信息公开'],
        ['http://a.gov.cn/news/1.html', '县财政局召开预算绩效管理工作会议'],
        ['http://a.gov.cn/news/', '预算绩效新闻'],
        ['http://b.gov.cn/yjs/', '预决算公开'],
      ]),
      'http://a.gov.cn/xxgk/': page([
        ['http://a.gov.cn/xxgk/yjs/index.html', '部门预决算'],
        ['http://a.gov.cn/xxgk/jxpj/index.html', '绩效评价'],
        ['http://a.gov.cn/jobs/', '人才招聘'],
      ]),
    };
    const asked: string[] = [];
    const sections = await discoverSections(['http://a.gov.cn/'], async (url) => (asked.push(url), pages[url] ?? { failure: 'HTTP 404 Not Found' }));
    expect(sections).toEqual({
      start: ['http://a.gov.cn/xxgk/yjs/index.html', 'http://a.gov.cn/xxgk/jxpj/index.html'],
      follow: ['^http://a\\.gov\\.cn/xxgk/yjs/', '^http://a\\.gov\\.cn/xxgk/jxpj/'],
    });
    expect(asked).toEqual(['http://a.gov.cn/', 'http://a.gov.cn/xxgk/']);
  });
});

describe('the morning report', () => {
  it('groups failures by reason without their addresses', () => {
    expect(reasonGroup('redirected to http://x.gov.cn:81/a.pdf: another port (x.gov.cn:81) is outside the site')).toBe(
      'redirected to …: another port (…) is outside the site',
    );
  });
  it('lists a site that returned nothing new for the given number of runs in a row', async () => {
    const db = openStore(path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-report-')), 'db.sqlite'));
    const add = (sites: Record<string, { new: number; changed: number }>) =>
      Number(
        db
          .prepare(`INSERT INTO crawl_runs (started_at, finished_at, plan_json, summary_json) VALUES ('2026-12-01', '2026-12-01', '{}', ?)`)
          .run(JSON.stringify({ sites })).lastInsertRowid,
      );
    add({ a: { new: 2, changed: 0 }, b: { new: 0, changed: 0 } });
    add({ a: { new: 0, changed: 0 }, b: { new: 0, changed: 0 } });
    const tonight = add({});
    const report = await morningReport(
      new SqliteDocumentStore(db),
      tonight,
      [],
      [],
      { a: { new: 0, changed: 0 }, b: { new: 0, changed: 0 }, c: { new: 1, changed: 0 } },
      3,
    );
    expect(report.quiet_sites).toEqual([{ site: 'b', runs: 3 }]);
    db.close();
  });
});
