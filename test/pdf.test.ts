/** PDF end to end: real files' text reads correctly, and bad PDFs fail with a reason. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXTRACT_OPTIONS, extractBytes, extractFile } from '../src/extract/index.js';
import { documentText } from '../src/extract/model.js';
import { FIXTURES } from './support/golden.js';

describe('bad PDFs fail with one clear reason', () => {
  it.each([
    ['bad/empty.pdf', 'empty file'],
    ['bad/truncated.pdf', /^damaged PDF/],
    ['bad/encrypted.pdf', 'password required: the PDF is encrypted'],
  ])('%s', async (file, reason) => {
    await expect(extractFile(path.join(FIXTURES, file))).rejects.toThrow(reason);
  });

  it('a scan without OCR (--no-ocr) keeps the reason', async () => {
    await expect(extractFile(path.join(FIXTURES, 'jiangmen-2021-scanned.pdf'), { ...DEFAULT_EXTRACT_OPTIONS, ocr: false })).rejects.toThrow(
      'no text layer: scanned PDF, OCR needed',
    );
  });

  it('rejects bytes of no format it reads named .pdf', async () => {
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    await expect(extractBytes(binary, 'pdf')).rejects.toThrow('not a PDF file');
  });

  it('reads an HTML page named .pdf as HTML, with a warning', async () => {
    const html = readFileSync(path.join(FIXTURES, 'project-2021.html'));
    const document = await extractBytes(html, 'pdf');
    expect(document.format).toBe('html');
    expect(document.warnings).toEqual(['the bytes are HTML although the name says PDF: read as HTML']);
  });
});

describe('real government PDFs read correctly', () => {
  it.each([
    [
      'real/shanghai-putuo-czj-2024-dept-final-accounts-nearmiss.pdf',
      25,
      [
        [1, '上海市普陀区财政局2024年度部门决算'],
        [4, '第二条上海市普陀区财政局是主管全区财政工作的区政府工作部门，为正处级。'],
        [5, '纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括：'],
      ],
    ],
    [
      'real/shanghai-putuo-shehuigongzuobu-2024-dept-final-accounts-nearmiss.pdf',
      24,
      [
        [1, '中共上海市普陀区委社会工作部2024年度部门决算'],
        [5, '注：本表反映部门本年度的总收支和年末结转结余情况。'],
        [16, '说明：中共上海市普陀区委社会工作部本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。'],
      ],
    ],
  ] as const)('%s', async (file, pages, sentences) => {
    const { document } = await extractFile(path.join(FIXTURES, file));
    expect(document.pages).toBe(pages);
    for (const [page, sentence] of sentences) {
      const onPage = document.blocks.filter((b) => b.kind === 'paragraph' && b.page === page).map((b) => (b.kind === 'paragraph' ? b.text : ''));
      expect(onPage.join('\n')).toContain(sentence);
    }
    expect(documentText(document)).not.toMatch(/[\u2f00-\u2fdf]/);
  });

  it('keeps every table cell on its page', async () => {
    const { document } = await extractFile(path.join(FIXTURES, 'jiangmen-2021.pdf'));
    const tables = document.blocks.filter((b) => b.kind === 'table');
    expect(tables.length).toBeGreaterThan(2);
    for (const t of tables) for (const r of t.rows) for (const c of r) expect(c.page).toBe(t.page);
  });
});
