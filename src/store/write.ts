/**
 * Writing one document: its row, and for a readable one its report, tables, budget lines,
 * indicators and text, all in one transaction, so a crash or an error leaves nothing partial.
 */
import type { Check } from '../check/index.js';
import { errorKind } from '../extract/errors.js';
import type { Format } from '../extract/model.js';
import type { BudgetLine, Indicator, ReportRecord, Value } from '../normalize/schema.js';
import { tableToGrid } from '../parse/grid.js';
import type { Section, TableSummary } from '../parse/schema.js';
import type { Store } from './db.js';
import { LINK_SQL, linkedDepartmentsWrite, linkReportWrite, unlinkLeftoversWrite } from './identity.js';
import { CRAWL_SQL } from './crawl-sql.js';
import { STORED_MODEL_SQL } from './stored-model.js';
import { sectionSearchText } from './search-text.js';
import { get, insert, run, runStepsOnSqlite, type Write } from './steps.js';

export type { Write, WriteStep } from './steps.js';

export interface PageText {
  page: number | null;
  text: string;
  /** The text in Simplified Chinese, where it differs from `text`. */
  simplified: string | null;
  /** What search reads: the Simplified text with each cell on one line, NFKC-folded (search-text.ts). */
  search: string;
}

export interface ReadDocument {
  ok: true;
  pages: number | null;
  record: ReportRecord;
  tables: TableSummary[];
  checks: Check[];
  sections: Section[];
  text: PageText[];
  modelGzip: Uint8Array;
  /** What the reader left out and why (an image OCR could not decode): shown by extract, stored in reading_warnings. */
  readingWarnings: string[];
}

export interface UnreadDocument {
  ok: false;
  error: string;
}

/** Where a crawled document came from (`jixiao crawl`); local files have none. */
export interface WebProvenance {
  url: string;
  finalUrl: string;
  referrerUrl: string | null;
  linkText: string | null;
  fetchedAt: string;
  httpStatus: number;
  contentType: string | null;
  /** YYYY-MM-DD, as shown on the page or beside its link. */
  publishedAt: string | null;
  /** The file's real name (Content-Disposition, an archive member's name), when the URL does not show it. */
  fileName?: string | null;
}

/** One file as a worker hands it over for storing. */
export interface FileResult {
  /** A file's path; for a crawled document its URL, so a changed content at a known URL is its next version. */
  path: string;
  sha256: string;
  sizeBytes: number;
  format: Format | null;
  outcome: ReadDocument | UnreadDocument;
  web?: WebProvenance;
}

/**
 * What storing did: a new document; a new reading of a document whose last reading failed (`retried`);
 * or nothing, as the bytes are stored and read (a file at another path is recorded as a copy).
 */
export type StoreOutcome = { stored: true; documentId: number; retried: boolean } | { stored: false; existingId: number; copyOf: string | null };

/** A stored content as a batch sees it before reading a file: whether to skip it, retry it or note a copy. */
export interface StoredContent {
  id: number;
  path: string;
  status: 'ok' | 'failed';
}

/**
 * Every statement of a write, as SQLite text: the PostgreSQL store translates the same texts
 * (dialect.ts), so both stores write with one set of statements.
 */
