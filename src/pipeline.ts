/** File → contract record: extract, simplify, parse, normalize, check. Each stage is a pure step. */
import { createHash } from 'node:crypto';
import { checkReport, CheckSchema, type Check } from './check/index.js';
import { DEFAULT_EXTRACT_OPTIONS, extractFile, type ExtractOptions } from './extract/index.js';
import type { Document } from './extract/model.js';
import { normalizeReport } from './normalize/index.js';
import { ReportRecordSchema, type ReportRecord } from './normalize/schema.js';
import { simplifyDocument } from './normalize/simplify.js';
import { parseDocument } from './parse/index.js';
import type { Section, TableSummary } from './parse/schema.js';
import { DEFAULT_VOCABULARY, vocabularyWith, type Vocabulary } from './vocabulary/index.js';

export interface Extraction {
  /** The document as the file holds it (Traditional text kept), for full-text storage. */
  document: Document;
  /** The same document in Simplified Chinese, as it was parsed. */
  simplified: Document;
  /** Every table after stitching, recognised or not. */
  tables: TableSummary[];
  record: ReportRecord;
  /** Where the report's own figures do not add up. */
  checks: Check[];
  /** The narrative split at its headings. */
  sections: Section[];
}

/** The record's source: where the document came from, and whether OCR read any of it. */
export function sourceOf(path: string, sha: string, document: Document): ReportRecord['source'] {
  return { path, sha256: sha, format: document.format, pages: document.pages, ...(document.ocr ? { ocr: true as const } : {}) };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Built once: a zod schema is an object graph that costs more to construct than to run. */
const ChecksSchema = CheckSchema.array();

/** Document → records; what every format shares once it is extracted. */
export function documentToExtraction(document: Document, source: ReportRecord['source'], vocabulary: Vocabulary = DEFAULT_VOCABULARY): Extraction {
  const simplified = simplifyDocument(document);
  const parsed = parseDocument(simplified, vocabulary);
  const record = ReportRecordSchema.parse(normalizeReport(parsed, source));
  const checks = ChecksSchema.parse(
    checkReport({ record, tableProjects: parsed.tables.map((t) => t.project), sectionLabels: parsed.indicatorRows.map((row) => row.level1), vocabulary }),
  );
  return { document, simplified, tables: parsed.tables, record, checks, sections: parsed.sections };
}

export async function extractReport(file: string, options: ExtractOptions = DEFAULT_EXTRACT_OPTIONS): Promise<Extraction> {
  const { bytes, document } = await extractFile(file, options);
  return documentToExtraction(document, sourceOf(file, sha256(bytes), document), vocabularyWith(options.vocabulary));
}
