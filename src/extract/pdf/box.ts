/**
 * Positions on a page in PDF user space (y grows upwards) → boxes as fractions of the page with the
 * origin top-left, the form a viewer outlines a cell in whatever size it draws the page.
 */
import type { Box } from '../model.js';
import type { Glyph } from './glyphs.js';

/** How a page is shown: what a viewer draws, and where user-space points land on it. */
export interface PageView {
  /** The top of the page in PDF user space (page.view[3]), which its margins are measured from. */
  top: number;
  /**
   * PDF user space → points from the top-left corner of the page as a viewer shows it: pdf.js's
   * viewport transform at scale 1, so a page's crop box offset and its rotation (/Rotate) are applied.
   */
  transform: readonly [number, number, number, number, number, number];
  /** The shown page's width and height, in points. */
  width: number;
  height: number;
}

/** A page shown as drawn: no offset, no rotation (a page image laid out by OCR). */
export function uprightView(width: number, height: number): PageView {
  return { top: height, transform: [1, 0, 0, -1, 0, height], width, height };
}

/** The view of a pdf.js page (its viewport at scale 1). */
export function pageViewOf(page: {
  view: number[];
  getViewport(parameters: { scale: number }): { transform: number[]; width: number; height: number };
}): PageView {
  const { transform, width, height } = page.getViewport({ scale: 1 });
  const [a, b, c, d, e, f] = transform;
  return { top: page.view[3], transform: [a, b, c, d, e, f], width, height };
}

/** An area in PDF user space: left, right, bottom and top. */
export interface Extent {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** How far a glyph reaches below and above its baseline, in font sizes. */
const DESCENT = 0.25;
const ASCENT = 0.9;

const fraction = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;

export function extentToBox(view: PageView, extent: Extent): Box {
  const [a, b, c, d, e, f] = view.transform;
  const corners = [
    [extent.x0, extent.y0],
    [extent.x1, extent.y1],
  ].map(([x, y]) => [a * x + c * y + e, b * x + d * y + f]);
  const xs = corners.map(([x]) => x / (view.width || 1));
  const ys = corners.map(([, y]) => y / (view.height || 1));
  return [fraction(Math.min(...xs)), fraction(Math.min(...ys)), fraction(Math.max(...xs)), fraction(Math.max(...ys))];
}

/** The area the glyphs' ink covers, or null for none. */
export function glyphsExtent(glyphs: readonly Glyph[]): Extent | null {
  if (!glyphs.length) return null;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const g of glyphs) {
    x0 = Math.min(x0, g.x0);
    x1 = Math.max(x1, g.x1);
    y0 = Math.min(y0, g.y - DESCENT * g.size);
    y1 = Math.max(y1, g.y + ASCENT * g.size);
  }
  return { x0, x1, y0, y1 };
}
