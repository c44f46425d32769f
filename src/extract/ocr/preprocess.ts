/**
 * A page image made ready for reading: grey, red seals and stamps dropped, turned straight.
 */
import { binarise, type ColourImage, type GreyImage } from './image.js';

/** A pixel is seal ink when red exceeds the mean of green and blue by this much … */
export const SEAL_REDNESS = 40;
/** … and red itself is at least this bright (dark red is black ink or a rule under the stamp). */
export const SEAL_MIN_RED = 150;
/** The largest skew corrected, in degrees, and the steps the search takes. */
export const MAX_SKEW = 3;
export const COARSE_STEP = 0.25;
export const FINE_STEP = 0.05;
/** A skew smaller than this (degrees) is left alone: rotating costs more than it gives. */
export const MIN_SKEW = 0.05;

/**
 * Colour → grey, dropping red: seals and stamps are printed in red over black text, so a reddish
 * pixel becomes paper, and black text under a seal (dark, not reddish) stays ink.
 */
export function colourToGreyWithoutSeals(image: ColourImage): GreyImage {
  const { width, height, channels, data } = image;
  const grey = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < grey.length; i++, p += channels) {
    const r = data[p];
    const g = data[p + 1];
    const b = data[p + 2];
    const reddish = r >= SEAL_MIN_RED && r - (g + b) / 2 >= SEAL_REDNESS;
    grey[i] = reddish ? 255 : (r * 299 + g * 587 + b * 114 + 500) / 1000;
  }
  return { width, height, data: grey };
}

/**
 * Ink pixel positions on a grid of every `step`-th pixel, in grid units (so that rows of the
 * projection are grid rows, not image rows half of which hold no samples): cheap to project.
 */
function inkSample(image: GreyImage, step: number): { xs: Int32Array; ys: Int32Array } {
  const mask = binarise(image);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < image.height; y += step) {
    for (let x = 0; x < image.width; x += step) {
      if (mask[y * image.width + x]) {
        xs.push(x / step);
        ys.push(y / step);
      }
    }
  }
  return { xs: Int32Array.from(xs), ys: Int32Array.from(ys) };
}

/** How sharply the ink falls into rows when the page is turned by `degrees`: sum of squared row counts. */
function rowSharpness(xs: Int32Array, ys: Int32Array, height: number, width: number, degrees: number): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  const margin = Math.ceil(Math.abs(slope) * width) + 1;
  const rows = new Float64Array(height + 2 * margin);
  for (let i = 0; i < xs.length; i++) rows[Math.round(ys[i] - xs[i] * slope) + margin]++;
  let sum = 0;
  for (const n of rows) sum += n * n;
  return sum;
}

/**
 * The page's skew in degrees (positive: text lines fall to the right, in image rows), found by
 * turning the ink's row projection until its rows are sharpest: coarse steps, then fine ones.
 */
export function estimateSkew(image: GreyImage, maxDegrees = MAX_SKEW): number {
  const step = image.width > 1000 ? 2 : 1;
  const { xs, ys } = inkSample(image, step);
  if (xs.length < 50) return 0;
  const best = (from: number, to: number, by: number) => {
    let angle = 0;
    let score = -1;
    for (let i = 0; from + i * by <= to + 1e-9; i++) {
      const a = Math.round((from + i * by) * 1000) / 1000;
      const s = rowSharpness(xs, ys, Math.ceil(image.height / step), Math.ceil(image.width / step), a);
      // On a tie, the smaller turn: a page is not rotated for nothing.
      if (s > score || (s === score && Math.abs(a) < Math.abs(angle))) [score, angle] = [s, a];
    }
    return angle;
  };
  const coarse = best(-maxDegrees, maxDegrees, COARSE_STEP);
  return best(coarse - COARSE_STEP, coarse + COARSE_STEP, FINE_STEP);
}

/** Turn the image by `degrees` about its centre (bilinear), so a skew of that size becomes level. */
export function rotate(image: GreyImage, degrees: number): GreyImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height).fill(255);
  const angle = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const [cx, cy] = [width / 2, height / 2];
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      // Where this output pixel comes from in the skewed source.
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = data[i] + (data[i + 1] - data[i]) * fx;
      const bottom = data[i + width] + (data[i + width + 1] - data[i + width]) * fx;
      out[y * width + x] = top + (bottom - top) * fy;
    }
  }
  return { width, height, data: out };
}

/** The page turned level, and the skew that was taken out. */
export function deskew(image: GreyImage): { image: GreyImage; skew: number } {
  const skew = estimateSkew(image);
  return Math.abs(skew) < MIN_SKEW ? { image, skew: 0 } : { image: rotate(image, skew), skew };
}
