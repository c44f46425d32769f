/**
 * Where each value was read (`cells`): every value a fixture's budget lines and indicators state has a
 * location, and what the file holds at that location is the value as printed. Each format is looked
 * up the way its reader would look: the glyphs pdf.js finds inside the box on the page, the cell at
 * sheet!ref in the workbook, the cell at table/row/col in the document model. Then one made-up case
 * per rule.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { describe, expect, it } from 'vitest';
import { cell, table, type Box, type Cell, type CellLocation, type Document, type Table } from '../src/extract/model.js';
import { itemToGlyphs } from '../src/extract/pdf/glyphs.js';
import { loadPdf } from '../src/extract/pdf/load.js';
import { extractWorkbook } from '../src/extract/sheet.js';
import { DEFAULT_UNPACK_LIMITS } from '../src/extract/unpack/index.js';
import type { BudgetLine, Indicator, ReportRecord } from '../src/normalize/schema.js';
import { documentToExtraction, extractReport } from '../src/pipeline.js';
import { tableToGrid } from '../src/parse/grid.js';
import { cellLine } from '../src/parse/text.js';
import { FIXTURES } from './support/golden.js';

const squeeze = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, '');

const BUDGET_FIELDS = ['initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate', 'weight', 'score'] as const;
const INDICATOR_FIELDS = ['target', 'actual', 'weight', 'score'] as const;

/** A stated value and where the record says it was read. */
interface Located {
  where: string;
  value: number | string;
  /** What the file prints: a target's or actual's raw; a figure is printed in its own digits. */
  raw: string | null;
  at: CellLocation | undefined;
}

function locatedValues(record: ReportRecord): Located[] {
  const values: Located[] = [];
  record.budget_lines.forEach((line: BudgetLine, i) => {
    for (const field of BUDGET_FIELDS) {
      const value = line[field];
      if (value !== null) values.push({ where: `budget_lines[${i}].${field}`, value, raw: null, at: line.cells[field] });
    }
  });
  record.indicators.forEach((indicator: Indicator, i) => {
    for (const field of INDICATOR_FIELDS) {
      const value = indicator[field];
      if (value === null) continue;
      const raw = typeof value === 'object' ? value.raw : null;
      values.push({ where: `indicators[${i}].${field}`, value: typeof value === 'object' ? value.raw : value, raw, at: indicator.cells[field] });
    }
  });
  return values;
}

const MONEY_SCALES = [1, 1e3, 1e4, 1e6, 1e8];

/** Does the text print this value: as its raw, or as a figure that is the number at some money scale? */
function prints(text: string, value: Located): boolean {
  if (value.raw !== null) return squeeze(text) === squeeze(value.raw);
  const figure = /-?[\d,，]*\.?\d+/.exec(halfWidth(text).replace(/[,，]/g, ''))?.[0];
  if (figure === undefined || typeof value.value !== 'number') return false;
  const n = Number(figure);
  const wanted = value.value;
  return MONEY_SCALES.some((scale) => Math.abs(n * scale - wanted) <= 1e-6 * Math.max(1, Math.abs(wanted)));
}

const halfWidth = (text: string) => text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

/** Every value has a location, and the text there prints it; returns the values that fail, with what was found. */
async function misplaced(record: ReportRecord, textAt: (at: CellLocation) => Promise<string | null> | string | null): Promise<string[]> {
  const wrong: string[] = [];
  for (const value of locatedValues(record)) {
    if (!value.at) {
      wrong.push(`${value.where}: no location`);
      continue;
    }
    const text = await textAt(value.at);
    if (text === null || !prints(text, value))
      wrong.push(`${value.where}: ${JSON.stringify(value.value)} but ${JSON.stringify(text)} at ${JSON.stringify(value.at)}`);
  }
  return wrong;
}

