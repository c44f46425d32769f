/**
 * The database schema as an ordered list of migrations. `PRAGMA user_version` says how many have
 * run; opening a database runs the rest in one transaction. Never edit a migration that
 * has shipped: add the next one. Every table and column is documented in `docs.ts`, and a test
 * checks the two agree. Views are not migrations: they live in `views.ts` and are recreated on every
 * opening (the views V1 once created are dropped and recreated like the rest, so V1 no longer repeats them).
 *
 * A migration is SQL, or a step that needs more than SQL (editing the stored schema).
 */
import type Database from 'better-sqlite3';
import { foldForSearch, sectionSearchText } from './search-text.js';
import { errorKind } from '../extract/errors.js';
import { linkReport } from './identity.js';

export type Migration = string | ((db: Database.Database) => void);

const V1 = `
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  size_bytes INTEGER NOT NULL,
  format TEXT,
  pages INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  error TEXT,
  version INTEGER NOT NULL,
  is_current INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  extractor_version TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_by_path ON documents (path, version);
CREATE INDEX documents_by_status ON documents (status);

CREATE TABLE document_content (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  model_json_gzip BLOB NOT NULL
);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
  title TEXT,
  department TEXT,
  region TEXT,
  year INTEGER,
  kind TEXT NOT NULL CHECK (kind IN ('department_overall', 'project', 'final_accounts', 'unknown')),
  project TEXT,
  self_score REAL,
  grade TEXT CHECK (grade IN ('优', '良', '中', '差'))
);
CREATE INDEX reports_by_department ON reports (department, year);
CREATE INDEX reports_by_year ON reports (year, kind);
CREATE INDEX reports_by_region ON reports (region, year);

CREATE TABLE source_tables (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_no INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('budget', 'indicators', 'form', 'other')),
  page INTEGER,
  label TEXT,
  project TEXT,
  row_count INTEGER NOT NULL,
  column_count INTEGER NOT NULL,
  UNIQUE (document_id, table_no)
);

CREATE TABLE source_cells (
  table_id INTEGER NOT NULL REFERENCES source_tables (id) ON DELETE CASCADE,
  row_no INTEGER NOT NULL,
  column_no INTEGER NOT NULL,
  row_span INTEGER NOT NULL,
  column_span INTEGER NOT NULL,
  page INTEGER,
  text TEXT NOT NULL,
  PRIMARY KEY (table_id, row_no, column_no)
) WITHOUT ROWID;

CREATE TABLE budget_lines (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  table_id INTEGER REFERENCES source_tables (id) ON DELETE CASCADE,
  page INTEGER,
  project TEXT,
  name TEXT NOT NULL,
  initial_budget REAL,
  adjustment REAL,
  final_budget REAL,
  spent REAL,
  execution_rate REAL,
  weight REAL,
  score REAL
);
CREATE INDEX budget_lines_by_report ON budget_lines (report_id, line_no);

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  table_id INTEGER REFERENCES source_tables (id) ON DELETE CASCADE,
  page INTEGER,
  project TEXT,
  subproject TEXT,
  level1 TEXT,
  category TEXT,
  name TEXT,
  target_raw TEXT,
  target_op TEXT,
  target_value REAL,
  target_low REAL,
  target_high REAL,
  target_unit TEXT,
  target_text TEXT,
  actual_raw TEXT,
  actual_op TEXT,
  actual_value REAL,
  actual_low REAL,
  actual_high REAL,
  actual_unit TEXT,
  actual_text TEXT,
  weight REAL,
  score REAL,
  deviation TEXT,
  met INTEGER CHECK (met IN (0, 1))
);
CREATE INDEX indicators_by_report ON indicators (report_id, line_no);
CREATE INDEX indicators_by_met ON indicators (met);

CREATE VIRTUAL TABLE document_text USING fts5 (
  document_id UNINDEXED,
  page UNINDEXED,
  text,
  text_simplified,
  tokenize = 'trigram'
);
`;

/**
 * `jixiao crawl`: where a document came from on the web, the crawl's queue (kept in the database so a
 * killed crawl resumes), what each URL answered last time (for conditional requests), and each run.
 */
