/**
 * Page furniture: page numbers and running headers or footers, which must not reach the body text.
 * A line in the top or bottom margin is set aside while its page is laid out; it is furniture when
 * it reads as a page number, or when the same text (digits aside) stands in the margin of most pages.
 * Only the set-aside lines' text is kept until the end, so memory does not grow with page count.
 */
import { paragraph, type Paragraph } from '../model.js';
import type { Glyph } from './glyphs.js';
import { glyphsToLines, lineText } from './lines.js';

/** The share of the page height at the top and the bottom that counts as margin. */
export const MARGIN = 0.08;
/** Text in the margin of at least this share of pages (and of three or more) is a running header. */
export const RUNNING_SHARE = 0.5;

const PAGE_NUMBER = /^(?:[-—–－]?\s*\d+\s*[-—–－]?|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$/i;

export interface MarginLine {
  text: string;
  atTop: boolean;
}

/** A page's glyphs without its margin lines; the margin lines that are not page numbers, as text. */
export function setMarginsAside(glyphs: Glyph[], height: number, inTable: (g: Glyph) => boolean): { body: Glyph[]; margins: MarginLine[] } {
  const inMargin = (g: Glyph) => (g.y > height * (1 - MARGIN) || g.y < height * MARGIN) && !inTable(g);
  const body = glyphs.filter((g) => !inMargin(g));
  const margins = glyphsToLines(glyphs.filter(inMargin))
    .map((line) => ({ text: lineText(line).trim(), atTop: line.y > height / 2 }))
    .filter((line) => line.text && !PAGE_NUMBER.test(line.text));
  return { body, margins };
}

const pattern = (line: MarginLine) => line.text.replace(/\d+/g, '#').replace(/\s+/g, '');

/** Margin texts that recur on most pages: running headers and footers. */
export function runningTexts(pages: MarginLine[][]): Set<string> {
  const counts = new Map<string, number>();
  for (const lines of pages) for (const p of new Set(lines.map(pattern))) counts.set(p, (counts.get(p) ?? 0) + 1);
  const threshold = Math.max(3, pages.length * RUNNING_SHARE);
  return new Set([...counts].filter(([, n]) => pages.length >= 3 && n >= threshold).map(([p]) => p));
}

/** The margin lines that are content after all, as paragraphs above and below the page's body. */
export function marginParagraphs(lines: MarginLine[], running: Set<string>, page: number): { above: Paragraph[]; below: Paragraph[] } {
  const kept = lines.filter((line) => !running.has(pattern(line)));
  return {
    above: kept.filter((l) => l.atTop).map((l) => paragraph(l.text, page)),
    below: kept.filter((l) => !l.atTop).map((l) => paragraph(l.text, page)),
  };
}
