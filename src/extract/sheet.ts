/**
 * Workbooks (.xlsx and .xls) → document, through SheetJS (the maintained 0.20 line, republished on
 * npm as @e965/xlsx: the 0.18 releases on npm carry prototype-pollution and ReDoS advisories).
 * Each sheet becomes one table; merged ranges become spans; a cell reads as displayed (0.88 shown
 * as 88% reads "88%"). Rows at the top or bottom with a single filled cell (a title, 填报单位 …)
 * are paragraphs, as they would be in a printed report.
 */
import * as XLSX from '@e965/xlsx';
import { UnreadableFileError } from './errors.js';
import { cell, paragraph, table, type Block, type Cell, type Document, type Format } from './model.js';
import { sniffContainer } from './sniff.js';
import { ContainerDamage, verifyCompoundFile, verifyZip, type UnpackLimits } from './unpack/index.js';

type Sheet = XLSX.WorkSheet;

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/password/i.test(message)) return 'password required: the workbook is encrypted';
  return `damaged workbook: ${message.split('\n')[0]}`;
}

function cellText(sheet: Sheet, r: number, c: number): string {
  const found = sheet[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
  if (!found || found.v === undefined || found.v === null) return '';
  return (found.w ?? String(found.v)).trim();
}

/** Cells past which a sheet is damage, not a report: a damaged .xls can declare two billion rows. */
const MAX_SHEET_CELLS = 4_000_000;

/** The rows and the columns to lay out, in order. */
interface Axes {
  rows: number[];
  columns: number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** Smallest and largest, without spreading a sheet's worth of values into one call's arguments. */
const extent = (values: number[]): [number, number] => values.reduce(([low, high], v) => [Math.min(low, v), Math.max(high, v)], [Infinity, -Infinity]);
const sortedUnique = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

/**
 * The rows and columns that hold text, found from the cells the sheet has rather than by walking its
 * declared range, which damage can stretch to billions of rows. Normally every row and column from
 * the first filled to the last, empty ones between included (they shape the tables); when that area
 * is too large to lay out, as when one stray cell sits at the sheet's far corner, only the rows and
 * columns that hold something, so the stray cell is read with the rest.
 */
function filledAxes(name: string, sheet: Sheet): Axes | null {
  const declared = XLSX.utils.decode_range(sheet['!ref']!);
  const rows: number[] = [];
  const columns: number[] = [];
  for (const key of Object.keys(sheet)) {
    if (key.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(key);
    if (r < declared.s.r || r > declared.e.r || c < declared.s.c || c > declared.e.c || !cellText(sheet, r, c)) continue;
    rows.push(r);
    columns.push(c);
  }
  if (!rows.length) return null;
  const [top, bottom] = extent(rows);
  const [left, right] = extent(columns);
  if ((bottom - top + 1) * (right - left + 1) <= MAX_SHEET_CELLS) return { rows: range(top, bottom), columns: range(left, right) };
  const filled = { rows: sortedUnique(rows), columns: sortedUnique(columns) };
  if (filled.rows.length * filled.columns.length > MAX_SHEET_CELLS) {
    throw new UnreadableFileError(
      `damaged workbook: sheet ${name} has text in ${filled.rows.length.toLocaleString('en-US')} rows and ${filled.columns.length.toLocaleString('en-US')} columns`,
    );
  }
  return filled;
}

/** The sheet as rows of cells, merged ranges as spans, with empty edge rows and columns trimmed. */
function sheetRows(name: string, sheet: Sheet): Cell[][] {
  if (!sheet['!ref']) return [];
  const axes = filledAxes(name, sheet);
  if (!axes) return [];
  const covered = new Set<string>();
  const spans = new Map<string, [number, number]>();
  for (const m of sheet['!merges'] ?? []) {
    // Only rows and columns laid out are ever looked at: a merge stretched by damage costs nothing.
    const rows = axes.rows.filter((r) => r >= m.s.r && r <= m.e.r);
    const columns = axes.columns.filter((c) => c >= m.s.c && c <= m.e.c);
    spans.set(`${m.s.r},${m.s.c}`, [rows.length, columns.length]);
    for (const r of rows) for (const c of columns) if (r !== m.s.r || c !== m.s.c) covered.add(`${r},${c}`);
  }
  return axes.rows.map((r) => {
    const row: Cell[] = [];
    for (const c of axes.columns) {
      if (covered.has(`${r},${c}`)) continue;
      const [rowSpan, colSpan] = spans.get(`${r},${c}`) ?? [1, 1];
      // A merged range is cited by its top-left cell, where the workbook keeps its value.
      row.push({ ...cell(cellText(sheet, r, c), rowSpan, colSpan), at: { sheet: name, ref: XLSX.utils.encode_cell({ r, c }) } });
    }
    return row;
  });
}

const singleText = (row: Cell[]) => {
  const filled = row.filter((c) => c.text);
  return filled.length === 1 && filled[0].rowSpan === 1 ? filled[0].text : null;
};

function sheetBlocks(name: string, sheet: Sheet): Block[] {
  const rows = sheetRows(name, sheet);
  let start = 0;
  let end = rows.length;
  const before: Block[] = [];
  const after: Block[] = [];
  while (start < end && singleText(rows[start]) !== null) before.push(paragraph(singleText(rows[start++])!, null, before.length === 0));
  while (end > start && singleText(rows[end - 1]) !== null) after.unshift(paragraph(singleText(rows[--end])!));
  const body = rows.slice(start, end);
  return [...before, ...(body.length ? [table(body, null, `sheet ${name}`)] : []), ...after];
}

/** SheetJS unpacks whatever it is given, trusting declared sizes: it gets only containers checked first. */
function verifyContainer(bytes: Uint8Array, container: 'zip' | 'ole', limits: UnpackLimits): void {
  try {
    if (container === 'zip') verifyZip(bytes, limits);
    else verifyCompoundFile(bytes, limits);
  } catch (error) {
    if (error instanceof ContainerDamage) throw new UnreadableFileError(`damaged workbook: ${error.message}`);
    throw error;
  }
}

export function extractWorkbook(bytes: Uint8Array, format: Format, limits: UnpackLimits): Document {
  const container = sniffContainer(bytes);
  if (format === 'xlsx' && container !== 'zip' && container !== 'ole')
    throw new UnreadableFileError('not an XLSX workbook (damaged, or the extension is wrong)');
  if (format === 'xls' && container !== 'ole' && container !== 'zip') throw new UnreadableFileError('not an XLS workbook (damaged, or the extension is wrong)');
  verifyContainer(bytes, container === 'zip' ? 'zip' : 'ole', limits);
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, { type: 'buffer', cellFormula: false, cellHTML: false, cellText: true });
  } catch (error) {
    throw new UnreadableFileError(reasonOf(error));
  }
  // A damaged workbook can list a sheet whose part is gone: the sheets that are there still read.
  const blocks = workbook.SheetNames.flatMap((name) => (workbook.Sheets[name] ? sheetBlocks(name, workbook.Sheets[name]) : []));
  return { format, pages: null, declaredTitle: workbook.Props?.Title ?? null, blocks };
}
