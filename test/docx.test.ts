/** DOCX read straight from WordprocessingML: packages built here, one feature at a time. */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/extract/docx-numbering.js';
import { extractBytes } from '../src/extract/index.js';
import type { Table } from '../src/extract/model.js';
import { STRING_CHUNK_BYTES, utf8Chunks } from '../src/extract/text.js';

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
    const doc = await read(
      docx(`${p('一、基本情况', '<w:pPr><w:pStyle w:val="1"/></w:pPr>')}<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>标题</w:t></w:r></w:p>${p('正文')}`, style),
    );
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
    expect(spans(table)).toEqual([
      ['甲[1x2]', '乙'],
      ['丙[2x1]', '丁', '戊'],
      ['己', '庚'],
      ['', '辛', '壬'],
    ]);
  });

  it('reads parts larger than a string piece: characters, entities and style elements cut at piece boundaries stay whole', async () => {
    // A body of about 700 KB, mostly 3-byte characters, and 1200 heading styles (about 100 KB) that
    // every paragraph uses: a style element cut in two would leave its paragraphs unmarked.
    const texts = Array.from({ length: 3000 }, (_, i) => `第${i}段&amp;${'绩效目标'.repeat(16)}&lt;${i % 7}&gt;`);
    const styles = Array.from({ length: 1200 }, (_, i) => `<w:style w:type="paragraph" w:styleId="s${i}"><w:name w:val="标题 ${i}"/></w:style>`).join('');
    const body = texts.map((text, i) => p(text, `<w:pPr><w:pStyle w:val="s${i % 1200}"/></w:pPr>`)).join('');
    const doc = await read(docx(body, styles));
    expect(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual(
      texts.map((t) => t.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>')),
    );
    expect(doc.blocks.every((b) => b.kind === 'paragraph' && b.heading)).toBe(true);
  });

  it('decodes UTF-8 in pieces under the string size limit, a character cut at a boundary kept whole', () => {
    const text = `a${'绩'.repeat(STRING_CHUNK_BYTES)}`; // every boundary falls inside a character
    const chunks = [...utf8Chunks(strToU8(text))];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((chunk) => Buffer.byteLength(chunk) <= STRING_CHUNK_BYTES + 3)).toBe(true);
    expect(chunks.join('')).toBe(text);
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

describe('DOCX automatic numbering', () => {
  const numbering = `<w:numbering xmlns:w="${W}">
    <w:abstractNum w:abstractNumId="0">
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
      <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
      <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3-%4"/></w:lvl>
    </w:abstractNum>
    <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="9"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
    <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
    <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
    <w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
    <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
    <w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>
  </w:numbering>`;
  const styles = `<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="chapter"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`;
  const numbered = (text: string, numId: string, level = 0) =>
    p(text, `<w:pPr><w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>`);
  const withNumbering = (body: string) =>
    zipSync({
      ...unzipSync(docx(body, styles)),
      'word/numbering.xml': strToU8(numbering),
    });

  it('prints the numbers Word prints: counters per list and level, deeper levels restarting, formats and texts as defined', async () => {
    const body = [
      numbered('部门基本情况', '1'),
      numbered('部门职能', '1', 1),
      numbered('预算编制', '1', 2),
      numbered('预算执行', '1', 2),
      numbered('重点工作', '1', 1),
      numbered('预算编制', '1', 2),
      numbered('细项', '1', 3),
      p('正文'),
      p('绩效自评情况', '<w:pPr><w:pStyle w:val="Chapter"/></w:pPr>'),
      numbered('存在问题', '4', 1),
      numbered('另一个列表', '2'),
      numbered('要点', '3'),
      numbered('不编号', '0'),
      `<w:tbl>${tr(tc('指标', ''))}</w:tbl>`.replace(p('指标'), numbered('指标', '2')),
      numbered('列表继续', '2'),
    ].join('');
    const doc = await read(withNumbering(body));
    expect(doc.blocks.map((b) => (b.kind === 'paragraph' ? b.text : spans(b)))).toEqual([
      '一、部门基本情况',
      '（一）部门职能',
      '1.预算编制',
      '2.预算执行',
      '（二）重点工作',
      '1.预算编制',
      // Without punctuation of its own, the number is set off as Word's tab sets it off.
      '1-1 细项',
      '正文',
      '二、绩效自评情况',
      // Another w:num of the same list continues its count.
      '（一）存在问题',
      // A start override restarts the list at 1.
      '1、另一个列表',
      '要点',
      '不编号',
      [['指标']],
      '2、列表继续',
    ]);
  });
});

describe('Word number formats', () => {
  it('writes counters as Word does in each format', () => {
    const as = (format: string, ns: number[]) => ns.map((n) => formatNumber(n, format));
    expect(as('chineseCounting', [1, 10, 11, 20, 21, 100, 105, 110])).toEqual(['一', '十', '十一', '二十', '二十一', '一百', '一百零五', '一百一十']);
    expect(as('chineseLegalSimplified', [3, 12, 105])).toEqual(['叁', '壹拾贰', '壹佰零伍']);
    expect(as('ideographTraditional', [1, 3])).toEqual(['甲', '丙']);
    expect(as('decimalEnclosedCircle', [1, 20])).toEqual(['①', '⑳']);
    expect(as('upperRoman', [4, 9])).toEqual(['IV', 'IX']);
    expect(as('lowerLetter', [1, 27])).toEqual(['a', 'aa']);
    expect(as('bullet', [1])).toEqual([null]);
  });
});
