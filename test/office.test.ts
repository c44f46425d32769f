/** Spreadsheets and legacy Word: merged cells, displayed values, titles, and clear errors. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { extractBytes, extractFile } from '../src/extract/index.js';
import type { Document, Table } from '../src/extract/model.js';
import { FIXTURES, recordOf } from './support/golden.js';

const fixture = (file: string) => readFileSync(path.join(FIXTURES, file));
const tables = (doc: Document) => doc.blocks.filter((b): b is Table => b.kind === 'table');
const paragraphs = (doc: Document) => doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
const spans = (t: Table) => t.rows.map((r) => r.map((c) => (c.rowSpan > 1 || c.colSpan > 1 ? `${c.text}[${c.rowSpan}x${c.colSpan}]` : c.text)));

/** A workbook built in memory: one sheet of rows, with merges and number formats. */
function workbook(rows: unknown[][], merges: XLSX.Range[] = [], format?: [string, string]): Buffer {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet['!merges'] = merges;
  if (format) sheet[format[0]].z = format[1];
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '自评表');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

/** An OLE file shaped like a password-protected Office document. */
function encryptedOffice(): Buffer {
  const container = CFB.utils.cfb_new();
  CFB.utils.cfb_add(container, 'EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  CFB.utils.cfb_add(container, 'EncryptedPackage', Buffer.alloc(64));
  return CFB.write(container, { type: 'buffer' }) as Buffer;
}

/** A copy of a .doc with the FIB's fEncrypted flag set. */
function encryptedDoc(): Buffer {
  const container = CFB.read(fixture('project-2021.doc'), { type: 'buffer' });
  const entry = CFB.find(container, 'WordDocument')!;
  const word = Buffer.from(entry.content as Uint8Array);
  word.writeUInt16LE(word.readUInt16LE(0x0a) | 0x0100, 0x0a);
  entry.content = word;
  return CFB.write(container, { type: 'buffer' }) as Buffer;
}

describe('workbooks', () => {
  it('reads merged ranges as spans, and lifts title rows out as paragraphs', async () => {
    const bytes = workbook(
      [
        ['2021年度项目支出绩效自评表', '', ''],
        ['项目名称', '某项目', ''],
        ['指标', '目标值', '实际值'],
        ['培训', '≥100人', '120人'],
        ['填报人：张三', '', ''],
      ],
      [{ s: { r: 1, c: 1 }, e: { r: 1, c: 2 } }],
    );
    const doc = await extractBytes(bytes, 'xlsx');
    expect(paragraphs(doc)).toEqual(['2021年度项目支出绩效自评表', '填报人：张三']);
    expect(doc.blocks[0]).toMatchObject({ heading: true });
    expect(spans(tables(doc)[0])).toEqual([
      ['项目名称', '某项目[1x2]'],
      ['指标', '目标值', '实际值'],
      ['培训', '≥100人', '120人'],
    ]);
    expect(tables(doc)[0].label).toBe('sheet 自评表');
  });

  it('reads a cell as it is displayed', async () => {
    const doc = await extractBytes(
      workbook(
        [
          ['完成率', '金额'],
          [0.88, 72204.570000000007],
        ],
        [],
        ['A2', '0%'],
      ),
      'xlsx',
    );
    expect(spans(tables(doc)[0])[1]).toEqual(['88%', '72204.57']);
  });

  it('reads .xls and .xlsx of the same form alike', async () => {
    const [xls, xlsx] = await Promise.all([extractFile(path.join(FIXTURES, 'project-2021.xls')), extractFile(path.join(FIXTURES, 'project-2021.xlsx'))]);
    expect(xls.document.blocks).toEqual(xlsx.document.blocks);
  });

  it.each([
    ['a password-protected workbook', () => encryptedOffice(), 'xlsx', 'password required: the workbook is encrypted'],
    ['a truncated workbook', () => fixture('project-2021.xlsx').subarray(0, 2000), 'xlsx', /^damaged workbook/],
    ['a truncated .xls', () => fixture('project-2021.xls').subarray(0, 3000), 'xls', /^damaged workbook/],
    ['text named .xlsx', () => fixture('jiangmen-2021.txt'), 'xlsx', /^not an XLSX workbook/],
  ] as const)('rejects %s', async (_, bytes, format, reason) => {
    await expect(extractBytes(bytes(), format)).rejects.toThrow(reason);
  });
});

describe('legacy Word (.doc)', () => {
  it('rebuilds a form grid with its merged cells', async () => {
    const { document } = await extractFile(path.join(FIXTURES, 'project-2021.doc'));
    const [form] = tables(document);
    const grid = spans(form);
    expect(grid[0]).toEqual(['项目名称[1x2]', '市工业互联网专项资金[1x7]']);
    expect(grid[2].slice(0, 3)).toEqual(['项目资金（万元）[5x2]', '', '年初预算数']);
    expect(grid[9][0]).toBe('绩效指标[11x1]');
    expect(grid[20]).toEqual(['总分[1x6]', '100', '97.77', '']);
    expect(paragraphs(document)).toEqual(['项目支出绩效自评表', '（2021年度）', '填报单位：江门市工业和信息化局　　填报日期：2022年3月18日']);
  });

  it('reads vertically merged group cells as row spans', async () => {
    const { document } = await extractFile(path.join(FIXTURES, 'jiangmen-2021.doc'));
    const indicators = tables(document)[1];
    expect(indicators.rows[1][0]).toMatchObject({ text: '工业扶持专项资金', rowSpan: 5 });
  });

  it.each([
    ['a password-protected .doc', () => encryptedDoc(), 'password required: the Word document is encrypted'],
    ['an encrypted OOXML package named .doc', () => encryptedOffice(), 'password required: the document is encrypted'],
    ['a truncated .doc', () => fixture('project-2021.doc').subarray(0, 4000), /^damaged Word file|^not a Word/],
    ['text named .doc', () => fixture('jiangmen-2021.txt'), /^not a Word \.doc file/],
  ] as const)('rejects %s', async (_, bytes, reason) => {
    await expect(extractBytes(bytes(), 'doc')).rejects.toThrow(reason);
  });
});

describe('real workbooks that are not self-evaluations', () => {
  it.each([
    ['real/guangdong-zhanjiang-rsj-2023-dept-perf-target-table-nearmiss.xlsx', 16, ['创业担保贷款还款率', '≧90%'], '湛江市人力资源和社会保障局'],
    [
      'real/hubei-wuhan-donghu-rsj-2020-project-application-perf-targets-nearmiss.xlsx',
      13,
      ['城镇新增就业人数', '25000人'],
      '武汉市人力资源和社会保障局东湖新技术开发区分局',
    ],
    ['real/moe-pku-2019-campus-football-project-xiangmuku-export.xls', 14, ['完成动画短剧的制作', '20集'], null],
  ] as const)('%s yields its indicator rows with names and targets', async (file, count, [name, target], department) => {
    const record = await recordOf(file);
    expect(record.indicators).toHaveLength(count);
    expect(record.indicators.every((i) => i.name && i.target?.raw)).toBe(true);
    expect(record.indicators.find((i) => i.name === name)?.target?.raw).toBe(target);
    expect(record.report.department).toBe(department);
  });
});
