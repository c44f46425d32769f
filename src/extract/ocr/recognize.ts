/**
 * Text recognition: one text line's crop → its characters, with PaddleOCR's CRNN-style (SVTR) model.
 * Each crop is scaled to the model's height of 48 keeping its own width (padding every line to one
 * width costs time for nothing); the model gives, for each step of 8 pixels across, a probability for
 * every key and for "blank". CTC greedy decoding keeps the best key of each step, drops repeats and
 * blanks; each character remembers the step it came from (its place across the line) and its probability.
 */
import { sampleBilinear, type Box, type GreyImage } from './image.js';

export const LINE_HEIGHT = 48;
/** The model's steps are this many input pixels apart. */
export const STEP_WIDTH = 8;
/** Longer lines are squeezed to this width (PaddleOCR's own cap is far lower). */
export const MAX_LINE_WIDTH = 48 * 40;
/**
 * Batches are padded to at least this width, as PaddleOCR does: the model was trained on lines
 * padded so, and reads a lone character (a word wrapped onto its own line in a cell) poorly without.
 */
export const MIN_BATCH_WIDTH = 160;

export interface LineInput {
  box: Box;
  width: number;
  /** Height × width grey, normalised to −1 … 1. */
  pixels: Float32Array;
}

/** A crop of the page scaled to the model's height (bilinear), normalised as the model was trained. */
export function lineInput(image: GreyImage, box: Box): LineInput {
  const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
  const width = Math.max(STEP_WIDTH, Math.min(MAX_LINE_WIDTH, Math.round((w * LINE_HEIGHT) / h)));
  const pixels = new Float32Array(LINE_HEIGHT * width);
  const [sx, sy] = [w / width, h / LINE_HEIGHT];
  for (let y = 0; y < LINE_HEIGHT; y++) {
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] = sampleBilinear(image, box.x0 + (x + 0.5) * sx - 0.5, box.y0 + (y + 0.5) * sy - 0.5) / 127.5 - 1;
    }
  }
  return { box, width, pixels };
}

/** Lines of similar width in one batch, padded to the widest with 0 (mid grey), as in training. */
export function batchInput(lines: LineInput[]): { data: Float32Array; width: number } {
  const width = Math.max(MIN_BATCH_WIDTH, ...lines.map((l) => l.width));
  const plane = LINE_HEIGHT * width;
  const data = new Float32Array(lines.length * 3 * plane);
  lines.forEach((line, n) => {
    for (let c = 0; c < 3; c++) {
      const offset = (n * 3 + c) * plane;
      for (let y = 0; y < LINE_HEIGHT; y++) data.set(line.pixels.subarray(y * line.width, (y + 1) * line.width), offset + y * width);
    }
  });
  return { data, width };
}

export interface RecognisedChar {
  text: string;
  /** Centre of the character across the model input, in input pixels. */
  at: number;
  confidence: number;
}

/**
 * One line's step probabilities (steps × classes, class 0 blank, then the keys) → its characters.
 * `steps` is how many of the batch's steps belong to this line (the rest is padding).
 */
export function ctcGreedyDecode(probabilities: Float32Array, classes: number, steps: number, keys: string[]): RecognisedChar[] {
  const chars: RecognisedChar[] = [];
  let previous = 0;
  let runStart = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -1;
    const offset = t * classes;
    for (let k = 0; k < classes; k++) {
      const p = probabilities[offset + k];
      if (p > bestP) [bestP, best] = [p, k];
    }
    if (best !== 0 && best !== previous) {
      runStart = t;
      chars.push({ text: keys[best - 1] ?? '', at: (t + 0.5) * STEP_WIDTH, confidence: bestP });
    } else if (best !== 0 && chars.length) {
      // The same key over several steps is one character: its centre is the run's middle.
      const last = chars[chars.length - 1];
      last.confidence = Math.max(last.confidence, bestP);
      last.at = ((runStart + t + 1) / 2) * STEP_WIDTH;
    }
    previous = best;
  }
  return chars.filter((c) => c.text);
}