/** The text pdf.js draws inside a box on a page: glyphs whose centre lies inside, line by line. */
async function pdfTextReader(file: string) {
  const pdf = await loadPdf(new Uint8Array(readFileSync(file)));
  const pages = new Map<number, { text: string; x: number; y: number; size: number }[]>();
  const glyphsOn = async (number: number) => {
    if (!pages.has(number)) {
      const page = await pdf.getPage(number);
      const [left, bottom, right, top] = page.view;
      const items = (await page.getTextContent()).items.filter((item): item is TextItem => 'str' in item);
      const glyphs = items.flatMap(itemToGlyphs).map((g) => ({
        text: g.text,
        x: ((g.x0 + g.x1) / 2 - left) / (right - left),
        y: (top - (g.y + g.size * 0.35)) / (top - bottom),
        size: g.size / (top - bottom),
      }));
      pages.set(number, glyphs);
    }
    return pages.get(number)!;
  };
  return async (at: CellLocation): Promise<string | null> => {
    if (!('page' in at)) return null;
    const [x0, y0, x1, y1] = at.box;
    const inside = (await glyphsOn(at.page)).filter((g) => g.x >= x0 && g.x <= x1 && g.y >= y0 && g.y <= y1);
    // Lines top down (a glyph within half a size of the line's first is on it), each left to right.
    inside.sort((a, b) => a.y - b.y);
    const lines: (typeof inside)[] = [];
    for (const g of inside) {
      const line = lines[lines.length - 1];
      if (line && Math.abs(line[0].y - g.y) < line[0].size / 2) line.push(g);
      else lines.push([g]);
    }
    return lines
      .map((line) =>
        line
          .sort((a, b) => a.x - b.x)
          .map((g) => g.text)
          .join(''),
      )
      .join('');
  };
}

/** The displayed text of the cells at sheet!ref (a range: its cells left to right, joined). */
function sheetTextReader(file: string) {
  const workbook = XLSX.read(readFileSync(file), { type: 'buffer', cellText: true });
  return (at: CellLocation): string | null => {
    if (!('sheet' in at)) return null;
    const sheet = workbook.Sheets[at.sheet];
    const { s, e } = XLSX.utils.decode_range(at.ref);
    const texts: string[] = [];
    for (let c = s.c; c <= e.c; c++) {
      const found = sheet[XLSX.utils.encode_cell({ r: s.r, c })] as XLSX.CellObject | undefined;
      texts.push(found?.w ?? (found?.v === undefined ? '' : String(found.v)));
    }
    return texts.join('');
  };
}

/** The text of the document model's cell at table/row/col (the grid's column), or of the columns a value runs over. */
function modelTextReader(document: Document) {
  const tables = document.blocks.filter((b): b is Table => b.kind === 'table');
  return (at: CellLocation): string | null => {
    if (!('table' in at)) return null;
    const grid = tableToGrid(tables[at.table]);
    const first = grid.slots[at.row]?.[at.col];
    if (!first || first.row !== at.row || first.col !== at.col) return null;
    const slots = new Set(grid.slots[at.row].slice(at.col, at.col + (at.cols ?? 1)));
    return [...slots].map((slot) => cellLine(slot?.cell.text ?? '')).join('');
  };
}

/** The document model's cell placed at exactly this page and box (for a scan, whose text exists only as read). */
function placedTextReader(document: Document) {
  const cells = document.blocks.flatMap((b) => (b.kind === 'table' ? b.rows.flat() : []));
  return (at: CellLocation): string | null => {
    if (!('page' in at)) return null;
    const found = cells.filter((c) => c.at && 'page' in c.at && c.at.page === at.page && within(c.at.box, at.box));
    return found.length ? found.map((c) => cellLine(c.text)).join('') : null;
  };
}

const within = (inner: Box, outer: Box) => inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];

const fixture = (name: string) => path.join(FIXTURES, name);

