/**
 * The views: derived, so they are not migrations. Every opening of a writable store drops the views it
 * finds and creates these, in order (a view may use the ones before it), so changing a view is an edit
 * here, never a new migration. What each column means is in `docs.ts`.
 *
 * One report is often published several times: as PDF, DOCX and HTML, reposted by another site, or
 * bundled as an attachment (a project's 自评表) inside a department's report. Every file keeps its own
 * records in the tables; `report_copies` groups the copies, and the views that count things read each
 * report from one copy only, the most complete.
 */

/** Cells read by OCR below this confidence are listed for a person to check (low_confidence_values). */
export const LOW_CONFIDENCE = 0.9;

export interface ViewDefinition {
  name: string;
  /** The SELECT that defines the view. */
  select: string;
}

/**
 * The project form a row was printed in, if any: a table naming its project (项目名称). Expects the row
 * as `row` and its table as `st`.
 */
const ROW_FORM = `CASE WHEN st.project IS NOT NULL THEN coalesce(row.project, st.project) END`;
/**
 * A form that is not the file's own report `r`: a project's 自评表 bundled in a department's report. A
 * file whose kind is unknown (an application, a budget table) holds no report to bundle it in.
 */
const bundled = (form: string) => `(${form} IS NOT NULL AND r.kind <> 'unknown' AND NOT (r.kind = 'project' AND ${form} IS r.project))`;
/** The report a row belongs to, as kind and project: the file's own, or the bundled form's. */
const partKind = (form: string) => `CASE WHEN ${bundled(form)} THEN 'project' ELSE r.kind END`;
const partProject = (form: string) => `CASE WHEN ${bundled(form)} THEN ${form} ELSE r.project END`;

/** A row of `table` (aliased `row`) with its report `r` and source table `st`, for the expressions above. */
const rowsOf = (table: 'indicators' | 'budget_lines') =>
  `${table} row JOIN reports r ON r.id = row.report_id LEFT JOIN source_tables st ON st.id = row.table_id`;

/** Only what belongs to the chosen copy of its report; `cr` is that report in `current_reports`. */
const chosenCopy = (form: string) => `JOIN current_reports cr ON cr.report_id = r.id AND cr.kind = ${partKind(form)} AND cr.project IS ${partProject(form)}`;
const CHOSEN_COPY = chosenCopy(ROW_FORM);

/** How much a copy holds: every printed value counts, so a copy missing a column or a row ranks lower. */
const INDICATOR_VALUES = `(row.target_raw IS NOT NULL) + (row.actual_raw IS NOT NULL) + (row.weight IS NOT NULL) + (row.score IS NOT NULL) + (row.deviation IS NOT NULL) + (row.met IS NOT NULL) + 1`;
const BUDGET_VALUES = `(row.initial_budget IS NOT NULL) + (row.adjustment IS NOT NULL) + (row.final_budget IS NOT NULL) + (row.spent IS NOT NULL) + (row.execution_rate IS NOT NULL) + (row.weight IS NOT NULL) + (row.score IS NOT NULL) + 1`;
const REPORT_VALUES = `(r.title IS NOT NULL) + (r.department IS NOT NULL) + (r.region IS NOT NULL) + (r.year IS NOT NULL) + (r.self_score IS NOT NULL) + (r.grade IS NOT NULL)`;

/**
 * Copies are the same report when department, year, kind and project agree and are known; a report
 * missing one of them cannot be matched and stands alone.
 */
const IDENTIFIED = `department IS NOT NULL AND year IS NOT NULL AND kind <> 'unknown' AND (kind <> 'project' OR project IS NOT NULL)`;

/**
 * The researchers' panel: one row per department, year and kind, and each indicator of a department
 * followed across years. Both read each report once (its chosen copy, as the views above do) and join
 * it to its department through reports.department_id (src/store/identity.ts).
 */
