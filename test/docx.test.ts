/** DOCX read straight from WordprocessingML: packages built here, one feature at a time. */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/extract/index.js';
import type { Table } from '../src/extract/model.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

function docx(body: string, styles = ''): Uint8Array {
  return zipSync({
    '_rels/.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<w:document xmlns:w="${W}" xmlns:mc="${MC}"><w:body>${body}</w:body></w:document>`),
    ...(styles ? { 'word/styles.xml': strToU8(`<w:styles xmlns:w="${W}">${styles}</w:styles>`) } : {}),
  });
}

const p = (text: string, props = '') => `<w:p>${props}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, props = '') => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${p(text)}</w:tc>`;
const tr = (cells: string, props = '') => `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells}</w:tr>`;
const spans = (t: Table) => t.rows.map((r) => r.map((c) => (c.rowSpan > 1 || c.colSpan > 1 ? `${c.text}[${c.rowSpan}x${c.colSpan}]` : c.text)));
const read = (bytes: Uint8Array) => extractBytes(bytes, 'docx');

describe('DOCX', () => {
  it('reads paragraphs, marking headings by style name or bold runs', async () => {
    const style = '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>';
    const doc = await read(docx(`${p('一、基本情况', '<w:pPr><w:pStyle w:val="1"/></w:pPr>')}<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>标题</w:t></w:r></w:p>${p('正文')}`, style));
    expect(doc.blocks).toEqual([
      { kind: 'paragraph', text: '一、基本情况', page: null, heading: true },
      { kind: 'paragraph', text: '标题', page: null, heading: true },
      { kind: 'paragraph', text: '正文', page: null, heading: false },
    ]);
  });

  it('reads column spans, vertical merges and rows that start late (gridBefore)', async () => {
    const body = `<w:tbl>${tr(tc('甲', '<w:gridSpan w:val="2"/>') + tc('乙'))}${tr(tc('丙', '<w:vMerge w:val="restart"/>') + tc('丁') + tc('戊'))}${tr(
      tc('', '<w:vMerge/>') + tc('己') + tc('庚'),
    )}${tr(tc('辛') + tc('壬'), '<w:gridBefore w:val="1"/>')}</w:tbl>`;
    const [table] = (await read(docx(body))).blocks as Table[];
    expect(spans(table)).toEqual([['甲[1x2]', '乙'], ['丙[2x1]', '丁', '戊'], ['己', '庚'], ['', '辛', '壬']]);
  });

  it('reads a table inside a cell as that cell’s text', async () => {
    const inner = `<w:tbl>${tr(tc('内一') + tc('内二'))}</w:tbl>`;
    const body = `<w:tbl>${tr(`<w:tc>${p('外')}${inner}</w:tc>${tc('旁')}`)}</w:tbl>`;
    const [table] = (await read(docx(body))).blocks as Table[];
    expect(spans(table)).toEqual([['外\n内一\n内二', '旁']]);
  });

  it('keeps one copy of alternate content and leaves out deleted text and field codes', async () => {
    const body = `<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>
      <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>框</w:t></mc:Choice><mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const doc = await read(docx(body));
    expect(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual(['保留插入', '框']);
  });

  it('rejects a damaged package', async () => {
    const good = docx(p('正文'));
    await expect(read(good.subarray(0, good.length - 30))).rejects.toThrow(/^damaged DOCX/);
  });
});
