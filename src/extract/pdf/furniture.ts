/**
 * Page furniture: page numbers and running headers or footers, which must not reach the body text.
 * A line in the top or bottom margin is furniture when it reads as a page number, or when the same
 * text (digits aside) stands in the margin of most pages.
 */
import type { Glyph } from './glyphs.js';
import { glyphsToLines, lineText, type Line } from './lines.js';

/** The share of the page height at the top and the bottom that counts as margin. */
export const MARGIN = 0.08;
/** Text in the margin of at least this share of pages (and of three or more) is a running header. */
export const RUNNING_SHARE = 0.5;

const PAGE_NUMBER = /^(?:[-—–－]?\s*\d+\s*[-—–－]?|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$/i;

export interface PageGlyphs {
  glyphs: Glyph[];
  height: number;
}

function marginLines({ glyphs, height }: PageGlyphs): Line[] {
  return glyphsToLines(glyphs).filter((l) => l.y > height * (1 - MARGIN) || l.y < height * MARGIN);
}

const pattern = (line: Line) => lineText(line).replace(/\d+/g, '#').replace(/\s+/g, '');

/** Each page's glyphs without its furniture. */
export function removeFurniture(pages: PageGlyphs[]): Glyph[][] {
  const margins = pages.map(marginLines);
  const pagesWithText = new Map<string, number>();
  for (const lines of margins) for (const text of new Set(lines.map(pattern))) pagesWithText.set(text, (pagesWithText.get(text) ?? 0) + 1);
  const running = (line: Line) => pages.length >= 3 && (pagesWithText.get(pattern(line)) ?? 0) >= pages.length * RUNNING_SHARE;
  return pages.map((page, i) => {
    const furniture = new Set(margins[i].filter((l) => PAGE_NUMBER.test(lineText(l).trim()) || running(l)).flatMap((l) => l.glyphs));
    return furniture.size ? page.glyphs.filter((g) => !furniture.has(g)) : page.glyphs;
  });
}