const PANEL_VIEWS: readonly ViewDefinition[] = [
  {
    name: 'department_years',
    select: `
WITH parts AS (
  SELECT r.department_id, cr.year, cr.kind, count(*) AS reports, round(avg(cr.self_score), 2) AS self_score,
         CASE WHEN count(DISTINCT cr.grade) = 1 AND count(cr.grade) = count(*) THEN max(cr.grade) END AS grade
  FROM current_reports cr JOIN reports r ON r.id = cr.report_id
  WHERE r.department_id IS NOT NULL AND cr.year IS NOT NULL
  GROUP BY r.department_id, cr.year, cr.kind
),
money AS (
  SELECT r.department_id, b.year, b.kind, sum(b.final_budget) AS final_budget, sum(b.spent) AS spent
  FROM budget_execution b JOIN reports r ON r.id = b.report_id
  WHERE b.is_block_total AND (b.kind <> 'department_overall' OR b.project IS NULL)
  GROUP BY r.department_id, b.year, b.kind
),
targets AS (
  SELECT r.department_id, i.year, i.kind, count(*) AS indicators, sum(i.met = 0) AS missed
  FROM indicator_results i JOIN reports r ON r.id = i.report_id
  GROUP BY r.department_id, i.year, i.kind
),
found AS (
  SELECT r.department_id, cr.year, cr.kind, count(*) AS inconsistencies
  FROM checks c JOIN reports r ON r.id = c.report_id ${chosenCopy('c.project')}
  GROUP BY r.department_id, cr.year, cr.kind
)
SELECT p.department_id, d.name AS department, d.region_code, d.province, p.year, p.kind, p.reports,
       m.final_budget, m.spent,
       CASE WHEN m.final_budget > 0 AND m.spent IS NOT NULL THEN round(100.0 * m.spent / m.final_budget, 2) END AS execution_rate,
       p.self_score, p.grade, coalesce(t.indicators, 0) AS indicators, coalesce(t.missed, 0) AS missed,
       coalesce(f.inconsistencies, 0) AS inconsistencies
FROM parts p
JOIN departments d ON d.id = p.department_id
LEFT JOIN money m ON m.department_id = p.department_id AND m.year = p.year AND m.kind = p.kind
LEFT JOIN targets t ON t.department_id = p.department_id AND t.year = p.year AND t.kind = p.kind
LEFT JOIN found f ON f.department_id = p.department_id AND f.year = p.year AND f.kind = p.kind`,
  },
  {
    name: 'indicator_series',
    select: `
WITH rows AS (
  SELECT r.department_id, row.project_key, row.name_key, i.year, i.kind, i.project, i.indicator, i.target, i.actual,
         i.target_value, i.actual_value, i.target_unit, i.met, i.indicator_id, i.report_id
  FROM indicator_results i JOIN indicators row ON row.id = i.indicator_id JOIN reports r ON r.id = i.report_id
  WHERE r.department_id IS NOT NULL AND i.year IS NOT NULL AND row.name_key <> ''
),
series AS (
  SELECT department_id, project_key, name_key, count(DISTINCT year) AS years, min(year) AS first_year, max(year) AS last_year
  FROM rows GROUP BY department_id, project_key, name_key
)
SELECT rows.department_id, d.name AS department, d.region_code, rows.project_key, rows.name_key, series.years,
       series.first_year, series.last_year, rows.year, rows.kind, rows.project, rows.indicator, rows.target, rows.actual,
       rows.target_value, rows.actual_value, rows.target_unit, rows.met, rows.indicator_id, rows.report_id
FROM rows
JOIN series USING (department_id, project_key, name_key)
JOIN departments d ON d.id = rows.department_id`,
  },
];
/** A figure as text, as a person writes it: 8500000 rather than 8500000.0. */
const figureText = (x: string) => `CASE WHEN ${x} = CAST(${x} AS INTEGER) THEN CAST(CAST(${x} AS INTEGER) AS TEXT) ELSE CAST(${x} AS TEXT) END`;

/** Both copies state the figure, and differently. */
const figuresDiffer = (x: string, y: string) => `(${x} IS NOT NULL AND ${y} IS NOT NULL AND ${x} <> ${y})`;

