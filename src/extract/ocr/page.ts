/**
 * A page image → what the text-PDF reader gets from a text layer: glyphs (characters with boxes, in
 * page space) and ruling segments. Both then take the same layout path as a text PDF, so tables,
 * merged cells, borderless tables, paragraphs and page furniture are found by the same code.
 */
import type { Glyph } from '../pdf/glyphs.js';
import type { Segment } from '../pdf/rules.js';
import { detectionInput, inputRows, inputToStrips, probabilityMapToBoxes, type DetectionInput, type TextBox } from './detect.js';
import { getEngine, type Engine } from './engine.js';
import { binarise, otsuThreshold, type Box, type ColourImage, type GreyImage } from './image.js';
import { colourToGreyWithoutSeals, deskew } from './preprocess.js';
import { batchInput, ctcGreedyDecode, lineInput, LINE_HEIGHT, type LineInput, type RecognisedChar } from './recognize.js';
import { eraseRules, findRules, type ImageRule } from './rules.js';
import { closingQuotes, doubleBarComparison, leadingGlyph, withDoubleBarComparison } from './symbols.js';
import { checkDeadline } from '../deadline.js';

/** A line whose characters average below this confidence is noise (a speck, a seal's edge). */
export const MIN_LINE_CONFIDENCE = 0.5;
/** Lines recognised together, sorted by width so that little is padding. */
export const RECOGNITION_BATCH = 8;
/** The ink of a line of CJK text is this many font sizes tall. */
export const INK_HEIGHT_IN_SIZES = 0.95;
/** A pixel row holds ink when at least this share of the box's width is ink (specks do not count). */
export const INK_ROW_SHARE = 0.02;

/** Where the image lies on the page: its top-left corner and its size, in PDF points (y up). */
export interface Placement {
  x: number;
  top: number;
  width: number;
  height: number;
}

export interface RecognisedPage {
  glyphs: Glyph[];
  segments: Segment[];
  /** The skew taken out, in degrees. */
  skew: number;
}

/** Cut text boxes where a vertical rule crosses them: text on both sides is in different cells. */
export function splitBoxesAtRules(boxes: Box[], rules: ImageRule[]): Box[] {
  const verticals = rules.filter((r) => r.orientation === 'v');
  return boxes.flatMap((box) => {
    const middle = (box.y0 + box.y1) / 2;
    const cuts = verticals.filter((r) => r.from <= middle && r.to >= middle && r.at > box.x0 + 2 && r.at < box.x1 - 2).sort((a, b) => a.at - b.at);
    const pieces: Box[] = [];
    let x0 = box.x0;
    for (const cut of cuts) {
      pieces.push({ ...box, x0, x1: Math.floor(cut.at - cut.thickness / 2) });
      x0 = Math.ceil(cut.at + cut.thickness / 2);
    }
    pieces.push({ ...box, x0 });
    const minWidth = (box.y1 - box.y0) * 0.3;
    return pieces.filter((p) => p.x1 - p.x0 >= minWidth);
  });
}

/**
 * Rules are often printed thin and light (a hairline scanned at 200 dpi is a row of grey pixels):
 * for finding them, ink is anything halfway from the text threshold to white.
 */
export function ruleThreshold(image: GreyImage): number {
  const text = otsuThreshold(image);
  return Math.round(text + (255 - text) / 2);
}

/** Text boxes are widened on each side by this share of their height. */
export const BOX_WIDENING = 0.2;

/** Share of a box's area inside another box above which it is a duplicate piece. */
export const COVERED = 0.5;

const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
const overlap = (a: Box, b: Box) => area({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });

/**
 * Drop boxes lying mostly inside a larger one: when the detector joins text across a rule and also
 * finds the far part alone, the piece cut off at the rule repeats the text of the other box.
 */
export function dropCoveredBoxes(boxes: Box[]): Box[] {
  return boxes.filter((box) => !boxes.some((other) => other !== box && area(other) > area(box) && overlap(box, other) > COVERED * area(box)));
}

/** A text line is at least this share of the tallest line in its box (a shorter band is a speck or an accent). */
export const MIN_BAND_SHARE = 0.4;

/**
 * Split a box that holds several text lines (the detector joins a short wrapped line to the one
 * above it in a narrow cell) at the clear pixel rows between them: the recogniser reads one line.
 */
