/**
 * PDF → document. Pages are read one at a time with pdf.js and laid out at once, so what is kept
 * between pages is their blocks, not their glyphs; pdf.js's own caches are released every few pages.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { UnreadableFileError } from '../errors.js';
import type { Document } from '../model.js';
import { sniffContainer } from '../sniff.js';
import type { PageView } from './box.js';
import { dedupeGlyphs, itemToGlyphs } from './glyphs.js';
import { layOutPage, pagesToBlocks, type LaidOutPage } from './layout.js';
import { loadPdf } from './load.js';
import { operatorListToSegments } from './rules.js';

/**
 * Pages between releases of pdf.js's document caches (parsed fonts, cMaps, images). Fonts shared
 * by many pages are then parsed again, so this trades a little time for memory that stays flat.
 */
export const PAGES_PER_CLEANUP = 50;

export interface PdfOptions {
  /** Read pages without a text layer from their images (default); false keeps the error for a scan. */
  ocr?: boolean;
}

const NO_TEXT_LAYER = 'no text layer: scanned PDF, OCR needed';

export async function extractPdf(bytes: Uint8Array, { ocr = true }: PdfOptions = {}): Promise<Document> {
  const container = sniffContainer(bytes);
  if (container !== 'pdf')
    throw new UnreadableFileError(`not a PDF file: it holds ${container === 'binary' ? 'other binary data' : container} (the extension may be wrong)`);
  const pdf = await loadPdf(bytes);
  try {
    const pages: LaidOutPage[] = [];
    const views: PageView[] = [];
    const textless: number[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [text, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
      const items = text.items.filter((item): item is TextItem => 'str' in item);
      const glyphs = dedupeGlyphs(items.flatMap(itemToGlyphs));
      const view = page.view as unknown as PageView;
      pages.push(layOutPage(glyphs, operatorListToSegments(operators), view, number));
      views.push(view);
      if (!glyphs.length) textless.push(number);
      page.cleanup();
      if (number % PAGES_PER_CLEANUP === 0) await pdf.cleanup();
    }
    const scanned = pdf.numPages > 0 && textless.length === pdf.numPages;
    if (scanned && !ocr) throw new UnreadableFileError(NO_TEXT_LAYER);
    const warnings: string[] = [];
    let recognisedAny = false;
    if (ocr && textless.length) {
      const { recognisePdfPages } = await import('../ocr/index.js');
      for (const reading of await recognisePdfPages(bytes, textless)) {
        if (reading.warning) warnings.push(reading.warning);
        if (!reading.recognised) continue;
        const { glyphs, segments } = reading.recognised;
        pages[reading.page - 1] = layOutPage(glyphs, segments, views[reading.page - 1], reading.page);
        recognisedAny ||= glyphs.length > 0;
      }
    }
    const blocks = pagesToBlocks(pages);
    const document: Document = { format: 'pdf', pages: pdf.numPages, declaredTitle: null, blocks };
    if (recognisedAny) document.ocr = true;
    if (warnings.length) document.warnings = warnings;
    return document;
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`damaged PDF: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await pdf.destroy();
  }
}
