/**
 * A large HTML page is read as it streams by: what it costs in memory grows with the text kept, not
 * with the page's tree. A page of 50 MB (site chrome repeated around a real report, and a long
 * appendix) is read through the built CLI under the per-file limits, with the report's records and
 * well under the memory limit; and the streaming reader keeps every rule of reading a page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract/index.js';
import { cell, paragraph, table, type Block } from '../src/extract/model.js';
import { DEFAULT_HEAP_MB } from '../src/ingest/limits.js';
import { bigGovernmentPage, noticeParagraph } from './support/big-page.js';
import { FIXTURES, differences, readJson } from './support/golden.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const PEAK_RSS = path.resolve(import.meta.dirname, 'support/peak-rss.mjs');
const REPORT_PAGE = readFileSync(path.join(FIXTURES, 'jiangmen-2021.html'), 'utf8');

/** The appendix's notices as the reader gives them: a paragraph and a two-row table each. */
function noticeBlocks(count: number, tablesBefore: number): Block[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + 1;
    const rows = [
      [cell('序号'), cell('材料名称')],
      [cell(String(i)), cell(`归档材料\n第${i}卷`)],
    ];
    return [paragraph(noticeParagraph(i)), table(rows, null, `table ${tablesBefore + i}`)];
  }).flat();
}

describe('a 50 MB government page', () => {
  it('is read through the CLI under the per-file limits, with the report records, in well under the memory limit', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-html-stream-'));
    const file = path.join(folder, 'big.html');
    writeFileSync(file, bigGovernmentPage(REPORT_PAGE, { screens: 22_000, notices: 5_000 }));
    const peakFile = path.join(folder, 'peak');
    const run = spawnSync(process.execPath, ['--import', PEAK_RSS, CLI, 'extract', file, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, PEAK_RSS_FILE: peakFile },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const golden = readJson(path.join(FIXTURES, 'jiangmen-2021.golden.json'));
    expect(differences(golden, JSON.parse(run.stdout))).toEqual([]);
    const peakMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
    expect(peakMb).toBeLessThan(DEFAULT_HEAP_MB / 2);
  }, 300_000);
});

describe('reading a page as a stream keeps every rule of reading a page', () => {
  it('keeps the report and the appendix, block for block, and drops every screen of chrome', async () => {
    const report = await extractBytes(Buffer.from(REPORT_PAGE), 'html');
    const reportTables = report.blocks.filter((b) => b.kind === 'table').length;
    const big = await extractBytes(Buffer.from(bigGovernmentPage(REPORT_PAGE, { screens: 300, notices: 200 })), 'html');
    expect(big.declaredTitle).toBe(report.declaredTitle);
    expect(big.blocks).toEqual([...report.blocks, ...noticeBlocks(200, reportTables)]);
  });

  const read = async (html: string) => (await extractBytes(Buffer.from(html), 'html')).blocks;
  const shown = (blocks: Block[]) => blocks.map((b) => (b.kind === 'paragraph' ? `${b.heading ? '#' : ''}${b.text}` : b.rows.map((r) => r.map((c) => c.text))));

  it('reads a layout table in order when its first inner table comes after text', async () => {
    const html =
      '<body><table><tr><td><h2>一、基本情况</h2><p>正文<br>第二行</p><div>说明<table><tr><td>项目</td><td>金额</td></tr></table>其后</div></td><td>右栏</td></tr></table></body>';
    expect(shown(await read(html))).toEqual(['#一、基本情况', '正文', '第二行', '说明', [['项目', '金额']], '其后', '右栏']);
  });

  it('reads tables nested two deep inside layout tables, each data table numbered in order', async () => {
    const html =
      '<body><table><tr><td><table><tr><td>甲</td></tr></table><table><tr><td><table><tr><td>乙</td></tr></table></td></tr></table></td></tr></table><table><tr><td>丙</td></tr></table></body>';
    const blocks = await read(html);
    expect(shown(blocks)).toEqual([[['甲']], [['乙']], [['丙']]]);
    expect(blocks.map((b) => (b.kind === 'table' ? b.label : null))).toEqual(['table 1', 'table 2', 'table 3']);
  });

  it('marks a paragraph that is bold throughout as a heading, and no other', async () => {
    const html = '<body><p> <b><span>一、</span>基本情况</b>\n</p><p><b>甲</b>乙</p><p>丙<strong>丁</strong></p><b><p>戊</p></b></body>';
    expect(shown(await read(html))).toEqual(['#一、基本情况', '甲乙', '丙丁', '戊']);
  });

  it('reads only the first body, and the whole page when there is none', async () => {
    expect(shown(await read('<html><head><title>题</title></head>前<body><p>正文</p></body>后<body><p>另一</p></body></html>'))).toEqual(['正文']);
    expect(shown(await read('<html><head><title>题</title></head><p>正文</p><table><tr><td>甲</td></tr></table></html>'))).toEqual(['题', '正文', [['甲']]]);
  });

  it('takes the first title in <head> as the declared title, before chrome is dropped', async () => {
    const html = '<html><head class="header"><title> 报告 &amp; 附件 </title><title>第二</title></head><body><title>正文里的</title><p>正文</p></body></html>';
    expect((await extractBytes(Buffer.from(html), 'html')).declaredTitle).toBe('报告 & 附件');
  });

  it('reads a page nested 10,000 elements deep (a tree walked by recursion overflowed the stack)', async () => {
    expect(shown(await read(`<body>${'<div><span>'.repeat(5_000)}正文<table><tr><td>甲</td></tr></table></body>`))).toEqual(['正文', [['甲']]]);
  });

  it('reads cell text by the rules of a table, not those of the page', async () => {
    const html =
      '<body><table><tr><td><p>第一段</p>续<div>第二段</div></td><th colspan="3000" rowspan="x">合计</th></tr><tbody><tr><td>乙</td><td class="nav">导航</td></tr></tbody>表外<td>无行</td></table></body>';
    const [t] = (await read(html)).filter((b) => b.kind === 'table');
    expect(t.rows.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan]))).toEqual([
      [
        ['第一段\n续\n第二段', 1, 1],
        ['合计', 1, 1000],
      ],
      [['乙', 1, 1]],
    ]);
  });
});
