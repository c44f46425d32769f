/** PDF → document: text and rules read page by page with pdf.js, then laid out into blocks. */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { UnreadableFileError } from '../errors.js';
import type { Block, Document } from '../model.js';
import { sniffContainer } from '../sniff.js';
import { removeFurniture, type PageGlyphs } from './furniture.js';
import { dedupeGlyphs, itemToGlyphs } from './glyphs.js';
import { loadPdf } from './load.js';
import { pageToBlocks } from './page.js';
import { segmentsToTables, type RuledTable } from './ruled.js';
import { operatorListToSegments } from './rules.js';

interface PageContent extends PageGlyphs {
  ruled: RuledTable[];
}

export async function extractPdf(bytes: Uint8Array): Promise<Document> {
  const container = sniffContainer(bytes);
  if (container !== 'pdf') throw new UnreadableFileError(`not a PDF file: it holds ${container === 'binary' ? 'other binary data' : container} (the extension may be wrong)`);
  const pdf = await loadPdf(bytes);
  try {
    const pages: PageContent[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [text, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
      const items = text.items.filter((item): item is TextItem => 'str' in item);
      pages.push({
        glyphs: dedupeGlyphs(items.flatMap(itemToGlyphs)),
        height: page.view[3],
        ruled: segmentsToTables(operatorListToSegments(operators)),
      });
      // Fonts and decoded resources of a page are not needed once it is read.
      page.cleanup();
    }
    if (pages.length && pages.every((p) => p.glyphs.length === 0)) {
      throw new UnreadableFileError('no text layer: scanned PDF, OCR needed');
    }
    const bodies = removeFurniture(pages);
    const blocks: Block[] = pages.flatMap((page, i) => pageToBlocks(bodies[i], page.ruled, i + 1));
    return { format: 'pdf', pages: pdf.numPages, declaredTitle: null, blocks };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(`damaged PDF: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await pdf.destroy();
  }
}