describe('every value of a fixture is located where the file prints it', () => {
  for (const name of ['jiangmen-2021.pdf', 'jiangmen-2021-borderless.pdf', 'project-2021.pdf', 'real/sichuan-daying-2023-sfj-project-selfeval.pdf']) {
    it(`${name}: the glyphs inside each box on its page`, async () => {
      const { record } = await extractReport(fixture(name));
      expect(locatedValues(record).length).toBeGreaterThan(10);
      expect(await misplaced(record, await pdfTextReader(fixture(name)))).toEqual([]);
      for (const { at } of locatedValues(record)) expect(at).toMatchObject({ page: expect.any(Number), box: expect.any(Array) });
    });
  }

  for (const name of ['project-2021.xlsx', 'project-2021.xls', 'real/chongqing-yuzhong-rsj-2021-project-selfeval-jiuyebuzhu.xlsx']) {
    it(`${name}: the cell at sheet!ref`, async () => {
      const { record } = await extractReport(fixture(name));
      expect(locatedValues(record).length).toBeGreaterThan(10);
      expect(await misplaced(record, sheetTextReader(fixture(name)))).toEqual([]);
    });
  }

  const tableFormats = [
    'jiangmen-2021.html',
    'jiangmen-2021-gbk.html',
    'jiangmen-2021.docx',
    'jiangmen-2021-hant.docx',
    'jiangmen-2021.doc',
    'jiangmen-2021.txt',
    'project-2021.html',
    'project-2021.docx',
    'project-2021.doc',
    'dept-with-projects-2021.docx',
    'real/sichuan-daying-2023-sfj-project-selfeval.html',
  ];
  for (const name of tableFormats) {
    it(`${name}: the document model's cell at table/row/col`, async () => {
      const { record, simplified } = await extractReport(fixture(name));
      expect(locatedValues(record).length).toBeGreaterThan(10);
      expect(await misplaced(record, modelTextReader(simplified))).toEqual([]);
    });
  }

  it('a scan: each box on its page is where recognition placed the text read as the value', async () => {
    const { record, simplified } = await extractReport(fixture('scanned/project-2021-scan.pdf'));
    expect(locatedValues(record).length).toBeGreaterThan(10);
    expect(await misplaced(record, placedTextReader(simplified))).toEqual([]);
    for (const { at } of locatedValues(record)) {
      const [x0, y0, x1, y1] = (at as { box: Box }).box;
      expect(0 <= x0 && x0 < x1 && x1 <= 1 && 0 <= y0 && y0 < y1 && y1 <= 1).toBe(true);
    }
  }, 300_000);
});

/** A made-up document through the whole pipeline after extraction. */
const extractionOf = (blocks: Document['blocks'], format: Document['format'] = 'html', pages: number | null = null) =>
  documentToExtraction({ format, pages, declaredTitle: null, blocks }, { path: 'made-up', sha256: '', format, pages });

const placed = (text: string, page: number, box: Box, rowSpan = 1, colSpan = 1): Cell => ({ ...cell(text, rowSpan, colSpan, page), at: { page, box } });

/** A row of cells on a page, each 0.1 wide, at the given height band. */
const pageRow = (page: number, top: number, texts: string[]): Cell[] => texts.map((text, i) => placed(text, page, [tenth(i), top, tenth(i + 1), top + 0.05]));
const tenth = (n: number) => Math.round(n * 10) / 100;

