/**
 * Stage 1: the table laid out once as a grid, with what every later stage reads of it: each row's
 * distinct cells left to right (a merged cell is met in every position it covers) and each cell's
 * header key.
 */
import type { Table } from '../../extract/model.js';
import { tableToGrid, type Grid, type Slot } from '../grid.js';
import { headerKey } from '../text.js';

export interface TableGrid extends Grid {
  /** Each row's distinct cells, left to right. */
  rows: readonly (readonly Slot[])[];
  /** Each cell's header key (headerKey of its text), by slot id. */
  keys: readonly string[];
  /** The page the table starts on. */
  page: number | null;
}

function distinctSlots(row: readonly (Slot | null)[]): Slot[] {
  const seen = new Set<number>();
  const result: Slot[] = [];
  for (const slot of row) {
    if (slot && !seen.has(slot.id)) {
      seen.add(slot.id);
      result.push(slot);
    }
  }
  return result;
}

export function readGrid(table: Table): TableGrid {
  const grid = tableToGrid(table);
  const rows = grid.slots.map(distinctSlots);
  const keys: string[] = [];
  for (const row of rows) for (const slot of row) keys[slot.id] ??= headerKey(slot.text);
  return { ...grid, rows, keys, page: table.page };
}

export const keyOf = (grid: TableGrid, slot: Slot) => grid.keys[slot.id];
export const lastRowOf = (slot: Slot) => slot.row + slot.rowSpan - 1;

/** The page a row was printed on: the given column's cell's, else the row's first cell's, else the table's. */
export function pageOf(grid: TableGrid, row: number, col: number | undefined): number | null {
  return (col !== undefined ? grid.slots[row][col]?.page : null) ?? grid.rows[row][0]?.page ?? grid.page;
}

export { rowConfidence, slotText, type Slot } from '../grid.js';
