/**
 * Images as the OCR stages pass them: one byte per pixel (grey, 0 black … 255 white), row by row.
 * Colour images arrive as RGB or RGBA bytes and are turned grey once, by preprocess.ts.
 */

export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface ColourImage {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA) bytes per pixel. */
  channels: 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** An axis-aligned box in image pixels: x1 and y1 are exclusive. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The grey level at a fractional position (bilinear; positions outside are clamped to the edge). */
export function sampleBilinear(image: GreyImage, fx: number, fy: number): number {
  const x = Math.min(image.width - 1, Math.max(0, fx));
  const y = Math.min(image.height - 1, Math.max(0, fy));
  const [x0, y0] = [Math.floor(x), Math.floor(y)];
  const x1 = Math.min(image.width - 1, x0 + 1);
  const y1 = Math.min(image.height - 1, y0 + 1);
  const [wx, wy] = [x - x0, y - y0];
  const d = image.data;
  const top = d[y0 * image.width + x0] * (1 - wx) + d[y0 * image.width + x1] * wx;
  const bottom = d[y1 * image.width + x0] * (1 - wx) + d[y1 * image.width + x1] * wx;
  return top * (1 - wy) + bottom * wy;
}

export function greyImage(width: number, height: number, fill = 255): GreyImage {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/** Pixels darker than this are ink once the page is grey. */
export const INK_LEVEL = 160;

/** The global threshold between ink and paper (Otsu), kept at or below INK_LEVEL-ish pages. */
export function otsuThreshold(image: GreyImage): number {
  const histogram = new Float64Array(256);
  for (const v of image.data) histogram[v]++;
  const total = image.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * histogram[i];
  let background = 0;
  let backgroundSum = 0;
  let best = 0;
  let threshold = INK_LEVEL;
  for (let t = 0; t < 256; t++) {
    background += histogram[t];
    if (!background) continue;
    const foreground = total - background;
    if (!foreground) break;
    backgroundSum += t * histogram[t];
    const meanB = backgroundSum / background;
    const meanF = (sum - backgroundSum) / foreground;
    const between = background * foreground * (meanB - meanF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Ink mask: 1 where the pixel is darker than the threshold. */
export function binarise(image: GreyImage, threshold = otsuThreshold(image)): Uint8Array {
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i] <= threshold ? 1 : 0;
  return mask;
}
