/**
 * pdfjs-dist set up for Node: the legacy build, with the package's own cMaps and standard fonts so
 * Chinese text in CID fonts without /ToUnicode decodes (nothing is downloaded at run time).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { UnreadableFileError } from '../errors.js';

const require = createRequire(import.meta.url);
const PDFJS_ROOT = path.dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_URL = `${path.join(PDFJS_ROOT, 'cmaps')}/`;
const STANDARD_FONT_URL = `${path.join(PDFJS_ROOT, 'standard_fonts')}/`;

/** pdf.js's exception names → the reason a user reads. */
function reasonOf(error: unknown): string {
  const name = (error as { name?: string })?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return 'password required: the PDF is encrypted';
  if (name === 'InvalidPDFException') return `damaged PDF: ${message.replace(/\.$/, '')}`;
  if (name === 'MissingPDFException') return 'no such file';
  return `damaged PDF: ${message.split('\n')[0]}`;
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const task = getDocument({
    // pdf.js takes ownership of the buffer it is given: pass a copy so callers keep theirs.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_URL,
    verbosity: 0,
    isEvalSupported: false,
    stopAtErrors: false,
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw new UnreadableFileError(reasonOf(error));
  }
}
