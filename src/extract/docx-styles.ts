/**
 * word/styles.xml → the paragraph styles the reader needs: those whose names mark headings (Heading 1,
 * Title, 标题 1) and those that number their paragraphs (List Number, a numbered Heading 1).
 *
 * The part is read as Latin-1, one character per byte, and only the names it captures are decoded as
 * UTF-8. A Word template's styles.xml is often 350 KB of style definitions with Chinese names:
 * decoding all of it as UTF-8 took longer than reading the whole document body. Every character the
 * patterns look for is ASCII, and no byte of a UTF-8 multi-byte character is ASCII, so the patterns
 * find the same elements in the Latin-1 text as in the decoded one.
 */
import { attr, childVal } from './docx-numbering.js';
import { STRING_CHUNK_BYTES } from './text.js';

const HEADING_STYLE = /^(heading|title|subtitle|标题|副标题)/i;
const STYLE = /<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g;

export interface Styles {
  headingStyles: Set<string>;
  /** Paragraph styles that number their paragraphs: style id → numbering. */
  numberedStyles: Map<string, { numId: string; level: number }>;
}

const NON_ASCII = /[^\p{ASCII}]/u;
/** A captured value back in UTF-8; ASCII reads the same either way (most style ids and names are ASCII). */
const utf8 = (latin1: string) => (NON_ASCII.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1);

const STYLE_END = Buffer.from('</w:style>', 'latin1');

/**
 * The part as Latin-1 strings of about STRING_CHUNK_BYTES, each cut right after a </w:style>: a
 * style element, which STYLE matches from its start to the first end tag, never spans two pieces.
 */
function latin1Chunks(part: Uint8Array): string[] {
  const bytes = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length;) {
    let cut = bytes.length;
    const limit = start + STRING_CHUNK_BYTES;
    if (limit < bytes.length) {
      const before = bytes.lastIndexOf(STYLE_END, limit - STYLE_END.length);
      const at = before >= start ? before : bytes.indexOf(STYLE_END, limit);
      if (at >= 0) cut = at + STYLE_END.length;
    }
    chunks.push(bytes.toString('latin1', start, cut));
    start = cut;
  }
  return chunks;
}

export function readStyles(part: Uint8Array | undefined): Styles {
  const styles: Styles = { headingStyles: new Set(), numberedStyles: new Map() };
  if (!part) return styles;
  for (const style of latin1Chunks(part).flatMap((xml) => [...xml.matchAll(STYLE)])) {
    const id = attr(style[1], 'styleId');
    if (!id) continue;
    const name = childVal(style[2], 'name');
    if (name && HEADING_STYLE.test(utf8(name))) styles.headingStyles.add(utf8(id));
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(style[2])?.[1];
    const numId = numPr ? childVal(numPr, 'numId') : undefined;
    if (numId) styles.numberedStyles.set(utf8(id), { numId: utf8(numId), level: Number(childVal(numPr!, 'ilvl') ?? 0) });
  }
  return styles;
}
