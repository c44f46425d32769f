/**
 * Rows as word processors store them: each cell at a grid column, as wide as it spans, perhaps
 * continuing the cell above it (a vertical merge). Shared by the DOCX and .doc readers.
 */
import { cell, type Cell } from './model.js';

export interface PlacedCell {
  text: string;
  column: number;
  span: number;
  /** The cell is the continuation of a vertically merged cell above it. */
  continuesAbove: boolean;
}

export function appendLine(target: { text: string }, text: string): void {
  if (text) target.text = target.text ? `${target.text}\n${text}` : text;
}

/**
 * Placed rows → model rows: a gap before a cell (a row that starts late) becomes an empty filler,
 * and a continuing cell extends the row span of the cell above it in the same column.
 */
export function placedRowsToCells(rows: PlacedCell[][]): Cell[][] {
  const above = new Map<number, Cell>();
  return rows.map((placed) => {
    const cells: Cell[] = [];
    let column = 0;
    for (const p of placed) {
      if (p.column > column) cells.push(cell('', 1, p.column - column));
      column = p.column + p.span;
      const origin = above.get(p.column);
      if (p.continuesAbove && origin && origin.colSpan === p.span) {
        origin.rowSpan += 1;
        appendLine(origin, p.text);
        continue;
      }
      const made = cell(p.text, 1, p.span);
      cells.push(made);
      above.set(p.column, made);
    }
    return cells;
  });
}
