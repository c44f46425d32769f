/**
 * Glyphs → text lines. Glyphs on one visual line can sit on different baselines (Latin digits in
 * another font sit a little lower than CJK), so a line gathers glyphs whose baselines are within a
 * share of the font size. Text is joined without spaces next to Chinese, with one between Latin words.
 */
import type { Glyph } from './glyphs.js';

/** Baselines closer than this share of the font size are one line. */
export const SAME_LINE = 0.4;
/** A gap between Latin glyphs wider than this share of the font size is a space. */
export const WORD_GAP = 0.2;
/** A gap wider than this share of the font size separates columns (a borderless table, a form line). */
export const COLUMN_GAP = 1.2;

export interface Line {
  glyphs: Glyph[];
  x0: number;
  x1: number;
  /** The highest and the lowest baseline: digits in a Latin font sit off the CJK baseline. */
  y: number;
  bottom: number;
  size: number;
}

function makeLine(glyphs: Glyph[]): Line {
  glyphs.sort((a, b) => a.x0 - b.x0);
  const sizes = glyphs.map((g) => g.size).sort((a, b) => a - b);
  return {
    glyphs,
    x0: glyphs[0].x0,
    x1: Math.max(...glyphs.map((g) => g.x1)),
    y: Math.max(...glyphs.map((g) => g.y)),
    bottom: Math.min(...glyphs.map((g) => g.y)),
    size: sizes[Math.floor(sizes.length / 2)],
  };
}

/** The vertical distance from one line down to the next, baseline to baseline. */
export function gapBelow(above: Line, below: Line): number {
  return above.bottom - below.y;
}

/** Lines top to bottom. */
export function glyphsToLines(glyphs: Glyph[]): Line[] {
  const sorted = [...glyphs].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const groups: Glyph[][] = [];
  let anchor = Number.POSITIVE_INFINITY;
  for (const g of sorted) {
    const current = groups[groups.length - 1];
    if (current && anchor - g.y <= SAME_LINE * g.size) current.push(g);
    else {
      groups.push([g]);
      anchor = g.y;
    }
  }
  return groups.map(makeLine);
}

const ASCII_WORD = /[A-Za-z0-9.,%)\]]$/;
const ASCII_WORD_START = /^[A-Za-z0-9([$]/;

/** Text of glyphs on one line, left to right. */
export function glyphsText(glyphs: Glyph[]): string {
  let text = '';
  let previous: Glyph | null = null;
  for (const g of glyphs) {
    if (previous) {
      const gap = g.x0 - previous.x1;
      const latinPair = ASCII_WORD.test(previous.text) && ASCII_WORD_START.test(g.text);
      if (gap > COLUMN_GAP * g.size || (latinPair && gap > WORD_GAP * g.size)) text += ' ';
    }
    text += g.text;
    previous = g;
  }
  return text;
}

export function lineText(line: Line): string {
  return glyphsText(line.glyphs);
}

/** Runs of a line's glyphs separated by column-wide gaps. */
export function lineSegments(line: Line): Glyph[][] {
  const segments: Glyph[][] = [];
  for (const g of line.glyphs) {
    const current = segments[segments.length - 1];
    const previous = current?.[current.length - 1];
    if (current && g.x0 - previous!.x1 <= COLUMN_GAP * g.size) current.push(g);
    else segments.push([g]);
  }
  return segments;
}

/** A cell's or region's glyphs as lines joined by line breaks. */
export function glyphsToText(glyphs: Glyph[]): string {
  return glyphsToLines(glyphs).map(lineText).join('\n');
}
