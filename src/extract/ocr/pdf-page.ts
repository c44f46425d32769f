/**
 * A PDF page without a text layer → the image to read and where it lies on the page. A page that is
 * one picture (a scan) gives that picture at its own resolution; a page with images and other drawing
 * is rendered (pdf.js onto @napi-rs/canvas); a page that paints no image gives nothing: a scan is an
 * image, and rendering a page of rules or a blank page of a text PDF only to find no text costs seconds.
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { drawPage } from '../pdf/draw.js';
import { OPS } from '../pdf/pdfjs.js';
import { multiply, type Matrix } from '../pdf/rules.js';
import type { ColourImage } from './image.js';
import type { Placement } from './page.js';

/** Pages drawn otherwise are rendered at this resolution. */
export const RENDER_DPI = 200;
/** An image covering at least this share of the page's area is the page. */
export const PAGE_COVERAGE = 0.8;

interface PdfImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

const IMAGE_KIND = { GRAYSCALE_1BPP: 1, RGB_24BPP: 2, RGBA_32BPP: 3 };

const DRAWING = new Set<number>([
  OPS.constructPath,
  OPS.showText,
  OPS.paintImageMaskXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageXObject,
  OPS.shadingFill,
]);

/** pdf.js's decoded image → RGB(A) bytes; bilevel scans (1 bit, 1 = white) are unpacked. */
export function pdfImageToColour(image: PdfImage): ColourImage {
  const { width, height, kind, data } = image;
  if (!data) throw new Error('image data missing');
  if (kind === IMAGE_KIND.RGB_24BPP) return { width, height, channels: 3, data };
  if (kind === IMAGE_KIND.RGBA_32BPP) return { width, height, channels: 4, data };
  if (kind === IMAGE_KIND.GRAYSCALE_1BPP) {
    const rgb = new Uint8Array(width * height * 3);
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = (data[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1 ? 255 : 0;
        rgb.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
    return { width, height, channels: 3, data: rgb };
  }
  throw new Error(`unknown image kind ${kind}`);
}

interface PaintedImage {
  id: string;
  ctm: Matrix;
}

/** What the page draws: its images with their placement, and whether it draws anything else. */
function paintedImages(fnArray: number[], argsArray: unknown[]): { images: PaintedImage[]; drawsOther: boolean } {
  const images: PaintedImage[] = [];
  let drawsOther = false;
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  fnArray.forEach((fn, i) => {
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
    else if (fn === OPS.paintImageXObject) images.push({ id: args[0] as string, ctm });
    else if (DRAWING.has(fn)) drawsOther = true;
  });
  return { images, drawsOther };
}

function objectOf(page: PDFPageProxy, id: string): Promise<PdfImage> {
  return new Promise((resolve) => page.objs.get(id, resolve as (data: unknown) => void));
}

async function renderPage(page: PDFPageProxy): Promise<{ image: ColourImage; placement: Placement }> {
  const { context, width, height } = await drawPage(page, RENDER_DPI / 72);
  const pixels = context.getImageData(0, 0, width, height).data;
  const [x0, , x1, y1] = page.view;
  return { image: { width, height, channels: 4, data: pixels }, placement: { x: x0, top: y1, width: x1 - x0, height: page.view[3] - page.view[1] } };
}

/**
 * The page's image to read, or null for a page that paints no image. Throws when the page's image
 * cannot be decoded.
 */
export async function pageImage(page: PDFPageProxy): Promise<{ image: ColourImage; placement: Placement } | null> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const { images, drawsOther } = paintedImages(fnArray, argsArray);
  if (!images.length) return null;
  const [px0, py0, px1, py1] = page.view;
  const pageArea = (px1 - px0) * (py1 - py0);
  if (images.length === 1 && !drawsOther) {
    const [a, b, c, d, e, f] = images[0].ctm;
    // An upright image (no rotation or shear) covering the page is the scan itself.
    if (b === 0 && c === 0 && a > 0 && d > 0 && a * d >= PAGE_COVERAGE * pageArea) {
      const image = pdfImageToColour(await objectOf(page, images[0].id));
      return { image, placement: { x: e, top: f + d, width: a, height: d } };
    }
  }
  return renderPage(page);
}