export function splitBoxAtClearRows(mask: Uint8Array, width: number, box: Box): Box[] {
  const needed = Math.max(2, (box.x1 - box.x0) * INK_ROW_SHARE);
  const bands: { top: number; bottom: number }[] = [];
  for (let y = box.y0; y < box.y1; y++) {
    let count = 0;
    for (let x = box.x0; x < box.x1; x++) count += mask[y * width + x];
    if (count < needed) continue;
    const last = bands[bands.length - 1];
    if (last && y - last.bottom <= 1) last.bottom = y + 1;
    else bands.push({ top: y, bottom: y + 1 });
  }
  const tallest = Math.max(0, ...bands.map((b) => b.bottom - b.top));
  const lines = bands.filter((b) => b.bottom - b.top >= MIN_BAND_SHARE * tallest);
  if (lines.length < 2) return [box];
  // Each line keeps a margin of a quarter of its height, within the box.
  return lines.map((b) => {
    const margin = Math.ceil((b.bottom - b.top) / 4);
    return { x0: box.x0, x1: box.x1, y0: Math.max(box.y0, b.top - margin), y1: Math.min(box.y1, b.bottom + margin) };
  });
}

/**
 * A line at most this many times as wide as it is tall is read in one piece. The recognition model
 * attends over the whole line, so its cost grows with the square of the width: a paragraph line read
 * whole took seconds, read in pieces of ten characters a fraction of that.
 */
export const MAX_PIECE_RATIO = 6;

/** Cut a long line into pieces of at most MAX_PIECE_RATIO, each cut at the clearest column near its place. */
export function splitLongBox(mask: Uint8Array, width: number, box: Box): Box[] {
  const [w, h] = [box.x1 - box.x0, box.y1 - box.y0];
  const pieces = Math.ceil(w / (h * MAX_PIECE_RATIO));
  if (pieces <= 1) return [box];
  const inkIn = (x: number) => {
    let n = 0;
    for (let y = box.y0; y < box.y1; y++) n += mask[y * width + x];
    return n;
  };
  const cuts: number[] = [];
  for (let i = 1; i < pieces; i++) {
    const around = Math.round(box.x0 + (i * w) / pieces);
    let best = around;
    for (let x = Math.max(box.x0 + 1, around - Math.round(h / 2)); x <= Math.min(box.x1 - 2, around + Math.round(h / 2)); x++) {
      if (inkIn(x) < inkIn(best)) best = x;
    }
    cuts.push(best);
  }
  const edges = [box.x0, ...cuts, box.x1];
  return edges.slice(1).map((x1, i) => ({ ...box, x0: edges[i], x1 }));
}

/** The detection model's probability map of the whole input, run strip by strip. */
async function probabilityMap(engine: Engine, input: DetectionInput): Promise<Float32Array> {
  const map = new Float32Array(input.width * input.height);
  for (const strip of inputToStrips(input.height)) {
    const rows = strip.to - strip.from;
    const tensor = new engine.ort.Tensor('float32', inputRows(input, strip.from, strip.to), [1, 3, rows, input.width]);
    checkDeadline();
    const output = await engine.detection.run({ [engine.detection.inputNames[0]]: tensor });
    const part = output[engine.detection.outputNames[0]].data as Float32Array;
    map.set(part.subarray((strip.keepFrom - strip.from) * input.width, (strip.keepTo - strip.from) * input.width), strip.keepFrom * input.width);
  }
  return map;
}

async function detectText(engine: Engine, image: GreyImage): Promise<TextBox[]> {
  const input = detectionInput(image);
  const map = await probabilityMap(engine, input);
  // The detector's box can stop inside a line's last character (a closing bracket): widen it a little.
  return probabilityMapToBoxes(map, input, image).map((box) => {
    const pad = Math.round((box.y1 - box.y0) * BOX_WIDENING);
    return { ...box, x0: Math.max(0, box.x0 - pad), x1: Math.min(image.width, box.x1 + pad) };
  });
}

/**
 * The rows of a text box that hold ink: the detector's box has margins that depend on its shape
 * (a lone character's grows less than a long line's), the ink does not.
 */
export function inkRows(mask: Uint8Array, width: number, box: Box): { top: number; bottom: number } {
  const needed = Math.max(2, (box.x1 - box.x0) * INK_ROW_SHARE);
  let [top, bottom] = [-1, -1];
  for (let y = box.y0; y < box.y1; y++) {
    let count = 0;
    for (let x = box.x0; x < box.x1; x++) count += mask[y * width + x];
    if (count >= needed) {
      if (top < 0) top = y;
      bottom = y + 1;
    }
  }
  return top < 0 ? { top: box.y0, bottom: box.y1 } : { top, bottom };
}

interface RecognisedLine {
  box: Box;
  ink: { top: number; bottom: number };
  chars: RecognisedChar[];
  /** Input pixels per image pixel across the line. */
  scale: number;
}

