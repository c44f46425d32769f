/**
 * The form text is indexed and searched in. A document prints one phrase in many ways: wrapped
 * inside a table cell (推动企业获⏎省级企业技⏎术中心认定), in full-width letters and digits (５Ｇ应用),
 * with compatibility characters. The index holds each cell and paragraph on one line as the records
 * clean it (src/parse/text.ts), NFKC-folded; a query is folded the same way, so both meet.
 */
import type { Block, Document } from '../extract/model.js';
import { cellLine } from '../parse/text.js';

/** NFKC (５Ｇ → 5G, （ → (, compatibility ideographs → their ordinary character), runs of spaces as one. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').replace(/[^\S\n\t]+/g, ' ');
}

function blockSearchText(block: Block): string {
  return block.kind === 'paragraph' ? cellLine(block.text) : block.rows.map((row) => row.map((cell) => cellLine(cell.text)).join('\t')).join('\n');
}

/** Each page's searchable text (one entry for formats without pages), from the document as parsed (Simplified Chinese). */
export function searchTextByPage(document: Document): Map<number | null, string> {
  const pages = new Map<number | null, string[]>();
  for (const block of document.blocks) {
    const texts = pages.get(block.page) ?? [];
    texts.push(blockSearchText(block));
    pages.set(block.page, texts);
  }
  return new Map([...pages].map(([page, texts]) => [page, foldForSearch(texts.join('\n'))]));
}

/** A section's searchable text: its lines joined as the records join a cell's wrapped lines, folded. */
export function sectionSearchText(text: string): string {
  return foldForSearch(cellLine(text));
}