export const WRITE_SQL = {
  bySha: 'SELECT id, path, status FROM documents WHERE sha256 = ?',
  pathOf: 'SELECT path FROM documents WHERE id = ?',
  copy: 'INSERT OR IGNORE INTO file_copies (document_id, path, found_at) VALUES (?, ?, ?)',
  lastVersion: 'SELECT max(version) AS version FROM documents WHERE path = ?',
  retire: 'UPDATE documents SET is_current = 0 WHERE path = ? AND is_current = 1',
  document: `INSERT INTO documents (path, file_name, sha256, size_bytes, format, pages, status, error, error_kind, version, is_current, extractor_version, ingested_at)
     VALUES (@path, @file_name, @sha256, @size_bytes, @format, @pages, @status, @error, @error_kind, @version, 1, @extractor_version, @ingested_at)`,
  setStatus:
    'UPDATE documents SET status = @status, error = @error, error_kind = @error_kind, pages = @pages, extractor_version = @extractor_version WHERE id = @id',
  readingWarning: 'INSERT INTO reading_warnings (document_id, page, message) VALUES (?, ?, ?)',
  clearReadingWarnings: 'DELETE FROM reading_warnings WHERE document_id = ?',
  setOcr: 'UPDATE documents SET ocr = ? WHERE id = ?',
  content: 'INSERT OR REPLACE INTO document_content (document_id, model_json_gzip) VALUES (?, ?)',
  report: `INSERT INTO reports (document_id, title, department, region, year, kind, project, self_score, grade)
     VALUES (@document_id, @title, @department, @region, @year, @kind, @project, @self_score, @grade)`,
  table: `INSERT INTO source_tables (document_id, table_no, kind, page, label, project, row_count, column_count)
     VALUES (@document_id, @table_no, @kind, @page, @label, @project, @row_count, @column_count)`,
  cell: `INSERT INTO source_cells (table_id, row_no, column_no, row_span, column_span, page, text, confidence, ref)
     VALUES (@table_id, @row_no, @column_no, @row_span, @column_span, @page, @text, @confidence, @ref)`,
  budgetLine: `INSERT INTO budget_lines (report_id, line_no, table_id, page, project, name, initial_budget, adjustment, final_budget, spent, execution_rate, weight, score, confidence, cells)
     VALUES (@report_id, @line_no, @table_id, @page, @project, @name, @initial_budget, @adjustment, @final_budget, @spent, @execution_rate, @weight, @score, @confidence, @cells)`,
  indicator: `INSERT INTO indicators (report_id, line_no, table_id, page, project, subproject, level1, category, name,
       target_raw, target_op, target_value, target_low, target_high, target_unit, target_text,
       actual_raw, actual_op, actual_value, actual_low, actual_high, actual_unit, actual_text, weight, score, deviation, met, confidence, cells)
     VALUES (@report_id, @line_no, @table_id, @page, @project, @subproject, @level1, @category, @name,
       @target_raw, @target_op, @target_value, @target_low, @target_high, @target_unit, @target_text,
       @actual_raw, @actual_op, @actual_value, @actual_low, @actual_high, @actual_unit, @actual_text, @weight, @score, @deviation, @met, @confidence, @cells)`,
  provenance: `UPDATE documents SET url = @url, final_url = @finalUrl, referrer_url = @referrerUrl, link_text = @linkText,
       fetched_at = @fetchedAt, http_status = @httpStatus, content_type = @contentType, published_at = @publishedAt
     WHERE id = @id`,
  check: `INSERT INTO checks (report_id, "check", subject, project, stated, computed, detail, page)
     VALUES (@report_id, @check, @subject, @project, @stated, @computed, @detail, @page)`,
  section: `INSERT INTO sections (report_id, section_no, level, heading, path, tag, page, text, search_text)
     VALUES (@report_id, @section_no, @level, @heading, @path, @tag, @page, @text, @search_text)`,
  text: 'INSERT INTO document_text (document_id, page, text, text_simplified, search_text) VALUES (?, ?, ?, ?, ?)',
  warning: `INSERT INTO table_warnings (document_id, table_no, page, header, message) VALUES (@document_id, @table_no, @page, @header, @message)`,
  clearWarnings: 'DELETE FROM table_warnings WHERE document_id = ?',
  clearReport: 'DELETE FROM reports WHERE document_id = ?',
  clearTables: 'DELETE FROM source_tables WHERE document_id = ?',
  clearText: 'DELETE FROM document_text WHERE document_id = ?',
  ...LINK_SQL,
  ...CRAWL_SQL,
  ...STORED_MODEL_SQL,
};

/** Run a write on SQLite, in one (IMMEDIATE) transaction. */
export function runWrite<T>(db: Store, write: () => Write<T>): T {
  return db.transaction(() => runStepsOnSqlite(db, WRITE_SQL, write()))();
}

