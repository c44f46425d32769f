/**
 * Tables continued over a page break become one table. A table continues the one before it when
 * nothing stands between them, it starts on the next page, and it has as many columns. Then:
 * - a repeated header row is dropped;
 * - an empty cell under a merged cell that reached the page's bottom is that merged cell, continued;
 * - a first row that lacks the values every row of the table has is the rest of the row the page
 *   break cut, and its text is joined to that row.
 */
import type { Block, Cell, Table } from '../extract/model.js';
import { tableToGrid, type Grid, type Slot } from './grid.js';

function lastPage(table: Table): number | null {
  let page = table.page;
  for (const row of table.rows) for (const c of row) if (c.page !== null && (page === null || c.page > page)) page = c.page;
  return page;
}

const rowTexts = (grid: Grid, row: number) => grid.slots[row].map((s) => s?.text ?? '');

function continues(previous: Table, next: Table): boolean {
  const end = lastPage(previous);
  return end !== null && next.page === end + 1 && tableToGrid(previous).width === tableToGrid(next).width;
}

function cloneRows(rows: Cell[][]): Cell[][] {
  return rows.map((row) => row.map((c) => ({ ...c })));
}

const startsAt = (slot: Slot | null, row: number, col: number): slot is Slot => slot !== null && slot.row === row && slot.col === col;

/**
 * Empty cells right under a merged cell, where the page ended, are that merged cell continued
 * (one side must visibly span rows: a plain empty cell under a value is just empty).
 */
function extendCutSpans(rows: Cell[][], boundary: number): void {
  const grid = tableToGrid({ kind: 'table', page: null, label: null, rows });
  if (boundary === 0 || boundary >= grid.height) return;
  for (let c = 0; c < grid.width; c++) {
    const above = grid.slots[boundary - 1][c];
    const below = grid.slots[boundary][c];
    if (!above?.text || !startsAt(below, boundary, c) || below.text !== '') continue;
    if (above.row + above.rowSpan !== boundary || above.colSpan !== below.colSpan) continue;
    if (above.rowSpan < 2 && below.rowSpan < 2) continue;
    above.cell.rowSpan += below.cell.rowSpan;
    rows[boundary].splice(rows[boundary].indexOf(below.cell), 1);
  }
}

/** Value columns: filled in every body row above the boundary, and never merged over rows. */
function valueColumns(grid: Grid, boundary: number): number[] {
  const columns: number[] = [];
  for (let c = 0; c < grid.width && boundary > 1; c++) {
    let value = true;
    for (let r = 1; r < boundary && value; r++) value = Boolean(grid.slots[r][c]?.text) && grid.slots[r][c]!.rowSpan === 1;
    if (value) columns.push(c);
  }
  return columns;
}

/**
 * Is the first row after the boundary the rest of a row the page break cut? It is when it has some
 * text but lacks a value that every row above has.
 */
function isCutRow(grid: Grid, boundary: number): boolean {
  const below = grid.slots[boundary];
  if (!below.some((s, c) => startsAt(s, boundary, c) && s.text)) return false;
  return valueColumns(grid, boundary).some((c) => grid.slots[boundary - 1][c]?.text && startsAt(below[c], boundary, c) && !below[c]!.text);
}

/** Join a cut row to the row above: its text is appended, and cells merged below it stay merged. */
function joinCutRow(rows: Cell[][], boundary: number): void {
  const grid = tableToGrid({ kind: 'table', page: null, label: null, rows });
  if (boundary === 0 || boundary >= grid.height || !isCutRow(grid, boundary)) return;
  for (let c = 0; c < grid.width; c++) {
    const part = grid.slots[boundary][c];
    const whole = grid.slots[boundary - 1][c];
    if (!startsAt(part, boundary, c) || !whole) continue;
    if (part.text) whole.cell.text = whole.cell.text ? `${whole.cell.text}\n${part.cell.text}` : part.cell.text;
    if (part.rowSpan > 1 && whole.row + whole.rowSpan === boundary && whole.colSpan === part.colSpan) whole.cell.rowSpan += part.rowSpan - 1;
  }
  rows.splice(boundary, 1);
}

function stitch(previous: Table, next: Table): Table {
  const rows = cloneRows([...previous.rows, ...next.rows]);
  const boundary = previous.rows.length;
  const grid = tableToGrid({ ...previous, rows });
  if (boundary < grid.height && rowTexts(grid, 0).join('\u0001') === rowTexts(grid, boundary).join('\u0001')) {
    rows.splice(boundary, 1);
  }
  joinCutRow(rows, boundary);
  extendCutSpans(rows, boundary);
  return { ...previous, rows };
}

export function stitchContinuedTables(blocks: Block[]): Block[] {
  const result: Block[] = [];
  for (const block of blocks) {
    const previous = result[result.length - 1];
    if (block.kind === 'table' && previous?.kind === 'table' && continues(previous, block)) {
      result[result.length - 1] = stitch(previous, block);
    } else result.push(block);
  }
  return result;
}