describe('the rules of locating a value', () => {
  it('counts tables in document order, and columns as the grid does (a cell merged from above pushes later ones right)', () => {
    const { record } = extractionOf([
      table([[cell('说明')], [cell('无')]]),
      table([
        [cell('一级指标'), cell('三级指标'), cell('年度指标值'), cell('实际完成值')],
        [cell('产出指标', 2, 1), cell('培训人数'), cell('≥100人'), cell('120人')],
        [cell('发放补贴'), cell('=50万元'), cell('50万元')],
      ]),
    ]);
    expect(record.indicators.map((i) => i.cells)).toEqual([
      { target: { table: 1, row: 1, col: 2 }, actual: { table: 1, row: 1, col: 3 } },
      { target: { table: 1, row: 2, col: 2 }, actual: { table: 1, row: 2, col: 3 } },
    ]);
  });

  it('gives a target split over 指标性质 | 指标值 | 度量单位 one box covering its parts, leaving out 无', () => {
    const { record } = extractionOf(
      [
        table(
          [
            pageRow(1, 0.2, ['三级指标', '指标性质', '指标值', '度量单位', '实际完成值']),
            pageRow(1, 0.25, ['培训人数', '≥', '100', '人', '120']),
            pageRow(1, 0.3, ['满意度', '无', '95', '%', '96']),
          ],
          1,
        ),
      ],
      'pdf',
      1,
    );
    expect(record.indicators.map((i) => [i.target?.raw, i.cells.target])).toEqual([
      ['≥100人', { page: 1, box: [0.1, 0.25, 0.4, 0.3] }],
      ['95%', { page: 1, box: [0.2, 0.3, 0.4, 0.35] }],
    ]);
    expect(record.indicators[0].cells.actual).toEqual({ page: 1, box: [0.4, 0.25, 0.5, 0.3] });
  });

  it('gives a split target in a table the first part and the grid columns it runs over', () => {
    const { record } = extractionOf([
      table([
        [cell('三级指标'), cell('指标性质'), cell('指标值'), cell('度量单位'), cell('实际完成值')],
        [cell('培训人数'), cell('≥'), cell('100'), cell('人'), cell('120')],
      ]),
    ]);
    expect(record.indicators[0].cells.target).toEqual({ table: 0, row: 1, col: 1, cols: 3 });
  });

  it('cites a merged range in a workbook by its top-left cell, and a split target by its range', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['三级指标', '指标性质', '指标值', '度量单位', '实际完成值', '得分'],
      ['培训人数', '≥', '100', '人', '120', '10'],
      ['发放人数', '≥', '50', '人', '60', ''],
    ]);
    sheet['!merges'] = [{ s: { r: 1, c: 5 }, e: { r: 2, c: 5 } }];
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, sheet, '自评表');
    const bytes = new Uint8Array(XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const document = extractWorkbook(bytes, 'xlsx', DEFAULT_UNPACK_LIMITS);
    const { record } = documentToExtraction(document, { path: 'made-up.xlsx', sha256: '', format: 'xlsx', pages: null });
    expect(record.indicators.map((i) => i.cells)).toEqual([
      { target: { sheet: '自评表', ref: 'B2:D2' }, actual: { sheet: '自评表', ref: 'E2' }, score: { sheet: '自评表', ref: 'F2' } },
      { target: { sheet: '自评表', ref: 'B3:D3' }, actual: { sheet: '自评表', ref: 'E3' }, score: { sheet: '自评表', ref: 'F2' } },
    ]);
  });

  it('keeps each row of a table continued over pages on its own page', () => {
    const header = ['三级指标', '年度指标值', '实际完成值'];
    const { record } = extractionOf(
      [
        table([pageRow(1, 0.8, header), pageRow(1, 0.85, ['培训人数', '100人', '120人'])], 1),
        table([pageRow(2, 0.1, header), pageRow(2, 0.15, ['发放人数', '50人', '60人'])], 2),
      ],
      'pdf',
      2,
    );
    // One table after stitching (the header repeated on page 2 is dropped), each row cited on its page.
    expect(record.indicators.map((i) => [i.name, i.table, i.cells.actual])).toEqual([
      ['培训人数', 0, { page: 1, box: [0.2, 0.85, 0.3, 0.9] }],
      ['发放人数', 0, { page: 2, box: [0.2, 0.15, 0.3, 0.2] }],
    ]);
  });

  it('locates only what is stated: a placeholder (/) gives no value and no location', () => {
    const { record } = extractionOf([
      table([
        [cell('项目'), cell('年初预算数'), cell('全年预算数'), cell('全年执行数')],
        [cell('其他资金'), cell('/'), cell('/'), cell('10')],
      ]),
    ]);
    expect(record.budget_lines[0].cells).toEqual({ spent: { table: 0, row: 1, col: 3 } });
  });
});
