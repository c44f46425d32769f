/**
 * A table as a full rectangle: every grid position points at the cell that covers it, so a merged
 * cell's text is found in every row and column it spans.
 */
import type { Cell, Table } from '../extract/model.js';
import { cellLine } from './text.js';

export interface Slot {
  /** Index of the covering cell in reading order: equal ids mean the same merged cell. */
  id: number;
  /** The covering cell itself. */
  cell: Cell;
  text: string;
  /** Top-left corner of the covering cell. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  page: number | null;
}

export interface Grid {
  width: number;
  height: number;
  slots: (Slot | null)[][];
}

function cellToSlot(cell: Cell, id: number, row: number, col: number, page: number | null): Slot {
  return { id, cell, text: cellLine(cell.text), row, col, rowSpan: cell.rowSpan, colSpan: cell.colSpan, page: cell.page ?? page };
}

export function tableToGrid(table: Table): Grid {
  const slots: (Slot | null)[][] = [];
  let id = 0;
  table.rows.forEach((cells, r) => {
    slots[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (slots[r][c]) c += 1;
      const slot = cellToSlot(cell, id++, r, c, table.page);
      // A span that runs past the last row is clamped: it cannot reach rows the table does not have.
      const lastRow = Math.min(r + cell.rowSpan, table.rows.length);
      for (let rr = r; rr < lastRow; rr++) {
        slots[rr] ??= [];
        for (let cc = c; cc < c + cell.colSpan; cc++) slots[rr][cc] = slot;
      }
      c += cell.colSpan;
    }
  });
  const width = Math.max(0, ...slots.map((row) => row.length));
  const height = table.rows.length;
  for (let r = 0; r < height; r++) {
    slots[r] ??= [];
    for (let c = 0; c < width; c++) slots[r][c] ??= null;
  }
  return { width, height, slots };
}

/** The lowest confidence of the cells a row reads (cells read by OCR only); undefined for a text layer. */
export function rowConfidence(grid: Grid, row: number): number | undefined {
  const read = (grid.slots[row] ?? []).map((slot) => slot?.cell.confidence).filter((c): c is number => c !== undefined);
  return read.length ? Math.min(...read) : undefined;
}

export function slotText(grid: Grid, row: number, col: number | undefined): string {
  if (col === undefined) return '';
  return grid.slots[row]?.[col]?.text ?? '';
}
