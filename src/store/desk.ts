/**
 * The read-only queries of the journalist's desk (`jixiao serve`). Every column, view and filter name
 * reaching SQL comes from the allow-lists here; what the browser sends is only ever a bound value.
 *
 * The counting views group every copy of every report on each reading (report_copies), which takes
 * seconds on a database of thousands of reports. The desk reads each view once into a temporary
 * table of its own connection (indexed by the filters) and reads again only when another connection
 * has written to the database since (PRAGMA data_version): a page then costs an indexed lookup.
 */
import type { Store } from './db.js';

/** What a list can be filtered by, when its rows have the column. */
export const FILTERS = ['region', 'department', 'year', 'kind'] as const;
export type Filter = (typeof FILTERS)[number];
export type Filters = Partial<Record<Filter, string>>;

/** The report a row belongs to (the current copy at the row's path), for views that name only the path. */
const REPORT_AT_PATH = `LEFT JOIN (SELECT d.path AS report_path, r.id AS report_id, r.region AS report_region
                                   FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.is_current = 1) at
                          ON at.report_path = v.path`;

interface ListSource {
  /** The SELECT whose rows the page lists; its first columns are shown, the *_id columns link. */
  select: string;
  /** Columns kept for links, not shown. */
  hidden: readonly string[];
  /** The order when the reader chooses none. */
  order: string;
  /** Needs this relation (a view another branch adds); the list is absent without it. */
  requires?: string;
  /** Read only when asked for, not when the desk starts: its view takes minutes on a large database. */
  onDemand?: boolean;
}

/** The lists of the desk, by the name in their address. */
export const LISTS = {
  missed_targets: {
    select: `SELECT department, region, year, kind, project, indicator, target, actual, deviation, path, page, report_id, indicator_id
             FROM missed_targets`,
    hidden: ['report_id', 'indicator_id'],
    order: 'department, year, report_id, indicator_id',
  },
  budget_execution: {
    select: `SELECT department, region, year, kind, project, line, initial_budget, adjustment, final_budget, spent, execution_rate,
                    execution_rate_computed, unspent, path, page, report_id, budget_line_id, is_block_total
             FROM budget_execution`,
    hidden: ['report_id', 'budget_line_id', 'is_block_total'],
    order: 'department, year, report_id, budget_line_id',
  },
  inconsistencies: {
    select: `SELECT v.department, at.report_region AS region, v.year, v.kind, v.project, v."check", v.subject, v.stated, v.computed,
                    v.detail, v.path, v.page, v.chosen, at.report_id
             FROM inconsistencies v ${REPORT_AT_PATH}`,
    hidden: ['report_id'],
    order: 'department, year, path, page',
  },
  admitted_problems: {
    select: `SELECT v.department, at.report_region AS region, v.year, v.kind, v.project, v.heading, v.text, v.path, v.page, at.report_id
             FROM admitted_problems v ${REPORT_AT_PATH}`,
    hidden: ['report_id'],
    order: 'department, year, path, page',
  },
  needs_review: {
    select: `SELECT r.department, r.region, r.year, r.kind, v.warning, v.path, v.page, r.id AS report_id
             FROM needs_review v LEFT JOIN reports r ON r.document_id = v.document_id`,
    hidden: ['report_id'],
    order: 'path, page',
  },
  copies: {
    select: `SELECT department, region, year, kind, project, copies, chosen, format, attachment, title, path, indicators, budget_lines,
                    report_id
             FROM report_copies`,
    hidden: ['report_id'],
    order: 'department, year, kind, project, chosen DESC, path',
  },
  copy_conflicts: {
    select: `SELECT department, region, year, kind, project, field, subject, value, other_value, path, page, other_path, other_page,
                    report_id, other_report_id
             FROM copy_conflicts`,
    hidden: ['report_id', 'other_report_id'],
    order: 'department, year, project, subject, field',
    requires: 'copy_conflicts',
    // Comparing every pair of copies value by value: over two minutes on 10,000 reports.
    onDemand: true,
  },
} as const satisfies Record<string, ListSource>;

export type ListName = keyof typeof LISTS;
export const LIST_NAMES = Object.keys(LISTS) as ListName[];

