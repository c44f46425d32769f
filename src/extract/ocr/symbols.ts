/**
 * Characters the recognition model cannot emit, found from their shape. The PP-OCRv4 key list has
 * ≥ and ≤ but not ≧ and ≦, which Chinese input methods type and forms print before targets
 * ("≧90%"); the model reads them as ≥, =, 2 or nothing. A line's leading glyph made of a chevron
 * over two bars is one of them, whatever the model said.
 *
 * And the model gives the straight quote for a closing ” after an opening “: typography, not shape.
 */
import type { Box } from './image.js';
import type { RecognisedChar } from './recognize.js';

/** A white gap this share of the line's ink height wide ends the leading glyph. */
export const GLYPH_GAP = 0.08;
/** A pixel row is part of a bar when this share of the glyph's width is ink. */
export const BAR_FILL = 0.6;
/** The symbol is at most this share of the line's ink height wide. */
export const MAX_WIDTH = 0.8;
/** A row with at most this share of the glyph's width in ink is clear (a speck, a fringe). */
export const SPECK_FILL = 0.2;
/** No row of the chevron has more than this share of the glyph's width in ink. */
export const CHEVRON_FILL = 0.75;
/** The chevron above the bars is at least this share of the ink height. */
export const MIN_CHEVRON = 0.25;

interface Region {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** The first glyph of a line: the ink from the line's first inked column to the first clear gap. */
export function leadingGlyph(mask: Uint8Array, width: number, box: Box, ink: { top: number; bottom: number }): Region | null {
  const height = ink.bottom - ink.top;
  const gap = Math.max(2, Math.round(GLYPH_GAP * height));
  let x0 = -1;
  let lastInk = -1;
  for (let x = box.x0; x < box.x1; x++) {
    let column = 0;
    for (let y = ink.top; y < ink.bottom; y++) column += mask[y * width + x];
    if (column === 0) {
      if (x0 >= 0 && x - lastInk >= gap) break;
      continue;
    }
    if (x0 < 0) x0 = x;
    lastInk = x;
  }
  return x0 < 0 ? null : { x0, x1: lastInk + 1, top: ink.top, bottom: ink.bottom };
}

/** ≧ or ≦ when the glyph is a chevron over two bars, else null. */
export function doubleBarComparison(mask: Uint8Array, width: number, glyph: Region): '≧' | '≦' | null {
  const w = glyph.x1 - glyph.x0;
  const height = glyph.bottom - glyph.top;
  // Narrower than a Chinese character (about as wide as the line is tall), wider than a stroke.
  if (w < 0.3 * height || w > MAX_WIDTH * height) return null;
  const rows: { y: number; count: number; centre: number }[] = [];
  for (let y = glyph.top; y < glyph.bottom; y++) {
    let count = 0;
    let sum = 0;
    for (let x = glyph.x0; x < glyph.x1; x++) {
      if (mask[y * width + x]) {
        count++;
        sum += x;
      }
    }
    rows.push({ y, count, centre: count ? sum / count : 0 });
  }
  const inked = rows.filter((r) => r.count > 0);
  if (!inked.length) return null;
  const isBar = (r: { count: number }) => r.count >= BAR_FILL * w;
  // Bars from the bottom up: runs of bar rows with clear rows between; the first other row ends them.
  let bars = 0;
  let inBar = false;
  let firstBarRow = glyph.bottom;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i];
    if (r.count <= SPECK_FILL * w) inBar = false;
    else if (isBar(r)) {
      if (!inBar) bars++;
      inBar = true;
      firstBarRow = r.y;
    } else break;
  }
  if (bars !== 2) return null;
  const chevron = inked.filter((r) => r.y < firstBarRow);
  // A chevron's rows cross one or two thin arms: a character's rows hold far more ink.
  if (chevron.length < MIN_CHEVRON * height || chevron.some((r) => r.count > CHEVRON_FILL * w)) return null;
  // A chevron's tip is its middle row; the arms' ends are its top and bottom rows.
  const tip = chevron[Math.floor(chevron.length / 2)].centre;
  const ends = (chevron[0].centre + chevron[chevron.length - 1].centre) / 2;
  if (Math.abs(tip - ends) < 0.2 * w) return null;
  return tip > ends ? '≧' : '≦';
}

/**
 * A line's characters with its leading ≧/≦ put right: the character the model read in its place
 * (≥, =, 2) is replaced, or, where it read nothing there, the symbol is put in front.
 */
export function withDoubleBarComparison(
  chars: RecognisedChar[],
  symbol: '≧' | '≦' | null,
  glyph: { x0: number; x1: number } | null,
  toInput: (x: number) => number,
): RecognisedChar[] {
  if (!symbol || !glyph || !chars.length) return chars;
  const [from, to] = [toInput(glyph.x0), toInput(glyph.x1)];
  const first = chars[0];
  if (first.at >= from && first.at <= to) return [{ ...first, text: symbol }, ...chars.slice(1)];
  return [{ text: symbol, at: (from + to) / 2, confidence: first.confidence }, ...chars];
}

/** A straight double quote after an unclosed “ is its closing ”. */
export function closingQuotes(chars: RecognisedChar[]): RecognisedChar[] {
  let open = false;
  return chars.map((c) => {
    if (c.text === '“') open = true;
    else if (c.text === '”') open = false;
    else if (c.text === '"' && open) {
      open = false;
      return { ...c, text: '”' };
    }
    return c;
  });
}
