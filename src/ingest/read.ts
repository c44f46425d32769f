/**
 * One file → what the store needs (records, tables, page texts, the compressed document model), or
 * the reason it could not be read. Runs inside a worker thread during a batch.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { readSource } from '../extract/archive.js';
import { errorReason, plainReason } from '../extract/errors.js';
import { claimedFormat, DEFAULT_EXTRACT_OPTIONS, extractBytes, formatOfPath, type ExtractOptions } from '../extract/index.js';
import { DocumentSchema, type Block, type Document, type Format } from '../extract/model.js';
import { documentToExtraction, sha256, sourceOf, type Extraction } from '../pipeline.js';
import { searchTextByPage } from '../store/search-text.js';
import type { FileResult, PageText, ReadDocument } from '../store/write.js';
import { qualityWarnings } from './quality.js';
import { vocabularyWith, type VocabularyAdditions } from '../vocabulary/index.js';

function blockText(block: Block): string {
  return block.kind === 'paragraph' ? block.text : block.rows.map((row) => row.map((c) => c.text).join('\t')).join('\n');
}

function textByPage(document: Document): Map<number | null, string> {
  const pages = new Map<number | null, string[]>();
  for (const block of document.blocks) {
    const texts = pages.get(block.page);
    if (texts) texts.push(blockText(block));
    else pages.set(block.page, [blockText(block)]);
  }
  return new Map([...pages].map(([page, texts]) => [page, texts.join('\n')]));
}

/**
 * The document's text page by page (one entry for formats without pages), as printed and, where
 * that differs, as parsed in Simplified Chinese (the two documents have the same blocks).
 */
export function pageTexts(original: Document, simplified: Document): PageText[] {
  const simple = textByPage(simplified);
  const search = searchTextByPage(simplified);
  return [...textByPage(original)].map(([page, text]) => {
    const other = simple.get(page) ?? text;
    return { page, text, simplified: other === text ? null : other, search: search.get(page) ?? '' };
  });
}

function toReadDocument(extraction: Extraction): ReadDocument {
  const { document, simplified, record, tables, checks, sections } = extraction;
  return {
    ok: true,
    pages: document.pages,
    record,
    tables,
    checks,
    sections,
    text: pageTexts(document, simplified),
    modelGzip: gzipSync(JSON.stringify(document)),
    readingWarnings: [...(document.warnings ?? []), ...qualityWarnings(document)],
  };
}

export async function readForStore(file: string, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<FileResult> {
  let source: Awaited<ReturnType<typeof readSource>>;
  try {
    source = await readSource(file, options.limits);
  } catch (error) {
    return { path: file, sha256: '', sizeBytes: 0, format: formatOfPath(file), outcome: { ok: false, error: errorReason(error) } };
  }
  return readBytesForStore(file, source.bytes, source.format, options);
}

/**
 * Bytes already in hand (a crawled response) → the same result as a file: `name` is what the store
 * records as its path, `format` what the caller found the bytes to be (null: not a supported format).
 */
export async function readBytesForStore(
  name: string,
  bytes: Uint8Array,
  format: Format | null,
  options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS,
): Promise<FileResult> {
  const base = { path: name, sha256: sha256(bytes), sizeBytes: bytes.length, format };
  try {
    const document = await extractBytes(bytes, format ?? claimedFormat(name, bytes), options);
    return {
      ...base,
      format: document.format,
      outcome: toReadDocument(documentToExtraction(document, sourceOf(name, base.sha256, document), vocabularyWith(options.vocabulary))),
    };
  } catch (error) {
    return { ...base, outcome: { ok: false, error: plainReason(errorReason(error), format) } };
  }
}

/** The document a stored model holds (document_content.model_json_gzip), as extraction gave it. */
export function storedModelDocument(modelGzip: Uint8Array): Document {
  return DocumentSchema.parse(JSON.parse(gunzipSync(modelGzip).toString('utf8')));
}

/** Re-read a stored document model with the current parser, when its file is gone. */
export function rereadStoredModel(modelGzip: Uint8Array, source: FileResult, vocabulary?: VocabularyAdditions): FileResult {
  try {
    const document = storedModelDocument(modelGzip);
    const extraction = documentToExtraction(document, sourceOf(source.path, source.sha256, document), vocabularyWith(vocabulary));
    return { ...source, outcome: toReadDocument(extraction) };
  } catch (error) {
    return { ...source, outcome: { ok: false, error: plainReason(errorReason(error), source.format) } };
  }
}
