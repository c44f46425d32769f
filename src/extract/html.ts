/**
 * HTML pages → document.
 *
 * Web pages carry chrome (navigation, breadcrumbs, footers) that must not reach the report text, and
 * old government sites lay pages out with tables: a table that holds other tables is layout, not data.
 * A page is read as htmlparser2 tokenizes it (html-events.ts), into blocks as its events pass
 * (html-blocks.ts), never as a tree: a page of 50 MB costs memory for the text it keeps, where its
 * tree took more than the per-file limit of a gigabyte. htmlparser2 closes what HTML leaves open (p,
 * td, tr …) but does not rebuild the tree as browsers do: for reading text and tables that is enough,
 * and it was 2.3 times faster than parse5 and held up better with all cores busy.
 */
import { decodeText } from './decode.js';
import { PageReading } from './html-blocks.js';
import { streamPage } from './html-events.js';
import type { Document } from './model.js';

/** HTML as published, chrome removed. */
export function htmlToDocument(html: string): Omit<Document, 'format'> {
  const { declaredTitle, reading } = streamPage(html, () => new PageReading());
  return { pages: null, declaredTitle, blocks: reading.finish() };
}

export function extractHtml(bytes: Uint8Array): Document {
  return { format: 'html', ...htmlToDocument(decodeText(bytes, { html: true })) };
}
