/**
 * A PDF page drawn on the server as a PNG (pdf.js onto @napi-rs/canvas, as OCR draws pages), for the
 * source of a number: the browser then shows an image instead of loading pdf.js, starting its worker and
 * parsing the file, which took over a second on a busy laptop. Text pages and scans alike are drawn.
 * Images are kept per file (by SHA-256) and page, the most recently asked for first.
 */

/** Pixels across: sharp at the viewer's largest width (1100 CSS pixels) and on most high-density phones. */
export const PAGE_IMAGE_WIDTH = 1400;
/** Page images kept (a PNG is about 0.5–1 MB). */
const KEPT = 48;

const kept = new Map<string, Promise<Buffer | null>>();

/** Load pdf.js now (half a second on a busy machine), so the first page asked for is only drawn. */
export function preparePageImages(): Promise<unknown> {
  return import('../extract/pdf/pdfjs.js');
}

/** Draw page `pageNo` (from 1) of a PDF; null when the file has no such page. */
async function draw(bytes: Uint8Array, pageNo: number): Promise<Buffer | null> {
  const { loadPdf } = await import('../extract/pdf/load.js');
  const { drawPage } = await import('../extract/pdf/draw.js');
  const pdf = await loadPdf(bytes, { drawing: true });
  try {
    if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > pdf.numPages) return null;
    const page = await pdf.getPage(pageNo);
    const { canvas } = await drawPage(page, PAGE_IMAGE_WIDTH / page.getViewport({ scale: 1 }).width);
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
