/** File → document: picks the extractor by extension and checks the bytes agree with it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UnreadableFileError } from './errors.js';
import { documentText, type Document, type Format } from './model.js';
import { formatOfPath } from './formats.js';
import { sniffContainer } from './sniff.js';
import { DEFAULT_EXTRACT_OPTIONS, type ExtractOptions } from './options.js';

export { DEFAULT_EXTRACT_OPTIONS, formatOfPath, type ExtractOptions };

type Extractor = (bytes: Uint8Array, options: ExtractOptions) => Document | Promise<Document>;

/** A module imported on first use and kept: a second `import()` would go through the loader again. */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let module: Promise<T> | undefined;
  return () => (module ??= load());
}

/**
 * Each reader loads on first use, so a thread holds and compiles only the readers of the formats
 * it meets: a cold `extract` of a PDF skips the text and DOCX readers' libraries (iconv-lite's
 * tables, chardet, htmlparser2: 0.9 MB), and cheerio, whose entry module loads undici for fetching
 * we never ask of it (a quarter of a second of a cold thread).
 */
const readers = {
  txt: onFirstUse(() => import('./txt.js')),
  html: onFirstUse(() => import('./html.js')),
  docx: onFirstUse(() => import('./docx.js')),
  docxScan: onFirstUse(() => import('./ocr/docx.js')),
  pdf: onFirstUse(() => import('./pdf/index.js')),
  doc: onFirstUse(() => import('./doc/index.js')),
  sheet: onFirstUse(() => import('./sheet.js')),
};

const EXTRACTORS: Record<Format, Extractor> = {
  txt: async (bytes) => (await readers.txt()).extractTxt(bytes),
  html: async (bytes) => (await readers.html()).extractHtml(bytes),
  docx: async (bytes, { limits, ocr }) => {
    const { extractDocx, hasEmbeddedImages } = await readers.docx();
    const document = extractDocx(bytes, limits);
    // A body of page images only (a scan pasted into Word) is read by OCR, unless it is turned off.
    if (ocr === false || documentText(document).trim() || !hasEmbeddedImages(bytes)) return document;
    return (await readers.docxScan()).recogniseDocxImages(bytes, limits);
  },
  pdf: async (bytes, options) => (await readers.pdf()).extractPdf(bytes, options),
  doc: async (bytes, { limits }) => (await readers.doc()).extractDoc(bytes, limits),
  xlsx: async (bytes, { limits }) => (await readers.sheet()).extractWorkbook(bytes, 'xlsx', limits),
  xls: async (bytes, { limits }) => (await readers.sheet()).extractWorkbook(bytes, 'xls', limits),
};

export async function extractBytes(bytes: Uint8Array, format: Format, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<Document> {
  if (sniffContainer(bytes) === 'empty') throw new UnreadableFileError('empty file');
  return EXTRACTORS[format](bytes, options);
}

/** The format a file's extension names; an unknown extension is an unreadable file. */
export function requireFormat(file: string): Format {
  const format = formatOfPath(file);
  if (!format) throw new UnreadableFileError(`unsupported file type "${path.extname(file) || '(none)'}"`);
  return format;
}

/** A file's bytes, or the reason they cannot be read. */
export async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${code}`);
  }
}

export async function extractFile(file: string, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<{ bytes: Uint8Array; document: Document }> {
  const format = requireFormat(file);
  const bytes = await readBytes(file);
  return { bytes, document: await extractBytes(bytes, format, options) };
}
