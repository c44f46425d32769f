/** File → document: picks the extractor by the bytes first, the extension second. */
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { NOT_A_REGULAR_FILE, UnreadableFileError } from './errors.js';
import { documentText, type Document, type Format } from './model.js';
import { formatOfPath } from './formats.js';
import { formatOfBytes, sniffContainer } from './sniff.js';
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
 * it meets: a cold `extract` of a PDF skips the text, HTML and DOCX readers' libraries (iconv-lite's
 * tables, chardet, htmlparser2: 0.9 MB).
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

const FORMAT_NAMES: Record<Format, string> = { txt: 'plain text', html: 'HTML', docx: 'DOCX', pdf: 'PDF', doc: 'Word .doc', xlsx: 'XLSX', xls: 'XLS' };

/**
 * Bytes → document, read as what the bytes are; `named` is the format the file's name (or the
 * server) claims. A file whose bytes are another known format is read as that, with a warning.
 */
export async function extractBytes(bytes: Uint8Array, named: Format | null, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<Document> {
  if (sniffContainer(bytes) === 'empty') throw new UnreadableFileError('empty file');
  const format = formatOfBytes(bytes, named);
  if (!format) throw new UnreadableFileError('unsupported file type: the bytes are no format jixiao reads');
  const document = await EXTRACTORS[format](bytes, options);
  if (named && format !== named) {
    const warning = `the bytes are ${FORMAT_NAMES[format]} although the name says ${FORMAT_NAMES[named]}: read as ${FORMAT_NAMES[format]}`;
    document.warnings = [warning, ...(document.warnings ?? [])];
  }
  return document;
}

/** The format a file's extension names; an unknown extension is an unreadable file. */
export function requireFormat(file: string): Format {
  const format = formatOfPath(file);
  if (!format) throw new UnreadableFileError(`unsupported file type "${path.extname(file) || '(none)'}"`);
  return format;
}

/** The reason a file's bytes cannot be read, from the file system's error code. */
function fileSystemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${code ?? errorText(error)}`;
}
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A file's bytes, or the reason they cannot be read. Only a regular file is read: a FIFO would wait
 * for a writer for ever and /dev/zero never ends. Opened without blocking and checked by its handle,
 * so what is checked is what is read.
 */
export async function readBytes(file: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UnreadableFileError(fileSystemReason(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UnreadableFileError('is a directory');
    if (!info.isFile()) throw new UnreadableFileError(NOT_A_REGULAR_FILE);
    return new Uint8Array(await handle.readFile());
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(fileSystemReason(error));
  } finally {
    await handle.close();
  }
}

/**
 * The format a file's name claims, for extractBytes; null when it claims none but the bytes are a
 * format we read. A name and bytes that are neither is an unsupported file.
 */
export function claimedFormat(file: string, bytes: Uint8Array): Format | null {
  const named = formatOfPath(file);
  if (!named && !formatOfBytes(bytes, null)) requireFormat(file);
  return named;
}

export async function extractFile(file: string, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<{ bytes: Uint8Array; document: Document }> {
  const bytes = await readBytes(file);
  return { bytes, document: await extractBytes(bytes, claimedFormat(file, bytes), options) };
}
