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
import { linkReport } from './identity.js';
import { sectionSearchText } from './search-text.js';

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

function statements(db: Store) {
  return {
    db,
    bySha: db.prepare<[string], StoredContent>('SELECT id, path, status FROM documents WHERE sha256 = ?'),
    pathOf: db.prepare<[number], { path: string }>('SELECT path FROM documents WHERE id = ?'),
    copy: db.prepare('INSERT OR IGNORE INTO file_copies (document_id, path, found_at) VALUES (?, ?, ?)'),
    lastVersion: db.prepare<[string], { version: number | null }>('SELECT max(version) AS version FROM documents WHERE path = ?'),
    retire: db.prepare('UPDATE documents SET is_current = 0 WHERE path = ? AND is_current = 1'),
    document: db.prepare(
      `INSERT INTO documents (path, file_name, sha256, size_bytes, format, pages, status, error, error_kind, version, is_current, extractor_version, ingested_at)
       VALUES (@path, @file_name, @sha256, @size_bytes, @format, @pages, @status, @error, @error_kind, @version, 1, @extractor_version, @ingested_at)`,
    ),
    setStatus: db.prepare(
      'UPDATE documents SET status = @status, error = @error, error_kind = @error_kind, pages = @pages, extractor_version = @extractor_version WHERE id = @id',
    ),
    readingWarning: db.prepare('INSERT INTO reading_warnings (document_id, page, message) VALUES (?, ?, ?)'),
    clearReadingWarnings: db.prepare('DELETE FROM reading_warnings WHERE document_id = ?'),
    setOcr: db.prepare('UPDATE documents SET ocr = ? WHERE id = ?'),
    content: db.prepare('INSERT OR REPLACE INTO document_content (document_id, model_json_gzip) VALUES (?, ?)'),
    report: db.prepare(
      `INSERT INTO reports (document_id, title, department, region, year, kind, project, self_score, grade)
       VALUES (@document_id, @title, @department, @region, @year, @kind, @project, @self_score, @grade)`,
    ),
    table: db.prepare(
      `INSERT INTO source_tables (document_id, table_no, kind, page, label, project, row_count, column_count)
       VALUES (@document_id, @table_no, @kind, @page, @label, @project, @row_count, @column_count)`,
    ),
    cell: db.prepare(
      `INSERT INTO source_cells (table_id, row_no, column_no, row_span, column_span, page, text, confidence)
       VALUES (@table_id, @row_no, @column_no, @row_span, @column_span, @page, @text, @confidence)`,
    ),
    budgetLine: db.prepare(
      `INSERT INTO budget_lines (report_id, line_no, table_id, page, project, name, initial_budget, adjustment, final_budget, spent, execution_rate, weight, score, confidence, cells)
       VALUES (@report_id, @line_no, @table_id, @page, @project, @name, @initial_budget, @adjustment, @final_budget, @spent, @execution_rate, @weight, @score, @confidence, @cells)`,
    ),
    indicator: db.prepare(
      `INSERT INTO indicators (report_id, line_no, table_id, page, project, subproject, level1, category, name,
         target_raw, target_op, target_value, target_low, target_high, target_unit, target_text,
         actual_raw, actual_op, actual_value, actual_low, actual_high, actual_unit, actual_text, weight, score, deviation, met, confidence, cells)
       VALUES (@report_id, @line_no, @table_id, @page, @project, @subproject, @level1, @category, @name,
         @target_raw, @target_op, @target_value, @target_low, @target_high, @target_unit, @target_text,
         @actual_raw, @actual_op, @actual_value, @actual_low, @actual_high, @actual_unit, @actual_text, @weight, @score, @deviation, @met, @confidence, @cells)`,
    ),
    provenance: db.prepare(
      `UPDATE documents SET url = @url, final_url = @finalUrl, referrer_url = @referrerUrl, link_text = @linkText,
         fetched_at = @fetchedAt, http_status = @httpStatus, content_type = @contentType, published_at = @publishedAt
       WHERE id = @id`,
    ),
    check: db.prepare(
      `INSERT INTO checks (report_id, "check", subject, project, stated, computed, detail, page)
       VALUES (@report_id, @check, @subject, @project, @stated, @computed, @detail, @page)`,
    ),
    section: db.prepare(
      `INSERT INTO sections (report_id, section_no, level, heading, path, tag, page, text, search_text)
       VALUES (@report_id, @section_no, @level, @heading, @path, @tag, @page, @text, @search_text)`,
    ),
    text: db.prepare('INSERT INTO document_text (document_id, page, text, text_simplified, search_text) VALUES (?, ?, ?, ?, ?)'),
    warning: db.prepare(`INSERT INTO table_warnings (document_id, table_no, page, header, message) VALUES (@document_id, @table_no, @page, @header, @message)`),
    clearWarnings: db.prepare('DELETE FROM table_warnings WHERE document_id = ?'),
    clearReport: db.prepare('DELETE FROM reports WHERE document_id = ?'),
    clearTables: db.prepare('DELETE FROM source_tables WHERE document_id = ?'),
    clearText: db.prepare('DELETE FROM document_text WHERE document_id = ?'),
  };
}

type Statements = ReturnType<typeof statements>;
const prepared = new WeakMap<Store, Statements>();

