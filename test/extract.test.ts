/** Extractors: every format ends in the same document model, and bad files fail with a reason. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractBytes, extractFile } from '../src/extract/index.js';
import type { Table } from '../src/extract/model.js';
import { textToDocument } from '../src/extract/txt.js';
import { FIXTURES } from './support/golden.js';

const tables = (blocks: { kind: string }[]) => blocks.filter((b): b is Table => b.kind === 'table');

describe('text dumps', () => {
  it('reads tab-led lines as cells and blank lines as row ends', () => {
    const doc = textToDocument('标题\n\t项目\n\t金额\n\n\t人事费\n\t1200\n\n正文');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
    expect(tables(doc.blocks)[0].rows.map((r) => r.map((c) => c.text))).toEqual([
      ['项目', '金额'],
      ['人事费', '1200'],
    ]);
  });

  it('joins a row that a page break cut in two', () => {
    const doc = textToDocument('\ta\n\tb\n\tc\n\n\td\n\n\n\te\n\tf\n\n\tg\n\th\n\ti');
    expect(tables(doc.blocks)[0].rows.map((r) => r.map((c) => c.text))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['g', 'h', 'i'],
    ]);
  });
});

describe('HTML pages', () => {
  const page = (charset: string, body: string) =>
    `<html><head><meta charset="${charset}"><title>报告-某市人民政府门户网站</title></head><body>${body}</body></html>`;

  it('decodes GBK bytes declared as gb2312', async () => {
    const bytes = iconv.encode(page('gb2312', '<p>预算执行率</p>'), 'gbk');
    const doc = await extractBytes(bytes, 'html');
    expect(doc.blocks).toEqual([{ kind: 'paragraph', text: '预算执行率', page: null, heading: false }]);
  });

  it('detects GB18030 when the page declares nothing', async () => {
    const bytes = iconv.encode('<html><body><p>部门整体支出绩效自评报告，预算执行率为百分之百。</p></body></html>', 'gb18030');
    const doc = await extractBytes(bytes, 'html');
    expect(doc.blocks[0]).toMatchObject({ text: '部门整体支出绩效自评报告，预算执行率为百分之百。' });
  });

  it('leaves navigation and footers out of the report', async () => {
    const html = page(
      'utf-8',
      '<div class="header"><a>首页</a></div><div class="position">当前位置</div><h1>标题</h1><p>正文</p><div class="footer">主办</div>',
    );
    const doc = await extractBytes(Buffer.from(html), 'html');
    expect(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual(['标题', '正文']);
    expect(doc.declaredTitle).toBe('报告-某市人民政府门户网站');
  });

  it('keeps row and column spans', async () => {
    const html = page('utf-8', '<table><tr><td rowspan="2">甲</td><td colspan="2">乙</td></tr><tr><td>丙</td><td>丁</td></tr></table>');
    const [t] = tables((await extractBytes(Buffer.from(html), 'html')).blocks);
    expect(t.rows.map((r) => r.map((c) => [c.text, c.rowSpan, c.colSpan]))).toEqual([
      [
        ['甲', 2, 1],
        ['乙', 1, 2],
      ],
      [
        ['丙', 1, 1],
        ['丁', 1, 1],
      ],
    ]);
  });

  it('reads HTML that leaves cells, rows and paragraphs unclosed', async () => {
    const html = '<html><body><p>一<p>二<table><tr><td>甲<td rowspan=2>乙<tr><td>丙</table><p>三</body></html>';
    const doc = await extractBytes(Buffer.from(html), 'html');
    expect(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : b.rows.map((r) => r.map((c) => `${c.text}${c.rowSpan}`))))).toEqual([
      '一',
      '二',
      [['甲1', '乙2'], ['丙1']],
      '三',
    ]);
  });

  it('descends into layout tables that hold other tables', async () => {
    const html = page('utf-8', '<table><tr><td><p>正文</p><table><tr><td>项目</td></tr></table></td></tr></table>');
    const doc = await extractBytes(Buffer.from(html), 'html');
    expect(doc.blocks.map((b) => b.kind)).toEqual(['paragraph', 'table']);
  });
});

describe('DOCX', () => {
  it('keeps vertically merged cells as row spans', async () => {
    const { document } = await extractFile(path.join(FIXTURES, 'jiangmen-2021.docx'));
    const indicators = tables(document.blocks)[1];
    expect(indicators.rows[1][0]).toMatchObject({ text: '工业扶持专项资金', rowSpan: 5 });
  });
});

describe('unreadable files fail with one clear reason', () => {
  it.each([
    ['bad/not-really.docx', /not a DOCX file/],
    ['missing.docx', /no such file/],
    ['README.md', /unsupported file type/],
  ])('%s', async (file, reason) => {
    await expect(extractFile(path.join(FIXTURES, file))).rejects.toThrow(reason);
  });

  it('rejects an empty file', async () => {
    await expect(extractBytes(new Uint8Array(), 'docx')).rejects.toThrow('empty file');
  });

  it('rejects text bytes named .docx', async () => {
    await expect(extractBytes(readFileSync(path.join(FIXTURES, 'jiangmen-2021.txt')), 'docx')).rejects.toThrow(/no ZIP container/);
  });
});