export interface ListQuery {
  filters: Filters;
  /** A shown column, else the list's own order. */
  sort?: string;
  descending?: boolean;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export type Row = Record<string, string | number | null>;

export interface ListPage {
  /** The columns shown, in order. */
  columns: string[];
  /** The filters this list has. */
  filters: Filter[];
  rows: Row[];
  /** Rows matching the filters, on every page. */
  total: number;
}

interface Snapshot {
  table: string;
  columns: string[];
  all: string[];
  filters: Filter[];
}

/** The desk's state on one connection: the snapshots read so far, and the data_version they were read at. */
interface DeskCache {
  version: number;
  snapshots: Map<string, Snapshot>;
  memo: Map<string, unknown>;
}

const caches = new WeakMap<Store, DeskCache>();

/** The cache of `db`, emptied (its temporary tables dropped) when another connection wrote since. */
function cacheOf(db: Store): DeskCache {
  const version = db.pragma('data_version', { simple: true }) as number;
  const cache = caches.get(db);
  if (cache && cache.version === version) return cache;
  for (const snapshot of cache?.snapshots.values() ?? []) db.exec(`DROP TABLE IF EXISTS temp."${snapshot.table}"`);
  const fresh: DeskCache = { version, snapshots: new Map(), memo: new Map() };
  caches.set(db, fresh);
  return fresh;
}

/** A value computed once per data version. */
function memo<T>(db: Store, key: string, compute: () => T): T {
  const cache = cacheOf(db);
  if (!cache.memo.has(key)) cache.memo.set(key, compute());
  return cache.memo.get(key) as T;
}

function hasRelation(db: Store, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ? AND type IN ('table', 'view')`).get(name) !== undefined;
}

/** The lists this database has (copy_conflicts needs a newer schema). */
export function availableLists(db: Store): ListName[] {
  return memo(db, 'lists', () => LIST_NAMES.filter((name) => !('requires' in LISTS[name]) || hasRelation(db, (LISTS[name] as ListSource).requires!)));
}

function snapshotOf(db: Store, name: ListName): Snapshot {
  const cache = cacheOf(db);
  const known = cache.snapshots.get(name);
  if (known) return known;
  const source: ListSource = LISTS[name];
  const table = `desk_${name}`;
  db.exec(`DROP TABLE IF EXISTS temp."${table}"`);
  db.exec(`CREATE TEMP TABLE "${table}" AS ${source.select}`);
  const all = db
    .prepare(`SELECT * FROM temp."${table}" LIMIT 0`)
    .columns()
    .map((c) => c.name);
  const filters = FILTERS.filter((f) => all.includes(f));
  for (const column of [...filters, 'report_id'].filter((c) => all.includes(c))) {
    db.exec(`CREATE INDEX temp."${table}_${column}" ON "${table}" ("${column}")`);
  }
  const snapshot = { table, all, columns: all.filter((c) => !source.hidden.includes(c)), filters };
  cache.snapshots.set(name, snapshot);
  return snapshot;
}

function whereOf(snapshot: Snapshot, filters: Filters): { sql: string; params: string[] } {
  const used = snapshot.filters.filter((f) => filters[f] !== undefined && filters[f] !== '');
  return {
    sql: used.length ? `WHERE ${used.map((f) => `"${f}" = ?`).join(' AND ')}` : '',
    params: used.map((f) => filters[f]!),
  };
}

/** One page of a list: the rows matching the filters, in the order asked for. */
export function listPage(db: Store, name: ListName, query: ListQuery): ListPage {
  const snapshot = snapshotOf(db, name);
  const { sql, params } = whereOf(snapshot, query.filters);
  const sortColumn = query.sort && snapshot.columns.includes(query.sort) ? query.sort : null;
  // Empty values last whichever way, and a stable tie-break, so pages never overlap.
  const order = sortColumn ? `"${sortColumn}" IS NULL, "${sortColumn}" ${query.descending ? 'DESC' : 'ASC'}, rowid` : `${LISTS[name].order}, rowid`;
  const total = db.prepare<string[], { n: number }>(`SELECT count(*) AS n FROM temp."${snapshot.table}" ${sql}`).get(...params)!.n;
  const rows = db
    .prepare<unknown[], Row>(`SELECT * FROM temp."${snapshot.table}" ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, query.pageSize, (query.page - 1) * query.pageSize);
  return { columns: snapshot.columns, filters: snapshot.filters, rows, total };
}