const V_CRAWL = `
ALTER TABLE documents ADD COLUMN url TEXT;
ALTER TABLE documents ADD COLUMN final_url TEXT;
ALTER TABLE documents ADD COLUMN referrer_url TEXT;
ALTER TABLE documents ADD COLUMN link_text TEXT;
ALTER TABLE documents ADD COLUMN fetched_at TEXT;
ALTER TABLE documents ADD COLUMN http_status INTEGER;
ALTER TABLE documents ADD COLUMN content_type TEXT;
ALTER TABLE documents ADD COLUMN published_at TEXT;
CREATE INDEX documents_by_url ON documents (url, version);

CREATE TABLE crawl_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  plan_json TEXT NOT NULL,
  new INTEGER,
  changed INTEGER,
  unchanged INTEGER,
  failed INTEGER,
  summary_json TEXT
);

CREATE TABLE crawl_queue (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
  site TEXT NOT NULL,
  host TEXT NOT NULL,
  url TEXT NOT NULL,
  referrer_url TEXT,
  link_text TEXT,
  published_at TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'skipped')),
  outcome TEXT CHECK (outcome IN ('new', 'changed', 'unchanged', 'page')),
  reason TEXT,
  document_id INTEGER REFERENCES documents (id),
  UNIQUE (run_id, url)
);
CREATE INDEX crawl_queue_pending ON crawl_queue (run_id, host, state, id);

CREATE TABLE crawl_validators (
  url TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  sha256 TEXT NOT NULL,
  final_url TEXT,
  fetched_at TEXT NOT NULL,
  published_at TEXT,
  links_json TEXT
);
`;

/** Consistency checks: where a report's own figures do not add up (src/check). */
const V_CHECKS = `
CREATE TABLE checks (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  "check" TEXT NOT NULL,
  subject TEXT NOT NULL,
  project TEXT,
  stated REAL,
  computed REAL,
  detail TEXT NOT NULL,
  page INTEGER
);
CREATE INDEX checks_by_report ON checks (report_id);
CREATE INDEX checks_by_check ON checks ("check");
`;

/**
 * Sections of the narrative (src/parse/sections.ts), with a trigram full-text index that triggers keep
 * in step, so a report's sections go with it when it is deleted or re-read.
 */
const V_SECTIONS = `
CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
  section_no INTEGER NOT NULL,
  level INTEGER NOT NULL,
  heading TEXT NOT NULL,
  path TEXT NOT NULL,
  tag TEXT,
  page INTEGER,
  text TEXT NOT NULL
);
CREATE INDEX sections_by_report ON sections (report_id, section_no);
CREATE INDEX sections_by_tag ON sections (tag);

CREATE VIRTUAL TABLE section_text USING fts5 (heading, text, content = 'sections', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER sections_indexed AFTER INSERT ON sections BEGIN
  INSERT INTO section_text (rowid, heading, text) VALUES (new.id, new.heading, new.text);
END;
CREATE TRIGGER sections_unindexed AFTER DELETE ON sections BEGIN
  INSERT INTO section_text (section_text, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
END;
`;

/**
 * Widens a CHECK constraint by editing the table's stored CREATE statement, as SQLite documents for
 * a change that leaves every stored row valid ("Making Other Kinds Of Table Schema Changes"). A
 * rebuild would not do here: with foreign keys on, dropping `reports` cascades to every budget line
 * and indicator, and a copy written against today's columns would lose any column a later
 * migration adds. Runs inside the migration's transaction; better-sqlite3's defensive mode forbids
 * writing the schema, so it is lifted for this step only.
 */