function valueColumns(prefix: 'target' | 'actual', value: Value | null): Record<string, string | number | null> {
  const columns = { raw: null, op: null, value: null, low: null, high: null, unit: null, text: null } as Record<string, string | number | null>;
  if (value) {
    columns.raw = value.raw;
    columns.op = value.op;
    if (value.op === 'text') columns.text = value.text;
    else if (value.op === 'between') Object.assign(columns, { low: value.low, high: value.high, unit: value.unit });
    else Object.assign(columns, { value: value.value, unit: value.unit });
  }
  return Object.fromEntries(Object.entries(columns).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/** A record's `cells` as stored: the JSON object as `extract --json` prints it, null when no value was located. */
const cellsColumn = (cells: BudgetLine['cells'] | Indicator['cells']): string | null => (Object.keys(cells).length ? JSON.stringify(cells) : null);

function* writeContent(documentId: number, doc: ReadDocument): Write<void> {
  yield* run('content', documentId, doc.modelGzip);
  yield* run('setOcr', doc.record.source.ocr ? 1 : 0, documentId);
  const reportId = yield* insert('report', { document_id: documentId, ...doc.record.report });
  const tableIds: number[] = [];
  for (const t of doc.tables) {
    const tableId = yield* insert('table', {
      document_id: documentId,
      table_no: t.index,
      kind: t.kind,
      page: t.page,
      label: t.label,
      project: t.project,
      row_count: t.rows,
      column_count: t.columns,
    });
    // Column numbers as the grid counts them: a cell merged from above pushes later cells right.
    const grid = tableToGrid(t.table);
    for (const [row, slots] of grid.slots.entries()) {
      for (const [column, slot] of slots.entries()) {
        if (slot && slot.row === row && slot.col === column) {
          const { rowSpan, colSpan, page, text, confidence, at } = slot.cell;
          yield* run('cell', {
            table_id: tableId,
            row_no: row,
            column_no: column,
            row_span: rowSpan,
            column_span: colSpan,
            page,
            text,
            confidence: confidence ?? null,
            ref: at && 'ref' in at ? at.ref : null,
          });
        }
      }
    }
    tableIds.push(tableId);
  }
  for (const [lineNo, line] of doc.record.budget_lines.entries()) {
    const { table, cells, ...fields } = line as BudgetLine;
    yield* run('budgetLine', {
      ...fields,
      confidence: fields.confidence ?? null,
      cells: cellsColumn(cells),
      report_id: reportId,
      line_no: lineNo,
      table_id: tableIds[table] ?? null,
    });
  }
  for (const [lineNo, indicator] of doc.record.indicators.entries()) {
    const { table, target, actual, met, cells, ...fields } = indicator as Indicator;
    yield* run('indicator', {
      ...fields,
      cells: cellsColumn(cells),
      ...valueColumns('target', target),
      ...valueColumns('actual', actual),
      met: met === null ? null : Number(met),
      confidence: fields.confidence ?? null,
      report_id: reportId,
      line_no: lineNo,
      table_id: tableIds[table] ?? null,
    });
  }
  for (const check of doc.checks) yield* run('check', { ...check, report_id: reportId });
  for (const [sectionNo, section] of doc.sections.entries())
    yield* run('section', { ...section, report_id: reportId, section_no: sectionNo, search_text: sectionSearchText(section.text) });
  for (const page of doc.text) yield* run('text', documentId, page.page, page.text, page.simplified, page.search);
  for (const { table, ...warning } of doc.record.warnings) yield* run('warning', { ...warning, document_id: documentId, table_no: table });
  for (const message of doc.readingWarnings) yield* run('readingWarning', documentId, warningPage(message), message);
  yield* linkReportWrite(reportId);
}

/** The page a reading warning names ("page 3: …"), if it names one. */
const warningPage = (message: string): number | null => {
  const page = /^page (\d+)\b/i.exec(message);
  return page ? Number(page[1]) : null;
};

/** The status columns an outcome sets. */
const statusColumns = (outcome: ReadDocument | UnreadDocument) => ({
  pages: outcome.ok ? outcome.pages : null,
  status: outcome.ok ? 'ok' : 'failed',
  error: outcome.ok ? null : outcome.error,
  error_kind: outcome.ok ? null : errorKind(outcome.error),
});

/** The last segment of a path, or of a URL's path (decoded; the host for a site's front page). */
function fileName(file: FileResult): string {
  if (!file.web) return file.path.split(/[\\/]/).pop() ?? file.path;
  if (file.web.fileName) return file.web.fileName;
  const url = new URL(file.web.url);
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last) || url.host;
  } catch {
    return last;
  }
}

