/**
 * OCR for PDF pages without a text layer. The PDF is opened a second time with image decoding on
 * (the text reader skips images for speed), and each page is read into glyphs and rules in page space.
 * Loaded on first need only: a text PDF never loads the models.
 */
import { announceOcrPage } from '../reading-events.js';
import { errorReason } from '../errors.js';
import { loadPdf } from '../pdf/load.js';
import { recognisePage, type RecognisedPage } from './page.js';
import { pageImage } from './pdf-page.js';

export interface PdfPageReading {
  page: number;
  /** Null for a blank page or one whose image could not be read (then `warning` says why). */
  recognised: RecognisedPage | null;
  warning: string | null;
}

export async function recognisePdfPages(bytes: Uint8Array, pages: number[]): Promise<PdfPageReading[]> {
  const pdf = await loadPdf(bytes, { images: true });
  try {
    const readings: PdfPageReading[] = [];
    for (const [done, number] of pages.entries()) {
      announceOcrPage(number, done, pages.length);
      const page = await pdf.getPage(number);
      let found: Awaited<ReturnType<typeof pageImage>>;
      try {
        found = await pageImage(page);
      } catch (error) {
        readings.push({ page: number, recognised: null, warning: `page ${number} skipped: its image cannot be decoded (${errorReason(error)})` });
        continue;
      }
      readings.push({ page: number, recognised: found && (await recognisePage(found.image, found.placement)), warning: null });
      // The decoded image is the page's largest object: release it before the next page.
      page.cleanup();
    }
    return readings;
  } finally {
    await pdf.destroy();
  }
}