async function recogniseLines(engine: Engine, image: GreyImage, mask: Uint8Array, boxes: Box[]): Promise<RecognisedLine[]> {
  const inputs = boxes.map((box) => lineInput(image, box)).sort((a, b) => a.width - b.width);
  const lines: RecognisedLine[] = [];
  for (let i = 0; i < inputs.length; i += RECOGNITION_BATCH) {
    const batch: LineInput[] = inputs.slice(i, i + RECOGNITION_BATCH);
    const { data, width } = batchInput(batch);
    const tensor = new engine.ort.Tensor('float32', data, [batch.length, 3, LINE_HEIGHT, width]);
    checkDeadline();
    const output = await engine.recognition.run({ [engine.recognition.inputNames[0]]: tensor });
    const result = output[engine.recognition.outputNames[0]];
    const [, steps, classes] = result.dims as number[];
    const probabilities = result.data as Float32Array;
    batch.forEach((line, n) => {
      const own = steps;
      const chars = ctcGreedyDecode(probabilities.subarray(n * steps * classes, (n + 1) * steps * classes), classes, own, engine.keys);
      const ink = inkRows(mask, image.width, line.box);
      const scale = line.width / (line.box.x1 - line.box.x0);
      const glyph = leadingGlyph(mask, image.width, line.box, ink);
      const symbol = glyph && doubleBarComparison(mask, image.width, glyph);
      const read = closingQuotes(withDoubleBarComparison(chars, symbol, glyph, (x) => (x - line.box.x0) * scale));
      lines.push({ box: line.box, ink, chars: read, scale });
    });
  }
  return lines;
}

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** Neighbouring characters whose centres are closer than this many font sizes touch (no space between). */
export const TOUCHING_PITCH = 1.6;

/**
 * A recognised line → glyphs in page space, each centred where its step puts it. Characters that
 * follow one another closely are made to touch, so the layout code reads no space between them;
 * a real gap (a space, two cells) stays a gap.
 */
function lineToGlyphs(line: RecognisedLine, toPage: (x: number, y: number) => [number, number], pointsPerPixel: number): Glyph[] {
  const size = ((line.ink.bottom - line.ink.top) / INK_HEIGHT_IN_SIZES) * pointsPerPixel;
  const [, middle] = toPage(0, (line.ink.top + line.ink.bottom) / 2);
  const baseline = middle - 0.35 * size;
  const chars = line.chars.filter((c) => c.text.trim());
  const centres = chars.map((c) => toPage(line.box.x0 + c.at / line.scale, 0)[0]);
  return chars.map((c, i) => {
    const half = ((WIDE.test(c.text) ? 1 : 0.55) * size) / 2;
    const touches = (j: number) => j >= 0 && j < chars.length && Math.abs(centres[j] - centres[i]) <= TOUCHING_PITCH * size;
    const x0 = touches(i - 1) ? (centres[i - 1] + centres[i]) / 2 : centres[i] - half;
    const x1 = touches(i + 1) ? (centres[i] + centres[i + 1]) / 2 : centres[i] + half;
    return { text: c.text, x0, x1, y: baseline, size, confidence: c.confidence };
  });
}

function ruleToSegment(rule: ImageRule, toPage: (x: number, y: number) => [number, number]): Segment {
  const [x0, y0] = rule.orientation === 'h' ? toPage(rule.from, rule.at) : toPage(rule.at, rule.from);
  const [x1, y1] = rule.orientation === 'h' ? toPage(rule.to, rule.at) : toPage(rule.at, rule.to);
  return { x0, y0, x1, y1 };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

export async function recognisePage(colour: ColourImage, placement: Placement): Promise<RecognisedPage> {
  const engine = await getEngine();
  const { image, skew } = deskew(colourToGreyWithoutSeals(colour));
  const pointsPerPixel = placement.width / image.width;
  const dpi = 72 / pointsPerPixel;
  const toPage = (x: number, y: number): [number, number] => [placement.x + x * pointsPerPixel, placement.top - y * (placement.height / image.height)];
  const rules = findRules(binarise(image, ruleThreshold(image)), image, dpi);
  const clean = eraseRules(image, rules);
  const mask = binarise(clean);
  const detected = dropCoveredBoxes(splitBoxesAtRules(await detectText(engine, clean), rules));
  const boxes = detected.flatMap((box) => splitBoxAtClearRows(mask, clean.width, box)).flatMap((box) => splitLongBox(mask, clean.width, box));
  const lines = (await recogniseLines(engine, clean, mask, boxes)).filter(
    (l) => l.chars.length && mean(l.chars.map((c) => c.confidence)) >= MIN_LINE_CONFIDENCE,
  );
  return {
    glyphs: lines.flatMap((l) => lineToGlyphs(l, toPage, pointsPerPixel)),
    segments: rules.map((r) => ruleToSegment(r, toPage)),
    skew,
  };
}
