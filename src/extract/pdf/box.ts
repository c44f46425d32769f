/**
 * Positions on a page in PDF user space (y grows upwards) → boxes as fractions of the page with the
 * origin top-left, the form a viewer outlines a cell in whatever size it draws the page.
 */
import type { Box } from '../model.js';
import type { Glyph } from './glyphs.js';

/** The page's visible area in PDF user space, as pdf.js gives it (page.view): x0, y0, x1, y1. */
export type PageView = readonly [number, number, number, number];

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

export function extentToBox([left, bottom, right, top]: PageView, extent: Extent): Box {
  const width = right - left || 1;
  const height = top - bottom || 1;
  return [
    fraction((extent.x0 - left) / width),
    fraction((top - extent.y1) / height),
    fraction((extent.x1 - left) / width),
    fraction((top - extent.y0) / height),
  ];
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
