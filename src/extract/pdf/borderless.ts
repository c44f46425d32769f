/**
 * Tables drawn without rules, found from how text aligns. A line with three or more column-separated
 * runs sets the column anchors; the lines below it belong to the table while they read as table
 * lines (no long run across several columns, no outline heading, no wide gap).
 *
 * Rows are built column by column, not line by line: a merged cell's wrapped second line can share a
 * baseline with the next row's first line. In each column, lines closer than a wrapped-line pitch
 * make one cell; every cell's top starts a row, and cells are top-aligned to the row they start in.
 */
import type { Glyph } from './glyphs.js';
import { gapBelow, glyphsToLines, glyphsToText, lineSegments, SAME_LINE, type Line } from './lines.js';

/** A header needs this many columns. */
export const MIN_COLUMNS = 3;
/** And the table this many lines under it. */
export const MIN_BODY_LINES = 2;
/** A gap wider than this multiple of the wrapped-line pitch separates two cells in a column. */
export const ROW_GAP = 1.2;
/** The widest wrapped-line pitch assumed, as a multiple of the font size. */
export const MAX_LINE_PITCH = 1.8;
/** A vertical gap wider than this many font sizes ends a table. */
export const MAX_TABLE_GAP = 4;

export interface BorderlessTable {
  /** Index of the first and one past the last line the table took. */
  start: number;
  end: number;
  top: number;
  rows: string[][];
  /** The glyphs of each cell, row by row as in `rows`: where each cell's text lies on the page. */
  glyphs: Glyph[][][];
}

const OUTLINE_HEADING = /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、．])/;

function anchorsOf(line: Line): number[] {
  return lineSegments(line).map((segment) => segment[0].x0);
}

/** Where one column ends and the next begins: x positions, left to right. */
type Boundaries = number[];

/** Boundaries from the header's runs: each column starts a little left of its header's first glyph. */
function anchorBoundaries(anchors: number[], size: number): Boundaries {
  return anchors.slice(1).map((x) => x - size * 0.5);
}

/**
 * Boundaries from the whitespace that runs down the whole table: the gaps in the union of all its
 * glyphs. They hold when a header is centred over left-aligned figures, where anchors do not; used
 * only when they find as many columns as the header has.
 */
function whitespaceBoundaries(lines: Line[], columns: number, size: number): Boundaries | null {
  const spans = lines.flatMap((l) => l.glyphs.map((g) => [g.x0, g.x1] as const)).sort((a, b) => a[0] - b[0]);
  const boundaries: Boundaries = [];
  let right = spans[0]?.[1] ?? 0;
  for (const [x0, x1] of spans) {
    if (x0 - right >= size) boundaries.push((right + x0) / 2);
    right = Math.max(right, x1);
  }
  return boundaries.length === columns - 1 ? boundaries : null;
}

function bandOf(boundaries: Boundaries, x: number): number {
  let band = 0;
  while (band < boundaries.length && x >= boundaries[band]) band++;
  return band;
}

const glyphBand = (boundaries: Boundaries, g: Glyph) => bandOf(boundaries, (g.x0 + g.x1) / 2);

/** A paragraph line runs across columns; a table line keeps each run inside one. */
function readsAsTableLine(line: Line, boundaries: Boundaries): boolean {
  if (OUTLINE_HEADING.test(line.glyphs.map((g) => g.text).join(''))) return false;
  const segments = lineSegments(line);
  if (segments.length > 1) return true;
  return new Set(segments[0].map((g) => glyphBand(boundaries, g))).size <= 1;
}

interface CellBlock {
  band: number;
  top: number;
  lines: Line[];
}

/** One column's lines → its cells: lines a wrapped-line pitch apart are one cell. */
function columnCells(lines: Line[], band: number, pitch: number): CellBlock[] {
  const cells: CellBlock[] = [];
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (previous && gapBelow(previous, line) <= ROW_GAP * pitch) cells[cells.length - 1].lines.push(line);
    else cells.push({ band, top: line.y, lines: [line] });
  });
  return cells;
}

/** The smallest gap between lines of one column: the wrapped-line pitch. */
function wrappedPitch(columns: Line[][], size: number): number {
  let pitch = MAX_LINE_PITCH * size;
  for (const lines of columns) for (let i = 1; i < lines.length; i++) pitch = Math.min(pitch, gapBelow(lines[i - 1], lines[i]));
  return pitch;
}

function buildRows(lines: Line[], boundaries: Boundaries): { rows: string[][]; glyphs: Glyph[][][] } {
  const glyphsByBand = [...boundaries, Infinity].map(() => [] as Glyph[]);
  for (const line of lines) for (const g of line.glyphs) glyphsByBand[glyphBand(boundaries, g)].push(g);
  const columns = glyphsByBand.map(glyphsToLines);
  const size = lines[0].size;
  const pitch = wrappedPitch(columns, size);
  const cells = columns.flatMap((column, band) => columnCells(column, band, pitch));
  const tops = [...new Set(cells.map((c) => c.top))].sort((a, b) => b - a);
  const rowTops: number[] = [];
  for (const top of tops) if (!rowTops.length || rowTops[rowTops.length - 1] - top > SAME_LINE * size) rowTops.push(top);
  const rows = rowTops.map(() => glyphsByBand.map(() => [] as string[]));
  const glyphs = rowTops.map(() => glyphsByBand.map(() => [] as Glyph[]));
  for (const c of cells) {
    let row = 0;
    while (row + 1 < rowTops.length && rowTops[row + 1] >= c.top - SAME_LINE * size) row++;
    const cellGlyphs = c.lines.flatMap((l) => l.glyphs);
    rows[row][c.band].push(glyphsToText(cellGlyphs));
    glyphs[row][c.band].push(...cellGlyphs);
  }
  return { rows: rows.map((row) => row.map((texts) => texts.join('\n'))), glyphs };
}

function tableFrom(lines: Line[], start: number): BorderlessTable | null {
  const anchors = anchorsOf(lines[start]);
  if (anchors.length < MIN_COLUMNS) return null;
  const byAnchors = anchorBoundaries(anchors, lines[start].size);
  let end = start + 1;
  while (end < lines.length && readsAsTableLine(lines[end], byAnchors) && gapBelow(lines[end - 1], lines[end]) < MAX_TABLE_GAP * lines[end].size) end++;
  // A line set apart at the end with text in the first column only is a heading or caption under the table.
  const isCaption = (line: Line, above: Line) => gapBelow(above, line) > MAX_LINE_PITCH * line.size && line.glyphs.every((g) => glyphBand(byAnchors, g) === 0);
  while (end > start + 1 && isCaption(lines[end - 1], lines[end - 2])) end--;
  const body = lines.slice(start + 1, end);
  if (body.length < MIN_BODY_LINES || !body.some((l) => lineSegments(l).length >= 2)) return null;
  const region = lines.slice(start, end);
  const boundaries = whitespaceBoundaries(region, anchors.length, lines[start].size) ?? byAnchors;
  return { start, end, top: lines[start].y + lines[start].size, ...buildRows(region, boundaries) };
}

/** Borderless tables among a page's lines (top to bottom), and the lines they leave. */
export function findBorderlessTables(lines: Line[]): { tables: BorderlessTable[]; rest: Line[] } {
  const tables: BorderlessTable[] = [];
  const rest: Line[] = [];
  for (let i = 0; i < lines.length;) {
    const table = lineSegments(lines[i]).length >= MIN_COLUMNS ? tableFrom(lines, i) : null;
    if (table) {
      tables.push(table);
      i = table.end;
    } else rest.push(lines[i++]);
  }
  return { tables, rest };
}
