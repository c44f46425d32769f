/**
 * Text detection: the page → the boxes of its text lines, with PaddleOCR's DB (differentiable
 * binarisation) model. The model gives each pixel the probability that it is inside text; the post-
 * processing here follows PaddleOCR's DBPostProcess: threshold the map, take connected regions, keep
 * those whose mean probability is high, and grow each by the margin the model was trained to shrink
 * text by ("unclip"). Pages are level by now, so boxes are axis-aligned rectangles.
 */
import { sampleBilinear, type Box, type GreyImage } from './image.js';

/** A pixel is text when the model gives it at least this probability … */
export const PIXEL_THRESHOLD = 0.3;
/** … and a region is kept when its mean probability reaches this. */
export const BOX_THRESHOLD = 0.6;
/** The region is grown by area × ratio / perimeter on each side (PaddleOCR's unclip_ratio). */
export const UNCLIP_RATIO = 1.6;
/** Regions thinner than this (model pixels) are noise. */
export const MIN_BOX_SIDE = 3;
/** The image is scaled so its longer side is at most this, in multiples of 32 (the model's stride). */
export const DETECTION_MAX_SIDE = 1280;

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

export interface DetectionInput {
  /** NCHW floats, 3 channels. */
  data: Float32Array;
  width: number;
  height: number;
  /** Model pixels per image pixel, across and down. */
  scaleX: number;
  scaleY: number;
}

function resizeBilinear(image: GreyImage, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const [sx, sy] = [image.width / width, image.height / height];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = sampleBilinear(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5);
  }
  return out;
}

/**
 * Grey page → the detection model's input: A box-area average when shrinking would be better for
 * thin strokes, but bilinear from a level page at ≥ 100 dpi keeps strokes the model sees.
 */
export function detectionInput(image: GreyImage, maxSide = DETECTION_MAX_SIDE): DetectionInput {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * scale) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * scale) / 32) * 32);
  const pixels = resizeBilinear(image, width, height);
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const [mean, std] = [MEAN[c], STD[c]];
    const lookup = new Float32Array(256).map((_, v) => (v / 255 - mean) / std);
    for (let i = 0; i < plane; i++) data[c * plane + i] = lookup[pixels[i]];
  }
  return { data, width, height, scaleX: width / image.width, scaleY: height / image.height };
}

/**
 * Detection runs on horizontal strips of the model input this many rows tall (a multiple of 32) …
 * The model's activations grow with the input's area: a whole 1280-pixel page needs some 400 MB of
 * them, which either costs that much memory for the worker's life (onnxruntime's arena) or, freed after
 * each run, fresh pages from the system on the next (the run then spends most of its time in page
 * faults). Strips bound the activations, so the arena stays small and is reused from strip to strip.
 */
export const STRIP_ROWS = 384;
/**
 * … and each strip keeps only its rows at least this far (a multiple of 32) from a cut it shares with a
 * neighbour: a text pixel's probability depends on the ink around it, so near a strip's edge the model
 * sees less than on the whole page. Two margins cover a line of text at the largest size read.
 */
export const STRIP_MARGIN = 64;

/** A strip of the input: the rows it runs on, and the rows of it whose probabilities are kept. */
export interface Strip {
  from: number;
  to: number;
  keepFrom: number;
  keepTo: number;
}

/**
 * Input rows → strips of `rows` rows (the last one ends at the bottom, so all have one shape and the
 * model's memory plan is reused), overlapping so that every kept row is at least `margin` rows from an
 * inner cut. The kept rows tile the input exactly.
 */
export function inputToStrips(height: number, rows = STRIP_ROWS, margin = STRIP_MARGIN): Strip[] {
  if (height <= rows) return [{ from: 0, to: height, keepFrom: 0, keepTo: height }];
  const strips: Strip[] = [];
  let keepFrom = 0;
  while (keepFrom < height) {
    const from = Math.max(0, Math.min(height - rows, keepFrom - margin));
    const to = from + rows;
    const keepTo = to === height ? height : to - margin;
    strips.push({ from, to, keepFrom, keepTo });
    keepFrom = keepTo;
  }
  return strips;
}

/** The rows `from` … `to` of an NCHW input with 3 channels, as their own input. */
export function inputRows(input: Pick<DetectionInput, 'data' | 'width' | 'height'>, from: number, to: number): Float32Array {
  const { data, width, height } = input;
  const rows = to - from;
  const out = new Float32Array(3 * rows * width);
  for (let c = 0; c < 3; c++) out.set(data.subarray((c * height + from) * width, (c * height + to) * width), c * rows * width);
  return out;
}

export interface TextBox extends Box {
  score: number;
}

/** The probability map (model pixels) → text boxes in image pixels. */
export function probabilityMapToBoxes(
  map: Float32Array,
  input: Pick<DetectionInput, 'width' | 'height' | 'scaleX' | 'scaleY'>,
  imageSize: { width: number; height: number },
): TextBox[] {
  const { width, height } = input;
  const labels = new Int32Array(width * height).fill(-1);
  const boxes: TextBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < map.length; start++) {
    if (labels[start] !== -1 || map[start] < PIXEL_THRESHOLD) continue;
    let [x0, y0, x1, y1, sum, count] = [width, height, 0, 0, 0, 0];
    labels[start] = boxes.length;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      sum += map[i];
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const neighbours = [x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1, y > 0 ? i - width : -1, y + 1 < height ? i + width : -1];
      for (const n of neighbours) {
        if (n >= 0 && labels[n] === -1 && map[n] >= PIXEL_THRESHOLD) {
          labels[n] = boxes.length;
          stack.push(n);
        }
      }
    }
    const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
    const score = sum / count;
    // The label keeps its index even when the region is dropped, so it is never visited again.
    boxes.push({ x0, y0, x1: x1 + 1, y1: y1 + 1, score: Math.min(w, h) < MIN_BOX_SIDE || score < BOX_THRESHOLD ? -1 : score });
  }
  return boxes
    .filter((b) => b.score >= 0)
    .map((b) => {
      const [w, h] = [b.x1 - b.x0, b.y1 - b.y0];
      const grow = (w * h * UNCLIP_RATIO) / (2 * (w + h));
      return {
        x0: Math.max(0, Math.floor((b.x0 - grow) / input.scaleX)),
        y0: Math.max(0, Math.floor((b.y0 - grow) / input.scaleY)),
        x1: Math.min(imageSize.width, Math.ceil((b.x1 + grow) / input.scaleX)),
        y1: Math.min(imageSize.height, Math.ceil((b.y1 + grow) / input.scaleY)),
        score: b.score,
      };
    });
}
