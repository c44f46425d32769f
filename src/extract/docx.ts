/** DOCX → document through mammoth's HTML, which keeps merged cells (vMerge → rowspan, gridSpan → colspan). */
import mammoth from 'mammoth';
import { UnreadableFileError } from './errors.js';
import { htmlToDocument } from './html.js';
import type { Document } from './model.js';
import { sniffContainer } from './sniff.js';

export async function extractDocx(bytes: Uint8Array): Promise<Document> {
  const container = sniffContainer(bytes);
  if (container === 'ole') throw new UnreadableFileError('not a DOCX file: it is an OLE container (a legacy .doc, or a password-protected document)');
  if (container !== 'zip') throw new UnreadableFileError('not a DOCX file: no ZIP container (damaged, or the extension is wrong)');
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
  } catch (error) {
    throw new UnreadableFileError(`damaged DOCX: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  return { format: 'docx', ...htmlToDocument(html, { webPage: false }) };
}