/**
 * The rows of every list without filters, what the home page counts: each list read now, but those
 * read only on demand counted only once someone has opened them (null until then).
 */
export function listCounts(db: Store): Record<string, number | null> {
  const cache = cacheOf(db);
  return Object.fromEntries(
    availableLists(db).map((name) => {
      const source: ListSource = LISTS[name];
      if (source.onDemand && !cache.snapshots.has(name)) return [name, null];
      return [name, db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM temp."${snapshotOf(db, name).table}"`).get()!.n];
    }),
  );
}

/** The values each filter of a list can take, sorted; years newest first. */
export function filterChoices(db: Store, name: ListName): Partial<Record<Filter, (string | number)[]>> {
  return memo(db, `choices ${name}`, () => {
    const snapshot = snapshotOf(db, name);
    return Object.fromEntries(
      snapshot.filters.map((f) => [
        f,
        db
          .prepare<[], { v: string | number }>(
            `SELECT DISTINCT "${f}" AS v FROM temp."${snapshot.table}" WHERE "${f}" IS NOT NULL ORDER BY v ${f === 'year' ? 'DESC' : ''}`,
          )
          .all()
          .map((r) => r.v),
      ]),
    );
  });
}

// ---- one report ------------------------------------------------------------------------------

export interface ReportDetail {
  report: Row;
  budgetLines: Row[];
  indicators: Row[];
  checks: Row[];
  sections: Row[];
  copies: Row[];
}

function hasColumn(db: Store, table: string, column: string): boolean {
  return memo(db, `column ${table}.${column}`, () => db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) !== undefined);
}

/** The cells column where the store has it (provenance of each value), else null in its place. */
const cellsColumn = (db: Store, table: string, alias = '') => (hasColumn(db, table, 'cells') ? `${alias}cells` : 'NULL AS cells');

/** A report with everything read from its file, and the other files holding a copy of it; null when there is none. */
export function reportDetail(db: Store, reportId: number): ReportDetail | null {
  const report = db
    .prepare<[number], Row>(
      `SELECT r.id AS report_id, r.title, r.department, r.region, r.year, r.kind, r.project, r.self_score, r.grade,
              d.id AS document_id, d.path, d.url, d.file_name, d.format, d.pages, d.is_current, d.ingested_at
       FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`,
    )
    .get(reportId);
  if (!report) return null;
  const byReport = (sql: string) => db.prepare<[number], Row>(sql).all(reportId);
  const copies = snapshotOf(db, 'copies');
  return {
    report,
    budgetLines: byReport(
      `SELECT id, line_no, page, project, name, initial_budget, adjustment, final_budget, spent, execution_rate, weight, score,
              ${cellsColumn(db, 'budget_lines')}
       FROM budget_lines WHERE report_id = ? ORDER BY line_no`,
    ),
    indicators: byReport(
      `SELECT id, line_no, page, project, subproject, level1, category, name, target_raw AS target, actual_raw AS actual, weight, score,
              deviation, met, ${cellsColumn(db, 'indicators')}
       FROM indicators WHERE report_id = ? ORDER BY line_no`,
    ),
    checks: byReport(`SELECT "check", subject, project, stated, computed, detail, page FROM checks WHERE report_id = ? ORDER BY id`),
    sections: byReport(`SELECT section_no, level, heading, path, tag, page, text FROM sections WHERE report_id = ? ORDER BY section_no`),
    copies: db
      .prepare<unknown[], Row>(
        `SELECT c.* FROM temp."${copies.table}" c
         WHERE c.report_id = ?
            OR (c.department = ? AND c.year = ? AND c.kind = ? AND c.project IS ? AND c.kind <> 'unknown')
         ORDER BY c.chosen DESC, c.path`,
      )
      .all(reportId, report.department, report.year, report.kind, report.project),
  };
}

// ---- where a value was read ------------------------------------------------------------------

export const VALUE_FIELDS = {
  indicator: ['target', 'actual', 'weight', 'score'],
  budget_line: ['initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate', 'weight', 'score'],
} as const;
export type ValueOwner = keyof typeof VALUE_FIELDS;

/** Where a value was printed, as the store keeps it (see the cells column of budget_lines and indicators). */
export type CellLocation =
  { page: number; box: [number, number, number, number] } | { sheet: string; ref: string } | { table: number; row: number; col: number };

export interface SourceCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  /** In a workbook, the cell's reference on its sheet (D7). */
  ref: string | null;
}

export interface ValueSource {
  owner: ValueOwner;
  id: number;
  field: string;
  /** The row's name (indicator or budget line) and the value as printed. */
  name: string | null;
  value: string | number | null;
  reportId: number;
  /** The page the row was read on, when the location names none. */
  page: number | null;
  location: CellLocation | null;
  document: { id: number; path: string; url: string | null; format: string | null; pages: number | null; ocr: number | null };
  /** The table holding the value, for a location in a table or sheet: its label and every cell. */
  table: { label: string | null; cells: SourceCell[] } | null;
}

function parseLocation(json: unknown, field: string): CellLocation | null {
  if (typeof json !== 'string') return null;
  try {
    const location = (JSON.parse(json) as Record<string, unknown>)[field];
    return location && typeof location === 'object' ? (location as CellLocation) : null;
  } catch {
    return null;
  }
}

function tableCells(db: Store, documentId: number, where: string, param: string | number): ValueSource['table'] {
  const table = db
    .prepare<[number, string | number], { id: number; label: string | null }>(`SELECT id, label FROM source_tables WHERE document_id = ? AND ${where}`)
    .get(documentId, param);
  if (!table) return null;
  const cells = db
    .prepare<[number], SourceCell>(
      `SELECT row_no AS row, column_no AS col, row_span AS rowSpan, column_span AS colSpan, text, ref FROM source_cells WHERE table_id = ? ORDER BY row_no, column_no`,
    )
    .all(table.id);
  return { label: table.label, cells };
}

/** Where one value of an indicator or budget line was read, with what is needed to show it; null when there is no such value. */
export function valueSource(db: Store, owner: ValueOwner, id: number, field: string): ValueSource | null {
  if (!(VALUE_FIELDS[owner] as readonly string[]).includes(field)) return null;
  const table = owner === 'indicator' ? 'indicators' : 'budget_lines';
  const column = owner === 'indicator' && (field === 'target' || field === 'actual') ? `${field}_raw` : field;
  const row = db
    .prepare<[number], Row & { report_id: number; document_id: number; table_no: number | null }>(
      `SELECT x.name, x."${column}" AS value, x.report_id, x.page, ${cellsColumn(db, table, 'x.')},
              t.table_no, d.id AS document_id, d.path, d.url, d.format, d.pages, d.ocr
       FROM ${table} x JOIN reports r ON r.id = x.report_id JOIN documents d ON d.id = r.document_id
       LEFT JOIN source_tables t ON t.id = x.table_id
       WHERE x.id = ?`,
    )
    .get(id);
  if (!row) return null;
  const location = parseLocation(row.cells, field);
  let cells: ValueSource['table'] = null;
  if (location && 'table' in location) cells = tableCells(db, row.document_id, 'table_no = ?', location.table);
  else if (location && 'sheet' in location) cells = tableCells(db, row.document_id, 'label = ?', `sheet ${location.sheet}`);
  else if (!location && row.table_no !== null && row.format !== 'pdf') cells = tableCells(db, row.document_id, 'table_no = ?', row.table_no);
  return {
    owner,
    id,
    field,
    name: row.name as string | null,
    value: row.value,
    reportId: row.report_id,
    page: row.page as number | null,
    location,
    document: {
      id: row.document_id,
      path: row.path as string,
      url: row.url as string | null,
      format: row.format as string | null,
      pages: row.pages as number | null,
      ocr: row.ocr as number | null,
    },
    table: cells,
  };
}

// ---- files -----------------------------------------------------------------------------------

export interface StoredFile {
  id: number;
  /** Every path the bytes were ingested from: the document's own first, then its copies. */
  paths: string[];
  sha256: string;
  sizeBytes: number;
  format: string | null;
  fileName: string;
  url: string | null;
}

/** The paths a document's bytes were read from, as the store recorded them; null for an unknown document. */
export function storedFile(db: Store, documentId: number): StoredFile | null {
  const doc = db
    .prepare<[number], { path: string; sha256: string; size_bytes: number; format: string | null; file_name: string; url: string | null }>(
      `SELECT path, sha256, size_bytes, format, file_name, url FROM documents WHERE id = ?`,
    )
    .get(documentId);
  if (!doc) return null;
  const copies = db.prepare<[number], { path: string }>(`SELECT path FROM file_copies WHERE document_id = ? ORDER BY id`).all(documentId);
  return {
    id: documentId,
    paths: [doc.path, ...copies.map((c) => c.path)],
    sha256: doc.sha256,
    sizeBytes: doc.size_bytes,
    format: doc.format,
    fileName: doc.file_name,
    url: doc.url,
  };
}

/** The current report read from each of these paths, for linking search hits to report pages. */
export function reportsAtPaths(db: Store, paths: string[]): Map<string, number> {
  const statement = db.prepare<[string], { id: number }>(
    `SELECT r.id FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.path = ? AND d.is_current = 1`,
  );
  const found = new Map<string, number>();
  for (const path of new Set(paths)) {
    const report = statement.get(path);
    if (report) found.set(path, report.id);
  }
  return found;
}

// ---- charts ----------------------------------------------------------------------------------

export interface ExecutionRate {
  year: number;
  region: string | null;
  finalBudget: number;
  spent: number;
  rate: number | null;
}

/**
 * Spending against budget of each year and region: the first line of each department's budget table
 * (its total), as department_spending sums them, read from the snapshot of budget_execution.
 */
const spending = (table: string, keys: string, where = '') => `
  SELECT ${keys}, sum(final_budget) AS finalBudget, sum(spent) AS spent,
         CASE WHEN sum(final_budget) > 0 THEN round(100.0 * sum(spent) / sum(final_budget), 2) END AS rate
  FROM temp."${table}" WHERE is_block_total AND project IS NULL AND year IS NOT NULL AND spent IS NOT NULL ${where}
  GROUP BY ${keys}`;

export function executionByYearAndRegion(db: Store): ExecutionRate[] {
  return memo(db, 'execution', () =>
    db.prepare<[], ExecutionRate>(`${spending(snapshotOf(db, 'budget_execution').table, 'year, region')} ORDER BY year, region`).all(),
  );
}

/** Missed targets counted by department, most first; filtered like the list. */
export function missedByDepartment(db: Store, filters: Filters, limit = 20): { department: string | null; missed: number }[] {
  const snapshot = snapshotOf(db, 'missed_targets');
  const { sql, params } = whereOf(snapshot, filters);
  return db
    .prepare<unknown[], { department: string | null; missed: number }>(
      `SELECT department, count(*) AS missed FROM temp."${snapshot.table}" ${sql} GROUP BY department ORDER BY missed DESC, department LIMIT ?`,
    )
    .all(...params, limit);
}

export interface DepartmentYear {
  year: number;
  finalBudget: number | null;
  spent: number | null;
  rate: number | null;
  missed: number;
  reports: number;
}

/** One department's years side by side: its budget, spending and missed targets. */
export function departmentYears(db: Store, department: string): DepartmentYear[] {
  const missed = snapshotOf(db, 'missed_targets');
  const copies = snapshotOf(db, 'copies');
  const byYear = spending(snapshotOf(db, 'budget_execution').table, 'year', 'AND department = ?');
  return db
    .prepare<[string, string], DepartmentYear>(
      `SELECT c.year, s.finalBudget, s.spent, s.rate,
              (SELECT count(*) FROM temp."${missed.table}" m WHERE m.department = c.department AND m.year = c.year) AS missed,
              c.reports
       FROM (SELECT department, year, count(*) AS reports FROM temp."${copies.table}" WHERE chosen AND department = ? AND year IS NOT NULL
             GROUP BY year) c
       LEFT JOIN (${byYear}) s ON s.year = c.year
       ORDER BY c.year`,
    )
    .all(department, department);
}
