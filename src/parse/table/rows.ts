/** What the row stages share: what a row is read in the light of, and what became of it. */
import type { CellLocation } from '../../extract/model.js';
import { coveringLocation } from '../locate.js';
import { rowConfidence, type TableGrid } from './grid.js';

/** What holds for a row from outside its block. */
export interface RowContext {
  /** The table's number in the document. */
  table: number;
  /** The project the row belongs to: the latest one a form field named above it, else the one named above the table. */
  projectAt(row: number): string | null;
  /** The money unit stated for the table above the row (单位：万元 above the table or in a loose row). */
  unitAt(row: number): string | null;
}

/** A row read into a record, or left out and why. */
export type RowOutcome<T> = { row: number; kind: 'kept'; record: T } | { row: number; kind: 'dropped'; reason: string };

export const kept = <T>(row: number, record: T): RowOutcome<T> => ({ row, kind: 'kept', record });
export const dropped = <T>(row: number, reason: string): RowOutcome<T> => ({ row, kind: 'dropped', reason });

export const orNull = (text: string) => (text === '' ? null : text);

/** `{ confidence }` for a row read by OCR, nothing for a text layer (the record stays as it was). */
export function withRowConfidence(grid: TableGrid, row: number): { confidence?: number } {
  const confidence = rowConfidence(grid, row);
  return confidence === undefined ? {} : { confidence };
}

/** A row whose name cell also covers a value column is a caption or a total, not a data row. */
export function spansValueColumns(grid: TableGrid, row: number, nameColumn: number | undefined, valueColumns: (number | undefined)[]): boolean {
  if (nameColumn === undefined) return false;
  const id = grid.slots[row][nameColumn]?.id;
  return valueColumns.some((c) => c !== undefined && grid.slots[row][c]?.id === id);
}

/**
 * Where a value of the row was read: the cells of these columns that hold text, as one location
 * (several cells, as a split target's, are covered together). Undefined when none holds text.
 */
export function valueLocation(grid: TableGrid, row: number, columns: readonly (number | undefined)[]): CellLocation | undefined {
  const slots = columns.flatMap((c) => (c === undefined ? [] : [grid.slots[row][c]]));
  const located = [...new Set(slots)].flatMap((slot) => (slot?.text && slot.cell.at ? [slot.cell.at] : []));
  return coveringLocation(located) ?? undefined;
}

/** The fields' locations where the row states text for them. */
export function locationsOf<F extends string>(
  grid: TableGrid,
  row: number,
  columnsOf: Partial<Record<F, readonly (number | undefined)[]>>,
): Partial<Record<F, CellLocation>> {
  const cells: Partial<Record<F, CellLocation>> = {};
  for (const field of Object.keys(columnsOf) as F[]) {
    const at = valueLocation(grid, row, columnsOf[field]!);
    if (at) cells[field] = at;
  }
  return cells;
}