/** Both copies state the value, and it means something else (raw text may differ in spacing alone). */
const valuesDiffer = (v: 'target' | 'actual') =>
  `(x.${v}_raw IS NOT NULL AND y.${v}_raw IS NOT NULL AND (x.${v}_op IS NOT y.${v}_op OR x.${v}_value IS NOT y.${v}_value
     OR x.${v}_low IS NOT y.${v}_low OR x.${v}_high IS NOT y.${v}_high OR x.${v}_unit IS NOT y.${v}_unit OR x.${v}_text IS NOT y.${v}_text))`;

const BUDGET_FIELDS = ['initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate', 'weight', 'score'];

/**
 * The rows of `table` that belong to a copy of a report that has other copies, with their place among
 * the rows of that copy sharing project and name (the tiebreak for matching rows between copies).
 */
const copyRows = (table: 'indicators' | 'budget_lines') => `
  SELECT row.*, ${partKind(ROW_FORM)} AS part_kind, ${partProject(ROW_FORM)} AS part_project
  FROM ${rowsOf(table)}
  WHERE row.report_id IN (SELECT report_id FROM pairs UNION SELECT other_report_id FROM pairs)`;
const ranked = (rows: string) =>
  `SELECT *, row_number() OVER (PARTITION BY report_id, part_kind, part_project, project, name ORDER BY line_no) AS occurrence FROM ${rows} AS part_rows`;
/**
 * Row x of a pair's report_id side and row y of its other side, matched by project, name and occurrence.
 * CROSS JOIN keeps this order (pairs first, then each side's rows by report): left to choose, SQLite
 * 3.53 scans every row and looks its pairs up by kind alone, which takes minutes on 10,000 reports.
 */
const matched = (rows: string) => `
  FROM pairs p
  CROSS JOIN ${rows} x ON x.report_id = p.report_id AND x.part_kind = p.kind AND x.part_project IS p.project
  CROSS JOIN ${rows} y ON y.report_id = p.other_report_id AND y.part_kind = p.kind AND y.part_project IS p.project
                AND y.project IS x.project AND y.name IS x.name AND y.occurrence = x.occurrence`;

/**
 * Copies of one report (as report_copies groups them) compared field by field: each unordered pair of
 * copies once, the chosen copy on the report_id side when it is one of them. Budget lines and
 * indicators are matched by project and name (and their order among rows of that name); a field
 * differs when both copies state it and its meaning differs (numbers, or a value's op, figures, unit
 * or text). A value one copy leaves out is not a conflict: report_copies ranks copies by what they hold.
 */
