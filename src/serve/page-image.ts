/**
 * A PDF page drawn on the server as a PNG (pdf.js onto @napi-rs/canvas, as OCR draws pages), for the
 * source of a number: the browser then shows an image instead of loading pdf.js, starting its worker and
 * parsing the file, which took over a second on a busy laptop. Text pages and scans alike are drawn.
 * Images are kept per file (by SHA-256) and page, the most recently asked for first.
 */
import { createCanvas } from '@napi-rs/canvas';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Pixels across: sharp at the viewer's largest width (1100 CSS pixels) and on most high-density phones. */
export const PAGE_IMAGE_WIDTH = 1400;
/** Page images kept (a PNG is about 0.5–1 MB). */
const KEPT = 48;

const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));

const kept = new Map<string, Promise<Buffer | null>>();

/** Load pdf.js now (half a second on a busy machine), so the first page asked for is only drawn. */
export function preparePageImages(): Promise<unknown> {
  return import('../extract/pdf/pdfjs.js');
}

/** Draw page `pageNo` (from 1) of a PDF; null when the file has no such page. */
async function draw(bytes: Uint8Array, pageNo: number): Promise<Buffer | null> {
  // pdf.js is loaded on the first page drawn, not when the desk starts.
  const { getDocument } = await import('../extract/pdf/pdfjs.js');
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${path.join(PDFJS_ROOT, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(PDFJS_ROOT, 'standard_fonts')}/`,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > pdf.numPages) return null;
    const page = await pdf.getPage(pageNo);
    const viewport = page.getViewport({ scale: PAGE_IMAGE_WIDTH / page.getViewport({ scale: 1 }).width });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    type RenderParameters = Parameters<typeof page.render>[0];
    // @napi-rs/canvas implements the browser canvas API pdf.js draws with; its types are its own.
    await page.render({
      canvas: canvas as unknown as RenderParameters['canvas'],
      canvasContext: context as unknown as RenderParameters['canvasContext'],
      viewport,
    }).promise;
    return await canvas.encode('png');
  } finally {
    await pdf.destroy();
  }
}

/** The PNG of a page of the file with this SHA-256, drawn once and kept; null when there is no such page. */
export function pageImage(sha256: string, pageNo: number, bytes: () => Uint8Array): Promise<Buffer | null> {
  const key = `${sha256} ${pageNo}`;
  let image = kept.get(key);
  if (image) kept.delete(key);
  else image = draw(bytes(), pageNo);
  kept.set(key, image);
  // A page that failed to draw is not kept: the next request tries again.
  image.catch(() => kept.delete(key));
  while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
  return image;
}