/** The stored document with these bytes, if any. */
export function* storedContentWrite(sha256: string): Write<StoredContent | null> {
  return (yield* get<StoredContent>('bySha', sha256)) ?? null;
}

export function storedContent(db: Store, sha256: string): StoredContent | null {
  return runWrite(db, () => storedContentWrite(sha256));
}

/** Note that the bytes of a stored document were also found at `path` (nothing when it is the document's own path). */
export function* recordCopyWrite(documentId: number, path: string, now: Date): Write<void> {
  const stored = yield* get<{ path: string }>('pathOf', documentId);
  if (stored && stored.path !== path) yield* run('copy', documentId, path, now.toISOString());
}

export function recordCopy(db: Store, documentId: number, path: string, now = new Date()): void {
  runWrite(db, () => recordCopyWrite(documentId, path, now));
}

/**
 * Store a file's result unless its bytes are already stored and were read: bytes whose last reading
 * failed get this reading instead (a retry), bytes read before found at another path are a copy. A
 * new content at a known path becomes that path's next version and the current one.
 */
export function* storeFileWrite(file: FileResult, extractorVersion: string, now: Date): Write<StoreOutcome> {
  const existing = yield* get<StoredContent>('bySha', file.sha256);
  if (existing?.status === 'failed') {
    yield* replaceContentWrite(existing.id, file.outcome, extractorVersion);
    if (file.web) yield* run('provenance', { ...file.web, id: existing.id });
    return { stored: true, documentId: existing.id, retried: true };
  }
  if (existing) {
    const copy = existing.path !== file.path;
    if (copy) yield* run('copy', existing.id, file.path, now.toISOString());
    return { stored: false, existingId: existing.id, copyOf: copy ? existing.path : null };
  }
  const version = ((yield* get<{ version: number | null }>('lastVersion', file.path))?.version ?? 0) + 1;
  yield* run('retire', file.path);
  const { outcome } = file;
  const documentId = yield* insert('document', {
    path: file.path,
    file_name: fileName(file),
    sha256: file.sha256,
    size_bytes: file.sizeBytes,
    format: file.format,
    ...statusColumns(outcome),
    version,
    extractor_version: extractorVersion,
    ingested_at: now.toISOString(),
  });
  if (file.web) yield* run('provenance', { ...file.web, id: documentId });
  if (outcome.ok) yield* writeContent(documentId, outcome);
  return { stored: true, documentId, retried: false };
}

/**
 * The advisory locks a transaction storing a file takes on PostgreSQL (postgres.ts): path before
 * content, always in this order, so two writers of one file take turns and never wait in a circle.
 */
export const documentLocks = (file: FileResult): string[] => [`path ${file.path}`, `sha256 ${file.sha256}`];

export function storeFile(db: Store, file: FileResult, extractorVersion: string, now = new Date()): StoreOutcome {
  return runWrite(db, () => storeFileWrite(file, extractorVersion, now));
}

/** Replace what a stored document says with a new reading of it (after a parser upgrade). */
export function* replaceContentWrite(documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string): Write<void> {
  const departments = yield* linkedDepartmentsWrite(documentId);
  for (const clear of ['clearReport', 'clearTables', 'clearText', 'clearWarnings', 'clearReadingWarnings'] as const) yield* run(clear, documentId);
  yield* run('setStatus', { id: documentId, ...statusColumns(outcome), extractor_version: extractorVersion });
  if (outcome.ok) yield* writeContent(documentId, outcome);
  yield* unlinkLeftoversWrite(departments);
}

export function replaceContent(db: Store, documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string): void {
  runWrite(db, () => replaceContentWrite(documentId, outcome, extractorVersion));
}