const COPY_CONFLICTS = `
WITH copies AS MATERIALIZED (
  -- report_copies read once: its ranking is the costly part, and the pairs join it to itself.
  SELECT department, region, year, kind, project, report_id, path, chosen, self_score, grade
  FROM report_copies WHERE copies > 1 AND ${IDENTIFIED}
),
pairs AS MATERIALIZED (
  SELECT a.department, a.region, a.year, a.kind, a.project, a.report_id, a.path, a.self_score, a.grade,
         b.report_id AS other_report_id, b.path AS other_path, b.self_score AS other_self_score, b.grade AS other_grade
  FROM copies a JOIN copies b
    ON b.department = a.department AND b.year = a.year AND b.kind = a.kind AND b.project IS a.project
   AND b.report_id <> a.report_id
  WHERE a.chosen OR (NOT b.chosen AND a.report_id < b.report_id)
),
indicator_rows AS MATERIALIZED (${ranked(`(${copyRows('indicators')})`)}),
budget_rows AS MATERIALIZED (${ranked(`(${copyRows('budget_lines')})`)}),
differences AS (
  SELECT p.*, f.column1 AS field, NULL AS subject,
         CASE f.column1 WHEN 'self_score' THEN ${figureText('p.self_score')} ELSE p.grade END AS value,
         CASE f.column1 WHEN 'self_score' THEN ${figureText('p.other_self_score')} ELSE p.other_grade END AS other_value,
         NULL AS page, NULL AS other_page
  FROM pairs p CROSS JOIN (VALUES ('self_score'), ('grade')) f
  WHERE CASE f.column1 WHEN 'self_score' THEN ${figuresDiffer('p.self_score', 'p.other_self_score')}
                       ELSE ${figuresDiffer('p.grade', 'p.other_grade')} END
  UNION ALL
  SELECT p.*, f.column1, x.name,
         CASE f.column1 ${BUDGET_FIELDS.map((field) => `WHEN '${field}' THEN ${figureText(`x.${field}`)}`).join(' ')} END,
         CASE f.column1 ${BUDGET_FIELDS.map((field) => `WHEN '${field}' THEN ${figureText(`y.${field}`)}`).join(' ')} END,
         x.page, y.page
  ${matched('budget_rows')}
  CROSS JOIN (VALUES ${BUDGET_FIELDS.map((field) => `('${field}')`).join(', ')}) f
  WHERE CASE f.column1 ${BUDGET_FIELDS.map((field) => `WHEN '${field}' THEN ${figuresDiffer(`x.${field}`, `y.${field}`)}`).join(' ')} END
  UNION ALL
  SELECT p.*, f.column1, x.name,
         CASE f.column1 WHEN 'target' THEN x.target_raw WHEN 'actual' THEN x.actual_raw
                        WHEN 'weight' THEN ${figureText('x.weight')} ELSE ${figureText('x.score')} END,
         CASE f.column1 WHEN 'target' THEN y.target_raw WHEN 'actual' THEN y.actual_raw
                        WHEN 'weight' THEN ${figureText('y.weight')} ELSE ${figureText('y.score')} END,
         x.page, y.page
  ${matched('indicator_rows')}
  CROSS JOIN (VALUES ('target'), ('actual'), ('weight'), ('score')) f
  WHERE CASE f.column1 WHEN 'target' THEN ${valuesDiffer('target')} WHEN 'actual' THEN ${valuesDiffer('actual')}
                       WHEN 'weight' THEN ${figuresDiffer('x.weight', 'y.weight')} ELSE ${figuresDiffer('x.score', 'y.score')} END
)
SELECT department, region, year, kind, project, field, subject, value, other_value, path, page, other_path, other_page,
       report_id, other_report_id
FROM differences`;

