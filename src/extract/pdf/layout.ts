/**
 * Pages of glyphs and rules → blocks: each page laid out alone (its margin lines set aside), then
 * running headers and page numbers told apart from content across all pages. Text PDFs and pages read
 * by OCR (from a PDF or a DOCX of page images) share it.
 */
import type { Block } from '../model.js';
import type { PageView } from './box.js';
import { marginParagraphs, runningTexts, setMarginsAside, type MarginLine } from './furniture.js';
import type { Glyph } from './glyphs.js';
import { pageToBlocks } from './page.js';
import { segmentsToTables, type RuledTable } from './ruled.js';
import type { Segment } from './rules.js';

export interface LaidOutPage {
  blocks: Block[];
  margins: MarginLine[];
}

const insideAny = (tables: RuledTable[]) => (g: Glyph) => tables.some((t) => g.x0 >= t.x0 && g.x1 <= t.x1 && g.y >= t.y0 && g.y <= t.y1);

/**
 * A page's glyphs and rules, from its text layer or from OCR, → its blocks and margin lines. `view`
 * is the page's visible area in the glyphs' space (pdf.js page.view: x0, y0, x1, y1).
 */
export function layOutPage(glyphs: Glyph[], segments: Segment[], view: PageView, number: number): LaidOutPage {
  const ruled = segmentsToTables(segments);
  const { body, margins } = setMarginsAside(glyphs, view[3], insideAny(ruled));
  return { blocks: pageToBlocks(body, ruled, number, view), margins };
}

/** Laid-out pages (page n at index n − 1) → the document's blocks, furniture left out. */
export function pagesToBlocks(pages: LaidOutPage[]): Block[] {
  const running = runningTexts(pages.map((p) => p.margins));
  return pages.flatMap((p, i) => {
    const { above, below } = marginParagraphs(p.margins, running, i + 1);
    return [...above, ...p.blocks, ...below];
  });
}
