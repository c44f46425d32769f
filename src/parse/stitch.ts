/**
 * Tables continued over a page break become one table. A table continues the one before it when
 * nothing stands between them, it starts on the next page, and it has as many columns. Then:
 * - a repeated header row is dropped;
 * - an empty cell under a merged cell that reached the page's bottom is that merged cell, continued;
 * - a first row that lacks the values every row of the page above has is the rest of the row the
 *   page break cut, and its text is joined to that row.
 * Each page boundary is judged on a window of rows around it, not on the whole table so far, so a
 * table over hundreds of pages stitches in linear time.
 */
import type { Block, Cell, Table } from '../extract/model.js';
import { appendLine } from '../extract/placed.js';
import { tableToGrid, type Grid, type Slot } from './grid.js';

function lastPage(table: Table): number | null {
  let page = table.page;
  for (const row of table.rows) for (const c of row) if (c.page !== null && (page === null || c.page > page)) page = c.page;
  return page;
}

const rowText = (grid: Grid, row: number) => grid.slots[row].map((s) => s?.text ?? '').join('\u0001');
const startsAt = (slot: Slot | null, row: number, col: number): slot is Slot => slot !== null && slot.row === row && slot.col === col;
const gridOf = (rows: Cell[][]) => tableToGrid({ kind: 'table', page: null, label: null, rows });

/**
 * A table being stitched together from the parts of consecutive pages. Until a part is appended it
 * is the table as read: most tables continue nothing (every table of a format without pages), so
 * their rows are neither copied nor laid out on a grid.
 */
interface Run {
  table: Table;
  /** Whether table.rows are the run's own copies, which appending may change. */
  copied: boolean;
  /** The first part's width and header row (as text), found when a next part is first weighed. */
  first: { width: number; header: string } | null;
  lastPage: number | null;
  /** Index of the first row of the last page's part. */
  partStart: number;
  /** reach[r]: one past the last row any cell starting in rows 0..r covers. */
  reach: number[];
}

function startRun(table: Table): Run {
  return { table, copied: false, first: null, lastPage: lastPage(table), partStart: 0, reach: [] };
}

function firstPart(run: Run): { width: number; header: string } {
  if (!run.first) {
    const grid = tableToGrid(run.table);
    run.first = { width: grid.width, header: grid.height ? rowText(grid, 0) : '' };
  }
  return run.first;
}

/** The run's rows as its own copies, the first time a part is appended to it. */
function ownRows(run: Run): void {
  if (run.copied) return;
  run.table = { ...run.table, rows: run.table.rows.map((row) => row.map((c) => ({ ...c }))) };
  run.copied = true;
  updateReach(run, 0);
}

function updateReach(run: Run, from: number): void {
  const { rows } = run.table;
  run.reach.length = rows.length;
  for (let r = from; r < rows.length; r++) {
    const own = Math.max(r + 1, ...rows[r].map((c) => r + c.rowSpan));
    run.reach[r] = Math.max(own, r > 0 ? run.reach[r - 1] : 0);
  }
}

/** The first row of a window ending at the table's end: no merged cell reaches into it from above. */
function windowStart(run: Run, atMost: number): number {
  let w = atMost;
  while (w > 0 && run.reach[w - 1] > w) w -= 1;
  return w;
}

function continues(run: Run, next: Table): boolean {
  return run.lastPage !== null && next.page === run.lastPage + 1 && tableToGrid(next).width === firstPart(run).width;
}

/**
 * Empty cells right under a merged cell, where the page ended, are that merged cell continued
 * (one side must visibly span rows: a plain empty cell under a value is just empty).
 */
function extendCutSpans(rows: Cell[][], boundary: number): void {
  const grid = gridOf(rows);
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
function valueColumns(grid: Grid, firstBody: number, boundary: number): number[] {
  const columns: number[] = [];
  for (let c = 0; c < grid.width && boundary > firstBody; c++) {
    let value = true;
    for (let r = firstBody; r < boundary && value; r++) value = Boolean(grid.slots[r][c]?.text) && grid.slots[r][c]!.rowSpan === 1;
    if (value) columns.push(c);
  }
  return columns;
}

/**
 * Is the first row after the boundary the rest of a row the page break cut? It is when it has some
 * text but lacks a value that every row above has.
 */
function isCutRow(grid: Grid, firstBody: number, boundary: number): boolean {
  const below = grid.slots[boundary];
  if (!below.some((s, c) => startsAt(s, boundary, c) && s.text)) return false;
  return valueColumns(grid, firstBody, boundary).some((c) => grid.slots[boundary - 1][c]?.text && startsAt(below[c], boundary, c) && !below[c]!.text);
}

/** Join a cut row to the row above: its text is appended, and cells merged below it stay merged. */
function joinCutRow(rows: Cell[][], firstBody: number, boundary: number): void {
  const grid = gridOf(rows);
  if (boundary === 0 || boundary >= grid.height || !isCutRow(grid, firstBody, boundary)) return;
  for (let c = 0; c < grid.width; c++) {
    const part = grid.slots[boundary][c];
    const whole = grid.slots[boundary - 1][c];
    if (!startsAt(part, boundary, c) || !whole) continue;
    // A cell cut by the page break is cited where its text is, the part above when both have some.
    if (!whole.cell.text && part.cell.text && part.cell.at) whole.cell.at = part.cell.at;
    appendLine(whole.cell, part.cell.text);
    if (part.rowSpan > 1 && whole.row + whole.rowSpan === boundary && whole.colSpan === part.colSpan) whole.cell.rowSpan += part.rowSpan - 1;
  }
  rows.splice(boundary, 1);
}

function append(run: Run, next: Table): void {
  const { header } = firstPart(run);
  ownRows(run);
  const rows = run.table.rows;
  const boundary = rows.length;
  const added = next.rows.map((row) => row.map((c) => ({ ...c })));
  const nextGrid = tableToGrid(next);
  if (nextGrid.height && rowText(nextGrid, 0) === header) added.shift();
  rows.push(...added);
  updateReach(run, boundary);
  // The window holds at least the whole page part above, the evidence for what a complete row has.
  const w = windowStart(run, run.partStart);
  const window = rows.slice(w);
  joinCutRow(window, w === 0 ? 1 : 0, boundary - w);
  extendCutSpans(window, boundary - w);
  rows.splice(w, rows.length - w, ...window);
  updateReach(run, w);
  run.partStart = boundary;
  run.lastPage = lastPage(next);
}

export function stitchContinuedTables(blocks: Block[]): Block[] {
  const result: Block[] = [];
  let run: Run | null = null;
  for (const block of blocks) {
    if (block.kind === 'table' && run && result[result.length - 1] === run.table && continues(run, block)) {
      append(run, block);
      result[result.length - 1] = run.table; // the run's own copy from the first append on
      continue;
    }
    run = block.kind === 'table' ? startRun(block) : null;
    result.push(run ? run.table : block);
  }
  return result;
}