export const VIEWS: readonly ViewDefinition[] = [
  {
    name: 'report_copies',
    select: `
WITH parts AS (
  SELECT report_id, kind, project, max(bundled) AS bundled, sum(indicator) AS indicators,
         sum(budget_line) AS budget_lines, sum(filled) AS filled_values
  FROM (
    SELECT row.report_id, ${partKind(ROW_FORM)} AS kind, ${partProject(ROW_FORM)} AS project, ${bundled(ROW_FORM)} AS bundled,
           1 AS indicator, 0 AS budget_line, ${INDICATOR_VALUES} AS filled
    FROM ${rowsOf('indicators')}
    UNION ALL
    SELECT row.report_id, ${partKind(ROW_FORM)}, ${partProject(ROW_FORM)}, ${bundled(ROW_FORM)}, 0, 1, ${BUDGET_VALUES}
    FROM ${rowsOf('budget_lines')}
    UNION ALL
    SELECT r.id, r.kind, r.project, FALSE, 0, 0, ${REPORT_VALUES} FROM reports r
  ) part
  GROUP BY report_id, kind, project
),
copies AS (
  SELECT p.report_id, d.id AS document_id, d.path, d.url, d.file_name, d.format, d.pages, r.department, r.region, r.year, p.kind,
         p.project, p.bundled AS attachment,
         CASE WHEN NOT p.bundled THEN r.title END AS title,
         CASE WHEN NOT p.bundled THEN r.self_score END AS self_score,
         CASE WHEN NOT p.bundled THEN r.grade END AS grade,
         p.indicators, p.budget_lines, p.filled_values
  FROM parts p JOIN reports r ON r.id = p.report_id JOIN documents d ON d.id = r.document_id
  WHERE d.is_current = 1
)
SELECT department, region, year, kind, project, count(*) OVER copy AS copies,
       row_number() OVER (copy ORDER BY filled_values DESC, indicators + budget_lines DESC, attachment, pages IS NULL, path,
                                 report_id) = 1
         AS chosen,
       path, url, file_name, format, attachment, title, self_score, grade, indicators, budget_lines, filled_values,
       report_id, document_id
FROM copies
WINDOW copy AS (PARTITION BY department, year, kind, project, CASE WHEN ${IDENTIFIED} THEN 0 ELSE report_id END)`,
  },
  {
    name: 'current_reports',
    select: `
SELECT report_id, document_id, path, url, file_name, format, title, department, region, year, kind, project, self_score,
       grade, attachment, copies
FROM report_copies WHERE chosen`,
  },
  {
    name: 'indicator_results',
    select: `
SELECT cr.department, cr.region, cr.year, cr.kind, row.project, row.subproject, row.level1, row.category,
       row.name AS indicator, row.target_raw AS target, row.actual_raw AS actual, row.target_op, row.target_value,
       row.target_low, row.target_high, row.target_unit, row.actual_value, row.actual_unit, row.met, row.weight,
       row.score, row.deviation, cr.title AS report_title, cr.path, cr.url, row.page, row.id AS indicator_id, cr.report_id
FROM ${rowsOf('indicators')} ${CHOSEN_COPY}`,
  },
  {
    name: 'missed_targets',
    select: `
SELECT * FROM indicator_results WHERE met = 0`,
  },
  {
    name: 'budget_execution',
    select: `
SELECT cr.department, cr.region, cr.year, cr.kind, row.project, row.name AS line, row.initial_budget, row.adjustment,
       row.final_budget, row.spent, row.execution_rate,
       CASE WHEN row.final_budget > 0 AND row.spent IS NOT NULL THEN round(100.0 * row.spent / row.final_budget, 2) END
         AS execution_rate_computed,
       CASE WHEN row.final_budget IS NOT NULL AND row.spent IS NOT NULL THEN row.final_budget - row.spent END AS unspent,
       row.line_no = (SELECT min(first.line_no) FROM budget_lines first
                      WHERE first.report_id = row.report_id AND first.table_id IS row.table_id
                        AND first.project IS row.project) AS is_block_total,
       cr.title AS report_title, cr.path, cr.url, row.page, row.id AS budget_line_id, cr.report_id
FROM ${rowsOf('budget_lines')} ${CHOSEN_COPY}`,
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
    // Every copy's checks, under that copy's path: an altered repost shows its own sums, not the original's.
    name: 'inconsistencies',
    select: `
SELECT rc.department, rc.year, rc.kind, rc.project, c."check", c.subject, c.stated, c.computed, rc.path, c.page,
       c.detail, rc.chosen
FROM checks c JOIN reports r ON r.id = c.report_id
JOIN report_copies rc ON rc.report_id = r.id AND rc.kind = ${partKind('c.project')} AND rc.project IS ${partProject('c.project')}`,
  },
  {
    name: 'copy_conflicts',
    select: COPY_CONFLICTS,
  },
  {
    name: 'admitted_problems',
    select: `
SELECT cr.department, cr.year, cr.kind, cr.project, s.heading, s.text, cr.path, s.page
FROM sections s JOIN reports r ON r.id = s.report_id ${chosenCopy('NULL')}
WHERE s.tag = '存在问题'
  -- the innermost: 1、存在问题 rather than the （四）存在问题及改进意见 around it
  AND NOT EXISTS (SELECT 1 FROM sections deeper
                  WHERE deeper.report_id = s.report_id AND deeper.tag = '存在问题' AND deeper.section_no > s.section_no
                    AND substr(deeper.path, 1, length(s.path) + 3) = s.path || ' > ')`,
  },
  {
    name: 'needs_review',
    select: `
SELECT d.path, w.page, w.message || ': ' || w.header AS warning, w.table_no, w.header, d.id AS document_id
FROM table_warnings w JOIN documents d ON d.id = w.document_id
WHERE d.is_current = 1
UNION ALL
SELECT d.path, r.page, r.message AS warning, NULL AS table_no, NULL AS header, d.id AS document_id
FROM reading_warnings r JOIN documents d ON d.id = r.document_id
WHERE d.is_current = 1`,
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
  ...PANEL_VIEWS,
];
