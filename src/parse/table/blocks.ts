/**
 * Stage 3: blocks. A table may be a plain budget or indicator table, or a whole form (the national
 * 项目支出绩效自评表) holding labelled fields, a budget block and an indicator block in one grid. A
 * block starts at a header row (two header rows of one kind in a row are one header over two
 * lines) and ends where the label cell beside its header (项目资金, 绩效指标) stops spanning, at the
 * next header, or at the end of the table. Rows in no block are loose: form fields, totals, notes.
 */
import type { BudgetRole, IndicatorRole } from '../../vocabulary/index.js';
import { lastRowOf, type Slot, type TableGrid } from './grid.js';
import type { BudgetHeader, HeaderRow, IndicatorHeader, RoleColumns } from './headers.js';

interface BlockOf<H extends HeaderRow, R extends string> {
  kind: H['kind'];
  /** The header rows, one or two; the later refines the earlier one's columns. */
  headers: H[];
  columns: RoleColumns<R>;
  /** The cell left of the header that names the block and spans its rows (项目资金（万元）). */
  label: Slot | null;
  /** The header's cells (and the row above it, when that is no data row), for units a header states. */
  headerSlots: Slot[];
  /** The block's data rows. */
  rows: number[];
  /** The last row the block may reach: its label's last row, or the table's. */
  lastRow: number;
}
export type BudgetBlock = BlockOf<BudgetHeader, BudgetRole>;
export type IndicatorBlock = BlockOf<IndicatorHeader, IndicatorRole>;
export type Block = BudgetBlock | IndicatorBlock;

export interface TableLayout {
  blocks: Block[];
  /** Rows in no block, top down. */
  looseRows: number[];
}

function firstRoleColumn(columns: Partial<Record<string, number>>): number {
  return Math.min(...Object.values(columns).filter((c): c is number => c !== undefined));
}

/** The block's label: a cell left of every role column that spans the header row and rows below. */
function labelBeside(grid: TableGrid, row: number, columns: Partial<Record<string, number>>): Slot | null {
  const first = firstRoleColumn(columns);
  for (let c = 0; c < first; c++) {
    const slot = grid.slots[row][c];
    if (!slot || slot.rowSpan === 1 || lastRowOf(slot) <= row) continue;
    // Cells beside it spanning the same rows make a header over two lines (序号 | 支出计划 over 小计 | 财政拨款).
    const twoLineHeader = grid.rows[row].some((other) => other.col > slot.col && other.row === slot.row && other.rowSpan === slot.rowSpan);
    return twoLineHeader ? null : slot;
  }
  return null;
}

/** A label that starts on the first row under the header, beside a header cell left empty (绩效指标 under a blank corner). */
function labelBelowBlankCorner(grid: TableGrid, row: number, columns: Partial<Record<string, number>>): Slot | null {
  if (row + 1 >= grid.height) return null;
  const first = firstRoleColumn(columns);
  for (let c = 0; c < first; c++) {
    const corner = grid.slots[row][c];
    const slot = grid.slots[row + 1][c];
    if (corner && corner.text === '' && slot && slot.row === row + 1 && slot.rowSpan > 1) return slot;
  }
  return null;
}

/** Where a header row's block ends, found from that row's own columns. */
function extent(grid: TableGrid, header: HeaderRow): { label: Slot | null; lastRow: number } {
  const label = labelBeside(grid, header.row, header.columns) ?? labelBelowBlankCorner(grid, header.row, header.columns);
  return { label, lastRow: label ? lastRowOf(label) : grid.height - 1 };
}

function startBlock(grid: TableGrid, header: HeaderRow, aboveIsData: boolean): Block {
  const above = header.row > 0 && !aboveIsData ? grid.rows[header.row - 1] : [];
  const headerSlots = [...above, ...grid.rows[header.row]];
  const base = { ...extent(grid, header), headerSlots, rows: [] };
  return header.kind === 'budget'
    ? { ...base, kind: 'budget', headers: [header], columns: { ...header.columns } }
    : { ...base, kind: 'indicators', headers: [header], columns: { ...header.columns } };
}

/** A second header line under the first: its columns win, and its label decides where the block ends. */
function refine(grid: TableGrid, block: Block, header: HeaderRow): void {
  Object.assign(block, extent(grid, header));
  block.headerSlots.push(...grid.rows[header.row]);
  if (block.kind === 'budget' && header.kind === 'budget') {
    block.headers.push(header);
    block.columns = { ...block.columns, ...header.columns };
  } else if (block.kind === 'indicators' && header.kind === 'indicators') {
    block.headers.push(header);
    block.columns = { ...block.columns, ...header.columns };
  }
}

export function layOutBlocks(grid: TableGrid, headers: readonly HeaderRow[]): TableLayout {
  const headerAt = new Map(headers.map((header) => [header.row, header]));
  const blocks: Block[] = [];
  const looseRows: number[] = [];
  let open: Block | null = null;
  for (let row = 0; row < grid.height; row++) {
    const header = headerAt.get(row);
    if (header) {
      const last = open?.headers[open.headers.length - 1];
      if (open && open.kind === header.kind && last?.row === row - 1) refine(grid, open, header);
      else blocks.push((open = startBlock(grid, header, open?.rows[open.rows.length - 1] === row - 1)));
    } else if (open && row <= open.lastRow) open.rows.push(row);
    else {
      open = null;
      looseRows.push(row);
    }
  }
  return { blocks, looseRows };
}
