/**
 * Where each value was read. Readers that know a cell's place in the file (PDF and OCR: page and
 * box; workbooks: sheet and ref) set it; every other cell is placed here by the document's own
 * structure: its table in document order, its row, and its column as the grid counts it (the
 * numbering source_cells keeps), before tables continued over pages are stitched.
 */
import type { Block, Cell, CellLocation } from '../extract/model.js';
import { tableToGrid } from './grid.js';

/** The document's blocks with every table cell placed; cells a reader placed keep their place. */
export function locateCells(blocks: readonly Block[]): Block[] {
  let tableNo = 0;
  return blocks.map((block) => {
    if (block.kind !== 'table') return block;
    const table = tableNo++;
    const placed = new Map<Cell, CellLocation>();
    for (const row of tableToGrid(block).slots)
      for (const slot of row) if (slot && !slot.cell.at) placed.set(slot.cell, { table, row: slot.row, col: slot.col });
    if (!placed.size) return block;
    return { ...block, rows: block.rows.map((row) => row.map((cell) => (placed.has(cell) ? { ...cell, at: placed.get(cell) } : cell))) };
  });
}

const columnLetters = (ref: string) => /^[A-Z]+/.exec(ref)?.[0] ?? '';

/**
 * One value read from several cells of a row (a target split over 指标性质 | 指标值 | 度量单位), left
 * to right: on a page, the box covering them all; in a workbook, the range from the first to the
 * last (E7:G7); in a table, the first cell with the number of grid columns the value runs over.
 * Cells of different pages or sheets cannot be covered by one location: the first one stands.
 */
export function coveringLocation(locations: readonly CellLocation[]): CellLocation | null {
  const [first, ...others] = locations;
  if (!first || !others.length) return first ?? null;
  const last = others[others.length - 1];
  if ('page' in first && others.every((o) => 'page' in o && o.page === first.page)) {
    const boxes = [first, ...others].map((o) => (o as typeof first).box);
    return {
      page: first.page,
      box: [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
    };
  }
  if ('sheet' in first && 'sheet' in last && last.sheet === first.sheet && columnLetters(last.ref) !== columnLetters(first.ref)) {
    return { sheet: first.sheet, ref: `${first.ref}:${last.ref}` };
  }
  if ('table' in first && 'table' in last && last.table === first.table && last.row === first.row && last.col > first.col) {
    return { ...first, cols: last.col - first.col + 1 };
  }
  return first;
}
