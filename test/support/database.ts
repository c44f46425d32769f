/** Database comparisons for tests: contents without ids, timestamps or row order accidents. */
import type { Store } from '../../src/store/db.js';

const COUNTED = [
  'documents',
  'reports',
  'source_tables',
  'source_cells',
  'budget_lines',
  'indicators',
  'checks',
  'sections',
  'sections_fts',
  'document_text',
  'document_text_fts',
];

export function rowCounts(db: Store): Record<string, number> {
  return Object.fromEntries(COUNTED.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/** Everything a document yielded, keyed by its content hash, in a stable order. */
export function canonicalDump(db: Store): unknown {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    counts: rowCounts(db),
    integrity: db.pragma('integrity_check', { simple: true }),
    documents: all(`SELECT path, sha256, size_bytes, format, pages, status, error, version, is_current FROM documents ORDER BY sha256`),
    reports: all(`SELECT d.sha256, r.title, r.department, r.region, r.year, r.kind, r.project, r.self_score, r.grade
                  FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY d.sha256`),
    budget: all(`SELECT d.sha256, b.line_no, b.name, b.project, b.initial_budget, b.final_budget, b.spent, b.execution_rate, b.page, t.table_no
                 FROM budget_lines b JOIN reports r ON r.id = b.report_id JOIN documents d ON d.id = r.document_id
                 LEFT JOIN source_tables t ON t.id = b.table_id ORDER BY d.sha256, b.line_no`),
    indicators: all(`SELECT d.sha256, i.line_no, i.name, i.project, i.category, i.target_raw, i.target_value, i.actual_raw, i.actual_value, i.met, i.page
                     FROM indicators i JOIN reports r ON r.id = i.report_id JOIN documents d ON d.id = r.document_id ORDER BY d.sha256, i.line_no`),
    cells: all(`SELECT d.sha256, t.table_no, c.row_no, c.column_no, c.text FROM source_cells c JOIN source_tables t ON t.id = c.table_id
                JOIN documents d ON d.id = t.document_id ORDER BY d.sha256, t.table_no, c.row_no, c.column_no`),
    sections: all(`SELECT d.sha256, s.section_no, s.level, s.heading, s.tag, s.page, length(s.text) AS length FROM sections s
                   JOIN reports r ON r.id = s.report_id JOIN documents d ON d.id = r.document_id ORDER BY d.sha256, s.section_no`),
    text: all(`SELECT d.sha256, t.page, t.text FROM document_text t JOIN documents d ON d.id = t.document_id ORDER BY d.sha256, t.page`),
  };
}
