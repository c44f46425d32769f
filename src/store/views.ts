/**
 * The views: derived, so they are not migrations. Every opening of a writable store drops the views it
 * finds and creates these, in order (a view may use the ones before it), so changing a view is an edit
 * here, never a new migration. What each column means is in `docs.ts`.
 */

/** Cells read by OCR below this confidence are listed for a person to check (low_confidence_values). */
export const LOW_CONFIDENCE = 0.9;

export interface ViewDefinition {
  name: string;
  /** The SELECT that defines the view. */
  select: string;
}

export const VIEWS: readonly ViewDefinition[] = [
  {
    name: 'current_reports',
    select: `
SELECT r.id AS report_id, d.id AS document_id, d.path, d.file_name, d.format, r.title, r.department, r.region,
       r.year, r.kind, r.project, r.self_score, r.grade
FROM reports r JOIN documents d ON d.id = r.document_id
WHERE d.is_current = 1`,
  },
  {
    name: 'indicator_results',
    select: `
SELECT cr.department, cr.region, cr.year, cr.kind, i.project, i.subproject, i.level1, i.category,
       i.name AS indicator, i.target_raw AS target, i.actual_raw AS actual, i.target_op, i.target_value,
       i.target_low, i.target_high, i.target_unit, i.actual_value, i.actual_unit, i.met, i.weight, i.score,
       i.deviation, cr.title AS report_title, cr.path, i.page, i.id AS indicator_id, cr.report_id
FROM indicators i JOIN current_reports cr ON cr.report_id = i.report_id`,
  },
  {
    name: 'missed_targets',
    select: `
SELECT * FROM indicator_results WHERE met = 0`,
  },
  {
    name: 'budget_execution',
    select: `
SELECT cr.department, cr.region, cr.year, cr.kind, b.project, b.name AS line, b.initial_budget, b.adjustment,
       b.final_budget, b.spent, b.execution_rate,
       CASE WHEN b.final_budget > 0 AND b.spent IS NOT NULL THEN round(100.0 * b.spent / b.final_budget, 2) END
         AS execution_rate_computed,
       CASE WHEN b.final_budget IS NOT NULL AND b.spent IS NOT NULL THEN b.final_budget - b.spent END AS unspent,
       b.line_no = (SELECT min(first.line_no) FROM budget_lines first
                    WHERE first.report_id = b.report_id AND first.table_id IS b.table_id
                      AND first.project IS b.project) AS is_block_total,
       cr.title AS report_title, cr.path, b.page, b.id AS budget_line_id, cr.report_id
FROM budget_lines b JOIN current_reports cr ON cr.report_id = b.report_id`,
  },
  {
    name: 'department_spending',
    select: `
SELECT department, region, year, count(DISTINCT report_id) AS reports, sum(final_budget) AS final_budget,
       sum(spent) AS spent,
       CASE WHEN sum(final_budget) > 0 THEN round(100.0 * sum(spent) / sum(final_budget), 2) END AS execution_rate,
       sum(final_budget) - sum(spent) AS unspent
FROM budget_execution
WHERE is_block_total AND project IS NULL
GROUP BY department, region, year`,
  },
  {
    // A value's field is the heading over its column (the first row of its table that covers it).
    name: 'low_confidence_values',
    select: `
SELECT d.path, c.page,
       (SELECT h.text FROM source_cells h
        WHERE h.table_id = c.table_id AND h.row_no = 0 AND h.column_no <= c.column_no
          AND h.column_no + h.column_span > c.column_no) AS field,
       c.text, round(c.confidence, 3) AS confidence, t.table_no, c.row_no, c.column_no, d.id AS document_id
FROM source_cells c
JOIN source_tables t ON t.id = c.table_id
JOIN documents d ON d.id = t.document_id
WHERE d.is_current = 1 AND c.confidence < ${LOW_CONFIDENCE} AND c.text <> ''`,
  },
];