export function widenCheck(db: Database.Database, table: string, before: string, after: string): void {
  db.unsafeMode(true);
  try {
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.pragma('writable_schema = ON');
    const edited = db
      .prepare(`UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ? AND instr(sql, ?) > 0`)
      .run(before, after, table, before);
    if (edited.changes !== 1) throw new Error(`migration: ${table} has no constraint text ${before}`);
    // A new schema version makes every connection, this one included, read the edited statement.
    db.pragma(`schema_version = ${version + 1}`);
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
}

/** reports.kind accepts `budget`: a 部门预算 or 绩效目标表 declares targets before the year. */
const V_KIND_BUDGET: Migration = (db) => widenCheck(db, 'reports', "'final_accounts', 'unknown')", "'final_accounts', 'budget', 'unknown')");

/** Tables that look like indicator or budget tables but could not be read: what needs_review lists. */
const V_WARNINGS = `
CREATE TABLE table_warnings (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  table_no INTEGER NOT NULL,
  page INTEGER,
  header TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX table_warnings_by_document ON table_warnings (document_id);
`;

/** OCR: which documents were read from images, and how sure recognition was of each cell and row. */
const V_OCR = `
ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0, 1));
ALTER TABLE source_cells ADD COLUMN confidence REAL;
ALTER TABLE budget_lines ADD COLUMN confidence REAL;
ALTER TABLE indicators ADD COLUMN confidence REAL;
`;

/**
 * The crawl's morning report (new reports, failures grouped by reason, sites quiet for several runs)
 * kept with each run; a ZIP archive's queue row says `archive` (its members have rows of their own).
 */
const V_CRAWL_REPORT: Migration = (db) => {
  // failingSince() looks a URL up across runs.
  db.exec('ALTER TABLE crawl_runs ADD COLUMN report_json TEXT; CREATE INDEX crawl_queue_by_url ON crawl_queue (url, run_id);');
  widenCheck(db, 'crawl_queue', "'unchanged', 'page')", "'unchanged', 'page', 'archive')");
};

/**
 * SQL for a trigram index `<table>_fts` over `columns` of `table` (whose key is `id`), with external content
 * declared as sqlite-utils and Datasette detect it (`content="<table>"`), triggers that keep it in step, and
 * the rows already there indexed. Part of a shipped migration: change it only by adding a new one.
 */
function externalIndex(table: string, columns: string[]): string {
  const fts = `${table}_fts`;
  const list = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  const add = `INSERT INTO ${fts} (rowid, ${list}) VALUES (new.id, ${values('new')});`;
  const remove = `INSERT INTO ${fts} (${fts}, rowid, ${list}) VALUES ('delete', old.id, ${values('old')});`;
  return `
CREATE VIRTUAL TABLE ${fts} USING fts5 (${list}, content="${table}", content_rowid="id", tokenize="trigram");
CREATE TRIGGER ${table}_ai AFTER INSERT ON ${table} BEGIN ${add} END;
CREATE TRIGGER ${table}_ad AFTER DELETE ON ${table} BEGIN ${remove} END;
CREATE TRIGGER ${table}_au AFTER UPDATE ON ${table} BEGIN ${remove} ${add} END;
INSERT INTO ${fts} (${fts}) VALUES ('rebuild');
`;
}

/**
 * Search that finds what the records find. The page text moves out of its FTS table into a plain one
 * (an FTS column has no type, so ids and pages were stored as REAL), with a `search_text` column: the
 * text in the form search-text.ts gives it (cells on one line, NFKC-folded). Each table gets an
 * external-content trigram index named and declared the way sqlite-utils and Datasette detect one
 * (`<table>_fts`, `content="<table>"`), kept in step by triggers. Stored rows are folded here.
 */
const V_SEARCH: Migration = (db) => {
  db.exec(`
ALTER TABLE document_text RENAME TO document_text_v1;
CREATE TABLE document_text (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  page INTEGER,
  text TEXT NOT NULL,
  text_simplified TEXT,
  search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_text_by_document ON document_text (document_id, page);
ALTER TABLE sections ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
DROP TRIGGER sections_indexed;
DROP TRIGGER sections_unindexed;
DROP TABLE section_text;
`);
  const pages = db.prepare<[], { document_id: number; page: number | null; text: string; text_simplified: string | null }>(
    'SELECT document_id, page, text, text_simplified FROM document_text_v1 ORDER BY rowid',
  );
  const insertPage = db.prepare('INSERT INTO document_text (document_id, page, text, text_simplified, search_text) VALUES (?, ?, ?, ?, ?)');
  // INTEGER columns turn the REAL ids and pages back into integers.
  for (const row of pages.all()) insertPage.run(row.document_id, row.page, row.text, row.text_simplified, foldForSearch(row.text_simplified ?? row.text));
  const setSectionText = db.prepare('UPDATE sections SET search_text = ? WHERE id = ?');
  for (const row of db.prepare<[], { id: number; text: string }>('SELECT id, text FROM sections').all())
    setSectionText.run(sectionSearchText(row.text), row.id);
  db.exec(`DROP TABLE document_text_v1;`);
  db.exec(externalIndex('document_text', ['search_text']));
  db.exec(externalIndex('sections', ['heading', 'search_text']));
};

/**
 * Re-runs: why each failed document failed, as one word to group by (src/extract/errors.ts has the
 * kinds), filled in for the failures already stored; every other path the same bytes were found at;
 * and what a reading left out although the document was read (page images that cannot be decoded,
 * characters that cannot be decoded), which needs_review lists.
 */
const V_RERUNS: Migration = (db) => {
  db.exec(`
ALTER TABLE documents ADD COLUMN error_kind TEXT;
CREATE INDEX documents_by_error_kind ON documents (error_kind) WHERE error_kind IS NOT NULL;
CREATE TABLE file_copies (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  found_at TEXT NOT NULL,
  UNIQUE (document_id, path)
);
CREATE TABLE reading_warnings (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  page INTEGER,
  message TEXT NOT NULL
);
CREATE INDEX reading_warnings_by_document ON reading_warnings (document_id);
`);
  const failed = db.prepare(`SELECT id, error FROM documents WHERE status = 'failed'`).all() as { id: number; error: string | null }[];
  const setKind = db.prepare('UPDATE documents SET error_kind = ? WHERE id = ?');
  for (const { id, error } of failed) setKind.run(errorKind(error ?? ''), id);
};

/** Why each failed crawl URL failed, as one word (the kinds of documents.error_kind), filled in for the failures already queued. */
const V_CRAWL_ERROR_KIND: Migration = (db) => {
  db.exec(`ALTER TABLE crawl_queue ADD COLUMN error_kind TEXT;`);
  const failed = db.prepare(`SELECT id, reason FROM crawl_queue WHERE state = 'failed'`).all() as { id: number; reason: string | null }[];
  const setKind = db.prepare('UPDATE crawl_queue SET error_kind = ? WHERE id = ?');
  for (const { id, reason } of failed) setKind.run(errorKind(reason ?? ''), id);
};

/**
 * The researchers' panel (issue 24): regions as GB/T 2260 codes, each report's region code and
 * province (with a note when the region is ambiguous or decided by another text), one row per issuing
 * body across years with every spelling it was seen under and why they were joined, and the keys on
 * which an indicator is followed across years. Filled for the reports already stored; the regions
 * table is filled with the first report linked, so an empty database stays small.
 */
const V_PANEL: Migration = (db) => {
  db.exec(`
CREATE TABLE regions (
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county')),
  parent TEXT,
  province TEXT,
  valid_from INTEGER,
  valid_to INTEGER,
  PRIMARY KEY (code, name)
) WITHOUT ROWID;
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  core_name TEXT NOT NULL,
  region_code TEXT,
  province TEXT,
  name_year INTEGER
);
CREATE INDEX departments_by_region ON departments (region_code);
CREATE TABLE department_aliases (
  id INTEGER PRIMARY KEY,
  department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  reason TEXT NOT NULL,
  first_year INTEGER,
  last_year INTEGER,
  UNIQUE (department_id, alias)
);
ALTER TABLE reports ADD COLUMN region_code TEXT;
ALTER TABLE reports ADD COLUMN province TEXT;
ALTER TABLE reports ADD COLUMN region_note TEXT;
ALTER TABLE reports ADD COLUMN department_id INTEGER REFERENCES departments (id);
CREATE INDEX reports_by_region_code ON reports (region_code, year);
CREATE INDEX reports_by_department_id ON reports (department_id, year);
ALTER TABLE indicators ADD COLUMN name_key TEXT;
ALTER TABLE indicators ADD COLUMN project_key TEXT;
`);
  for (const { id } of db.prepare<[], { id: number }>('SELECT id FROM reports ORDER BY id').all()) linkReport(db, id);
};

/**
 * Where each value was read: the record's `cells` as JSON (page and box, sheet and ref, or table,
 * row and column per value field), so a number can be opened on its source. Rows stored before have
 * none until they are read again.
 */
const V_CELLS: Migration = (db) => {
  db.exec(`
ALTER TABLE budget_lines ADD COLUMN cells TEXT;
ALTER TABLE indicators ADD COLUMN cells TEXT;
ALTER TABLE source_cells ADD COLUMN ref TEXT;
`);
};

/**
 * The shared store (PostgreSQL, docs/postgresql.md): a path's versions are unique, as several writers
 * may store at once and the database, not one process, must refuse a second version 2; and a record of
 * the migrations applied, the same in both stores (PRAGMA user_version stays SQLite's own count).
 */
const V_SHARED_STORE = `
DROP INDEX documents_by_path;
CREATE UNIQUE INDEX documents_by_path ON documents (path, version);
CREATE TABLE schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  applied_at TEXT NOT NULL
);
`;

/**
 * Several crawlers on one run (PostgreSQL, docs/postgresql.md): each URL claimed by one worker until its
 * claim runs out (a crashed worker's claims are taken over), the workers of each run with their last
 * sign of life, a lease per host so that every crawler keeps to the host's delay, and robots.txt as a
 * run read it, so it is fetched once per run whoever asks. Times are milliseconds since 1970 on the
 * database's clock.
 */
const V_CRAWL_WORKERS = `
ALTER TABLE crawl_queue ADD COLUMN claimed_by TEXT;
ALTER TABLE crawl_queue ADD COLUMN claimed_until INTEGER;
CREATE TABLE crawl_workers (
  worker TEXT NOT NULL PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
  host_name TEXT NOT NULL,
  pid INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  alive_until INTEGER NOT NULL
);
CREATE TABLE crawl_hosts (
  host TEXT NOT NULL PRIMARY KEY,
  holder TEXT,
  held_until INTEGER,
  free_at INTEGER NOT NULL
);
CREATE TABLE crawl_robots (
  run_id INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
  origin TEXT NOT NULL,
  answer_json TEXT NOT NULL,
  PRIMARY KEY (run_id, origin)
);
`;

export const MIGRATIONS: readonly Migration[] = [
  V1,
  V_CRAWL,
  V_CHECKS,
  V_SECTIONS,
  V_KIND_BUDGET,
  V_WARNINGS,
  V_OCR,
  V_CRAWL_REPORT,
  V_SEARCH,
  V_RERUNS,
  V_CRAWL_ERROR_KIND,
  V_CELLS,
  V_PANEL,
  V_SHARED_STORE,
  V_CRAWL_WORKERS,
];
