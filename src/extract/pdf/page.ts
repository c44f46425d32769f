/**
 * One PDF page → blocks in reading order: ruled tables (their text placed into cells), borderless
 * tables, and paragraphs made of the remaining lines.
 */
import { cell, paragraph, table, type Block, type Cell } from '../model.js';
import { joinWrappedLines } from '../text.js';
import { findBorderlessTables } from './borderless.js';
import { extentToBox, glyphsExtent, type Extent, type PageView } from './box.js';
import type { Glyph } from './glyphs.js';
import { gapBelow, glyphsToLines, glyphsToText, lineText, type Line } from './lines.js';
import type { RuledTable } from './ruled.js';

/** A line this much larger than the page's body text is a heading. */
export const HEADING_SIZE = 1.15;
/** Lines of one paragraph are at most this many font sizes apart. */
export const PARAGRAPH_PITCH = 2;

interface Placed {
  top: number;
  block: Block;
}

/** Where a glyph's visual centre is: its baseline sits low in the em box. */
function centre(g: Glyph): [number, number] {
  return [(g.x0 + g.x1) / 2, g.y + g.size * 0.35];
}

function inside(box: { x0: number; x1: number; y0: number; y1: number }, [x, y]: [number, number]): boolean {
  return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1;
}

/** A cell read from an image keeps the confidence of its least certain character. */
function withConfidence(made: Cell, glyphs: Glyph[]): Cell {
  const read = glyphs.filter((g) => g.confidence !== undefined).map((g) => g.confidence!);
  return read.length ? { ...made, confidence: Math.min(...read) } : made;
}

/** A cell of this page, placed where it lies: its page and its box. */
function placedCell(text: string, rowSpan: number, colSpan: number, page: number, view: PageView, extent: Extent | null): Cell {
  const made = cell(text, rowSpan, colSpan, page);
  return extent ? { ...made, at: { page, box: extentToBox(view, extent) } } : made;
}

/** Place glyphs into a ruled table's cells; returns the table and the glyphs it did not take. */
function fillRuledTable(ruled: RuledTable, glyphs: Glyph[], page: number, view: PageView): { placed: Placed; rest: Glyph[] } {
  const byCell = ruled.cells.map(() => [] as Glyph[]);
  const rest: Glyph[] = [];
  for (const g of glyphs) {
    const c = centre(g);
    const index = inside(ruled, c) ? ruled.cells.findIndex((box) => inside(box, c)) : -1;
    if (index >= 0) byCell[index].push(g);
    else rest.push(g);
  }
  const rows: Cell[][] = Array.from({ length: ruled.rows }, () => []);
  ruled.cells.forEach((box, i) =>
    rows[box.row].push(withConfidence(placedCell(glyphsToText(byCell[i]), box.rowSpan, box.colSpan, page, view, box), byCell[i])),
  );
  const nonEmptyRows = rows.filter((r) => r.length);
  return { placed: { top: ruled.y1, block: table(nonEmptyRows, page) }, rest };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/**
 * Lines → paragraphs: a line continues the paragraph above when it is close below it, in the same
 * size, and the line above ran to the right edge (it wrapped rather than ended).
 */
function linesToParagraphs(lines: Line[], page: number, rightEdge: number, bodySize: number): Placed[] {
  const placed: Placed[] = [];
  let current: Line[] = [];
  const flush = () => {
    if (!current.length) return;
    const text = joinWrappedLines(current.map(lineText));
    const heading = current[0].size >= bodySize * HEADING_SIZE;
    placed.push({ top: current[0].y + current[0].size, block: paragraph(text, page, heading) });
    current = [];
  };
  for (const line of lines) {
    const previous = current[current.length - 1];
    const continues =
      previous &&
      gapBelow(previous, line) <= PARAGRAPH_PITCH * line.size &&
      Math.abs(previous.size - line.size) <= 0.1 * line.size &&
      previous.x1 >= rightEdge - 1.5 * line.size;
    if (!continues) flush();
    current.push(line);
  }
  flush();
  return placed;
}

/**
 * The page's blocks; `view` is the page's visible area (pdf.js page.view), which cell boxes are
 * fractions of.
 */
export function pageToBlocks(glyphs: Glyph[], ruledTables: RuledTable[], page: number, view: PageView): Block[] {
  const placed: Placed[] = [];
  let free = glyphs;
  for (const ruled of ruledTables) {
    const { placed: t, rest } = fillRuledTable(ruled, free, page, view);
    placed.push(t);
    free = rest;
  }
  const lines = glyphsToLines(free);
  const { tables, rest } = findBorderlessTables(lines);
  for (const t of tables)
    placed.push({
      top: t.top,
      block: table(
        t.rows.map((r, row) => r.map((text, col) => placedCell(text, 1, 1, page, view, glyphsExtent(t.glyphs[row][col])))),
        page,
      ),
    });
  const rightEdge = Math.max(...lines.map((l) => l.x1));
  placed.push(...linesToParagraphs(rest, page, rightEdge, median(glyphs.map((g) => g.size))));
  return placed.sort((a, b) => b.top - a.top).map((p) => p.block);
}