function statementsOf(db: Store): Statements {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = statements(db)));
  return s;
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

function writeContent(s: Statements, documentId: number, doc: ReadDocument): void {
  s.content.run(documentId, doc.modelGzip);
  s.setOcr.run(doc.record.source.ocr ? 1 : 0, documentId);
  const reportId = Number(s.report.run({ document_id: documentId, ...doc.record.report }).lastInsertRowid);
  const tableIds = doc.tables.map((t) => {
    const tableId = Number(
      s.table.run({
        document_id: documentId,
        table_no: t.index,
        kind: t.kind,
        page: t.page,
        label: t.label,
        project: t.project,
        row_count: t.rows,
        column_count: t.columns,
      }).lastInsertRowid,
    );
    // Column numbers as the grid counts them: a cell merged from above pushes later cells right.
    const grid = tableToGrid(t.table);
    grid.slots.forEach((slots, row) =>
      slots.forEach((slot, column) => {
        if (slot && slot.row === row && slot.col === column) {
          const { rowSpan, colSpan, page, text, confidence } = slot.cell;
          s.cell.run({
            table_id: tableId,
            row_no: row,
            column_no: column,
            row_span: rowSpan,
            column_span: colSpan,
            page,
            text,
            confidence: confidence ?? null,
          });
        }
      }),
    );
    return tableId;
  });
  doc.record.budget_lines.forEach((line: BudgetLine, lineNo) => {
    const { table, cells, ...fields } = line;
    s.budgetLine.run({
      ...fields,
      confidence: fields.confidence ?? null,
      cells: cellsColumn(cells),
      report_id: reportId,
      line_no: lineNo,
      table_id: tableIds[table] ?? null,
    });
  });
  doc.record.indicators.forEach((indicator: Indicator, lineNo) => {
    const { table, target, actual, met, cells, ...fields } = indicator;
    s.indicator.run({
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
  });
  for (const check of doc.checks) s.check.run({ ...check, report_id: reportId });
  doc.sections.forEach((section, sectionNo) =>
    s.section.run({ ...section, report_id: reportId, section_no: sectionNo, search_text: sectionSearchText(section.text) }),
  );
  for (const page of doc.text) s.text.run(documentId, page.page, page.text, page.simplified, page.search);
  for (const { table, ...warning } of doc.record.warnings) s.warning.run({ ...warning, document_id: documentId, table_no: table });
  for (const message of doc.readingWarnings) s.readingWarning.run(documentId, warningPage(message), message);
  linkReport(s.db, reportId);
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
export function storedContent(db: Store, sha256: string): StoredContent | null {
  return statementsOf(db).bySha.get(sha256) ?? null;
}

/** Note that the bytes of a stored document were also found at `path` (nothing when it is the document's own path). */
export function recordCopy(db: Store, documentId: number, path: string, now = new Date()): void {
  const s = statementsOf(db);
  db.transaction(() => {
    const stored = s.pathOf.get(documentId);
    if (stored && stored.path !== path) s.copy.run(documentId, path, now.toISOString());
  })();
}

/**
 * Store a file's result unless its bytes are already stored and were read: bytes whose last reading
 * failed get this reading instead (a retry), bytes read before found at another path are a copy. A
 * new content at a known path becomes that path's next version and the current one.
 */
export function storeFile(db: Store, file: FileResult, extractorVersion: string, now = new Date()): StoreOutcome {
  const s = statementsOf(db);
  return db.transaction((): StoreOutcome => {
    const existing = s.bySha.get(file.sha256);
    if (existing?.status === 'failed') {
      replaceContent(db, existing.id, file.outcome, extractorVersion);
      if (file.web) s.provenance.run({ ...file.web, id: existing.id });
      return { stored: true, documentId: existing.id, retried: true };
    }
    if (existing) {
      const copy = existing.path !== file.path;
      if (copy) s.copy.run(existing.id, file.path, now.toISOString());
      return { stored: false, existingId: existing.id, copyOf: copy ? existing.path : null };
    }
    const version = (s.lastVersion.get(file.path)?.version ?? 0) + 1;
    s.retire.run(file.path);
    const { outcome } = file;
    const documentId = Number(
      s.document.run({
        path: file.path,
        file_name: fileName(file),
        sha256: file.sha256,
        size_bytes: file.sizeBytes,
        format: file.format,
        ...statusColumns(outcome),
        version,
        extractor_version: extractorVersion,
        ingested_at: now.toISOString(),
      }).lastInsertRowid,
    );
    if (file.web) s.provenance.run({ ...file.web, id: documentId });
    if (outcome.ok) writeContent(s, documentId, outcome);
    return { stored: true, documentId, retried: false };
  })();
}

/** Replace what a stored document says with a new reading of it (after a parser upgrade). */
export function replaceContent(db: Store, documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string): void {
  const s = statementsOf(db);
  db.transaction(() => {
    s.clearReport.run(documentId);
    s.clearTables.run(documentId);
    s.clearText.run(documentId);
    s.clearWarnings.run(documentId);
    s.clearReadingWarnings.run(documentId);
    s.setStatus.run({ id: documentId, ...statusColumns(outcome), extractor_version: extractorVersion });
    if (outcome.ok) writeContent(s, documentId, outcome);
  })();
}
