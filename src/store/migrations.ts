/**
 * The database schema as an ordered list of migrations. `PRAGMA user_version` says how many have
 * run; opening a database runs the rest, each in its own transaction. Never edit a migration that
 * has shipped: add the next one. Every table and column is documented in `docs.ts`, and a test
 * checks the two agree. Views are not migrations: they live in `views.ts` and are recreated on every
 * opening (V1 still creates the first ones, as it shipped).
 */

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

CREATE VIEW current_reports AS
SELECT r.id AS report_id, d.id AS document_id, d.path, d.file_name, d.format, r.title, r.department, r.region,
       r.year, r.kind, r.project, r.self_score, r.grade
FROM reports r JOIN documents d ON d.id = r.document_id
WHERE d.is_current = 1;

CREATE VIEW indicator_results AS
SELECT cr.department, cr.region, cr.year, cr.kind, i.project, i.subproject, i.level1, i.category,
       i.name AS indicator, i.target_raw AS target, i.actual_raw AS actual, i.target_op, i.target_value,
       i.target_low, i.target_high, i.target_unit, i.actual_value, i.actual_unit, i.met, i.weight, i.score,
       i.deviation, cr.title AS report_title, cr.path, i.page, i.id AS indicator_id, cr.report_id
FROM indicators i JOIN current_reports cr ON cr.report_id = i.report_id;

CREATE VIEW missed_targets AS
SELECT * FROM indicator_results WHERE met = 0;

CREATE VIEW budget_execution AS
SELECT cr.department, cr.region, cr.year, cr.kind, b.project, b.name AS line, b.initial_budget, b.adjustment,
       b.final_budget, b.spent, b.execution_rate,
       CASE WHEN b.final_budget > 0 AND b.spent IS NOT NULL THEN round(100.0 * b.spent / b.final_budget, 2) END
         AS execution_rate_computed,
       CASE WHEN b.final_budget IS NOT NULL AND b.spent IS NOT NULL THEN b.final_budget - b.spent END AS unspent,
       b.line_no = (SELECT min(first.line_no) FROM budget_lines first
                    WHERE first.report_id = b.report_id AND first.table_id IS b.table_id
                      AND first.project IS b.project) AS is_block_total,
       cr.title AS report_title, cr.path, b.page, b.id AS budget_line_id, cr.report_id
FROM budget_lines b JOIN current_reports cr ON cr.report_id = b.report_id;

CREATE VIEW department_spending AS
SELECT department, region, year, count(DISTINCT report_id) AS reports, sum(final_budget) AS final_budget,
       sum(spent) AS spent,
       CASE WHEN sum(final_budget) > 0 THEN round(100.0 * sum(spent) / sum(final_budget), 2) END AS execution_rate,
       sum(final_budget) - sum(spent) AS unspent
FROM budget_execution
WHERE is_block_total AND project IS NULL
GROUP BY department, region, year;
`;

/** OCR: which documents were read from images, and how sure recognition was of each cell and row. */
const V_OCR = `
ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0, 1));
ALTER TABLE source_cells ADD COLUMN confidence REAL;
ALTER TABLE budget_lines ADD COLUMN confidence REAL;
ALTER TABLE indicators ADD COLUMN confidence REAL;
`;

export const MIGRATIONS: readonly string[] = [V1, V_OCR];
