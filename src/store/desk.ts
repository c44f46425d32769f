/**
 * The read-only queries of the journalist's desk (`jixiao serve`), behind one asynchronous reader
 * (DeskReader) whichever database holds the store: a SQLite file (SqliteDesk, below) or a PostgreSQL
 * server (desk-postgres.ts). Every column, view and filter name reaching SQL comes from the allow-lists
 * here; what the browser sends is only ever a bound value. The statements are written once, in SQLite's
 * words; the PostgreSQL reader translates them (dialect.ts).
 *
 * The counting views group every copy of every report on each reading (report_copies), which takes
 * seconds on a database of thousands of reports. The desk reads each view once into a temporary table
 * of a SQLite connection (indexed by the filters), its snapshot, and reads it again only when the data
 * has changed: a page then costs an indexed lookup. Over a SQLite file the snapshots are temporary
 * tables of the file's own connection, read again when another connection has written (PRAGMA
 * data_version); over PostgreSQL they are tables of an in-memory SQLite database, read again when the
 * server's transaction snapshot has moved (desk-postgres.ts). A snapshot keeps its rows in one order
 * (the list's, then every column), so rows that tie on the order a reader asks for are paged alike
 * whichever database they came from.
 */
import { openStore, type Store } from './db.js';
import { isPostgresLocation } from './location.js';
import { search, type SearchOptions, type SearchResult } from './read.js';

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

// ---- what the desk shows besides the lists ----------------------------------------------------

export interface ReportDetail {
  report: Row;
  budgetLines: Row[];
  indicators: Row[];
  checks: Row[];
  sections: Row[];
  copies: Row[];
}

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

export interface ExecutionRate {
  year: number;
  region: string | null;
  finalBudget: number;
  spent: number;
  rate: number | null;
}

export interface DepartmentYear {
  year: number;
  finalBudget: number | null;
  spent: number | null;
  rate: number | null;
  missed: number;
  reports: number;
}

// ---- the reader ------------------------------------------------------------------------------

/** Everything the desk reads. Each call sees the data as it is when the call runs. */
export interface DeskReader {
  /** The database as it may be shown: a file, or a postgres:// address without its password. */
  readonly name: string;
  /** The lists this database has (copy_conflicts needs a newer schema). */
  availableLists(): Promise<ListName[]>;
  /** One page of a list: the rows matching the filters, in the order asked for. */
  listPage(name: ListName, query: ListQuery): Promise<ListPage>;
  /**
   * The rows of every list without filters, what the home page counts: each list read now, but those
   * read only on demand counted only once someone has opened them (null until then).
   */
  listCounts(): Promise<Record<string, number | null>>;
  /** The values each filter of a list can take, sorted; years newest first. */
  filterChoices(name: ListName): Promise<Partial<Record<Filter, (string | number)[]>>>;
  /** A report with everything read from its file, and the other files holding a copy of it; null when there is none. */
  reportDetail(reportId: number): Promise<ReportDetail | null>;
  /** Where one value of an indicator or budget line was read, with what is needed to show it; null when there is no such value. */
  valueSource(owner: ValueOwner, id: number, field: string): Promise<ValueSource | null>;
  /** The paths a document's bytes were read from, as the store recorded them; null for an unknown document. */
  storedFile(documentId: number): Promise<StoredFile | null>;
  /** The current report read from each of these paths, for linking search hits to report pages. */
  reportsAtPaths(paths: string[]): Promise<Map<string, number>>;
  /** Full-text search, as `jixiao search` finds (read.ts, postgres.ts). */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Spending against budget of each year and region. */
  executionByYearAndRegion(): Promise<ExecutionRate[]>;
  /** Missed targets counted by department, most first; filtered like the list. */
  missedByDepartment(filters: Filters, limit?: number): Promise<{ department: string | null; missed: number }[]>;
  /** One department's years side by side: its budget, spending and missed targets. */
  departmentYears(department: string): Promise<DepartmentYear[]>;
  close(): Promise<void>;
}

/**
 * The database as the desk asks it outside the snapshots: statements in SQLite's words with `?`
 * parameters, and the two questions each database's catalog answers in its own way.
 */
export interface DeskDatabase {
  get<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Whether a table or view of this name exists. */
  hasRelation(name: string): Promise<boolean>;
  hasColumn(table: string, column: string): Promise<boolean>;
}

// ---- the snapshots: SQLite, on the connection that holds them ------------------------------

interface Snapshot {
  table: string;
  columns: string[];
  all: string[];
  filters: Filter[];
}

const quoted = (column: string) => `"${column}"`;

/**
 * Read a list into its snapshot, a temporary table of `local`, from `source` (a FROM clause of
 * `local`); indexed by its filters and report. Its rows are stored in the list's order and then by
 * every column, not in the order the source gave them (which depends on the database's plan): rowid,
 * the last word of every page's order, then breaks ties alike over SQLite and PostgreSQL.
 */
function readSnapshot(local: Store, name: ListName, source: string): Snapshot {
  const table = `desk_${name}`;
  local.exec(`DROP TABLE IF EXISTS temp."${table}"`);
  const all = local
    .prepare(`SELECT * FROM ${source}`)
    .columns()
    .map((c) => c.name);
  local.exec(`CREATE TEMP TABLE "${table}" AS SELECT * FROM ${source} ORDER BY ${LISTS[name].order}, ${all.map(quoted).join(', ')}`);
  const filters = FILTERS.filter((f) => all.includes(f));
  for (const column of [...filters, 'report_id'].filter((c) => all.includes(c))) {
    local.exec(`CREATE INDEX temp."${table}_${column}" ON "${table}" ("${column}")`);
  }
  const hidden: readonly string[] = LISTS[name].hidden;
  return { table, all, columns: all.filter((c) => !hidden.includes(c)), filters };
}

function whereOf(snapshot: Snapshot, filters: Filters): { sql: string; params: string[] } {
  const used = snapshot.filters.filter((f) => filters[f] !== undefined && filters[f] !== '');
  return {
    sql: used.length ? `WHERE ${used.map((f) => `"${f}" = ?`).join(' AND ')}` : '',
    params: used.map((f) => filters[f]!),
  };
}

function pageOf(local: Store, name: ListName, snapshot: Snapshot, query: ListQuery): ListPage {
  const { sql, params } = whereOf(snapshot, query.filters);
  const sortColumn = query.sort && snapshot.columns.includes(query.sort) ? query.sort : null;
  // Empty values last whichever way, and a stable tie-break, so pages never overlap.
  const order = sortColumn ? `"${sortColumn}" IS NULL, "${sortColumn}" ${query.descending ? 'DESC' : 'ASC'}, rowid` : `${LISTS[name].order}, rowid`;
  const total = local.prepare<string[], { n: number }>(`SELECT count(*) AS n FROM temp."${snapshot.table}" ${sql}`).get(...params)!.n;
  const rows = local
    .prepare<unknown[], Row>(`SELECT * FROM temp."${snapshot.table}" ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, query.pageSize, (query.page - 1) * query.pageSize);
  return { columns: snapshot.columns, filters: snapshot.filters, rows, total };
}

const countOf = (local: Store, snapshot: Snapshot) => local.prepare<[], { n: number }>(`SELECT count(*) AS n FROM temp."${snapshot.table}"`).get()!.n;

function choicesOf(local: Store, snapshot: Snapshot): Partial<Record<Filter, (string | number)[]>> {
  return Object.fromEntries(
    snapshot.filters.map((f) => [
      f,
      local
        .prepare<[], { v: string | number }>(
          `SELECT DISTINCT "${f}" AS v FROM temp."${snapshot.table}" WHERE "${f}" IS NOT NULL ORDER BY v ${f === 'year' ? 'DESC' : ''}`,
        )
        .all()
        .map((r) => r.v),
    ]),
  );
}

/** The copies of a report: its own row of report_copies, and the rows of the same report in other files. */
function copiesOf(local: Store, copies: Snapshot, report: Row): Row[] {
  return local
    .prepare<unknown[], Row>(
      `SELECT c.* FROM temp."${copies.table}" c
       WHERE c.report_id = ?
          OR (c.department = ? AND c.year = ? AND c.kind = ? AND c.project IS ? AND c.kind <> 'unknown')
       ORDER BY c.chosen DESC, c.path`,
    )
    .all(report.report_id, report.department, report.year, report.kind, report.project);
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

function missedOf(local: Store, missed: Snapshot, filters: Filters, limit: number): { department: string | null; missed: number }[] {
  const { sql, params } = whereOf(missed, filters);
  return local
    .prepare<unknown[], { department: string | null; missed: number }>(
      `SELECT department, count(*) AS missed FROM temp."${missed.table}" ${sql} GROUP BY department ORDER BY missed DESC, department LIMIT ?`,
    )
    .all(...params, limit);
}

function departmentYearsOf(local: Store, department: string, missed: Snapshot, copies: Snapshot, budget: Snapshot): DepartmentYear[] {
  const byYear = spending(budget.table, 'year', 'AND department = ?');
  return local
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

// ---- the database: one report, where a value was read, files ----------------------------------

const REPORT_SQL = `SELECT r.id AS report_id, r.title, r.department, r.region, r.year, r.kind, r.project, r.self_score, r.grade,
                           d.id AS document_id, d.path, d.url, d.file_name, d.format, d.pages, d.is_current, d.ingested_at
                    FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`;

function parseLocation(json: unknown, field: string): CellLocation | null {
  if (typeof json !== 'string') return null;
  try {
    const location = (JSON.parse(json) as Record<string, unknown>)[field];
    return location && typeof location === 'object' ? (location as CellLocation) : null;
  } catch {
    return null;
  }
}

async function tableCells(db: DeskDatabase, documentId: number, where: string, param: string | number): Promise<ValueSource['table']> {
  const table = await db.get<{ id: number; label: string | null }>(`SELECT id, label FROM source_tables WHERE document_id = ? AND ${where}`, [
    documentId,
    param,
  ]);
  if (!table) return null;
  // The mixed-case names quoted: PostgreSQL folds an unquoted name to lower case, SQLite keeps it as written.
  const cells = await db.all<SourceCell>(
    `SELECT row_no AS row, column_no AS col, row_span AS "rowSpan", column_span AS "colSpan", text, ref FROM source_cells WHERE table_id = ? ORDER BY row_no, column_no`,
    [table.id],
  );
  return { label: table.label, cells };
}

/** How many paths one statement asks for at most (SQLite binds up to 32766 values). */
const PATHS_PER_QUERY = 500;

// ---- the desk over either database -------------------------------------------------------------

/**
 * The desk over a database (`D`), its snapshots in temporary tables of the SQLite connection `local`.
 * What differs between the databases: how a call learns that the data changed (`reading`), where a
 * snapshot's rows come from (`snapshotSource`), and search.
 */
export abstract class Desk<D extends DeskDatabase = DeskDatabase> implements DeskReader {
  private version: unknown = undefined;
  private snapshots = new Map<ListName, Snapshot>();
  private memos = new Map<string, unknown>();

  protected constructor(
    readonly name: string,
    protected readonly local: Store,
  ) {}

  /** Run one call against the database; first `changedTo` the data's version. */
  protected abstract reading<T>(read: (db: D) => Promise<T>): Promise<T>;
  /** What a list's snapshot is read from, as a FROM clause of `local`: the list's SELECT itself, or a table filled from elsewhere. */
  protected abstract snapshotSource(db: D, name: ListName): Promise<string>;
  /** Once a snapshot has been read from its source. */
  protected snapshotRead(): void {}
  abstract search(query: string, options?: SearchOptions): Promise<SearchResult>;
  abstract close(): Promise<void>;

  /** The snapshots and everything computed from them, forgotten (their tables dropped) when the data is no longer at their version. */
  protected changedTo(version: unknown): void {
    if (version === this.version) return;
    for (const snapshot of this.snapshots.values()) this.local.exec(`DROP TABLE IF EXISTS temp."${snapshot.table}"`);
    this.version = version;
    this.snapshots = new Map();
    this.memos = new Map();
  }

  /** A value computed once per version of the data. */
  private async memo<T>(key: string, compute: () => T | Promise<T>): Promise<T> {
    if (!this.memos.has(key)) this.memos.set(key, await compute());
    return this.memos.get(key) as T;
  }

  private async snapshot(db: D, name: ListName): Promise<Snapshot> {
    const known = this.snapshots.get(name);
    if (known) return known;
    const snapshot = readSnapshot(this.local, name, await this.snapshotSource(db, name));
    this.snapshotRead();
    this.snapshots.set(name, snapshot);
    return snapshot;
  }

  private lists(db: D): Promise<ListName[]> {
    return this.memo('lists', async () => {
      const found: ListName[] = [];
      for (const name of LIST_NAMES) {
        const { requires } = LISTS[name] as ListSource;
        if (!requires || (await db.hasRelation(requires))) found.push(name);
      }
      return found;
    });
  }

  /** The cells column where the store has it (provenance of each value), else null in its place. */
  private async cellsColumn(db: D, table: string, alias = ''): Promise<string> {
    const has = await this.memo(`column ${table}.cells`, () => db.hasColumn(table, 'cells'));
    return has ? `${alias}cells` : 'NULL AS cells';
  }

  availableLists(): Promise<ListName[]> {
    return this.reading((db) => this.lists(db));
  }

  listPage(name: ListName, query: ListQuery): Promise<ListPage> {
    return this.reading(async (db) => pageOf(this.local, name, await this.snapshot(db, name), query));
  }

  listCounts(): Promise<Record<string, number | null>> {
    return this.reading(async (db) => {
      const counts: Record<string, number | null> = {};
      for (const name of await this.lists(db)) {
        const source: ListSource = LISTS[name];
        counts[name] = source.onDemand && !this.snapshots.has(name) ? null : countOf(this.local, await this.snapshot(db, name));
      }
      return counts;
    });
  }

  filterChoices(name: ListName): Promise<Partial<Record<Filter, (string | number)[]>>> {
    return this.reading(async (db) => this.memo(`choices ${name}`, async () => choicesOf(this.local, await this.snapshot(db, name))));
  }

  reportDetail(reportId: number): Promise<ReportDetail | null> {
    return this.reading(async (db) => {
      const report = await db.get(REPORT_SQL, [reportId]);
      if (!report) return null;
      const byReport = (sql: string) => db.all(sql, [reportId]);
      return {
        report,
        budgetLines: await byReport(
          `SELECT id, line_no, page, project, name, initial_budget, adjustment, final_budget, spent, execution_rate, weight, score,
                  ${await this.cellsColumn(db, 'budget_lines')}
           FROM budget_lines WHERE report_id = ? ORDER BY line_no`,
        ),
        indicators: await byReport(
          `SELECT id, line_no, page, project, subproject, level1, category, name, target_raw AS target, actual_raw AS actual, weight, score,
                  deviation, met, ${await this.cellsColumn(db, 'indicators')}
           FROM indicators WHERE report_id = ? ORDER BY line_no`,
        ),
        checks: await byReport(`SELECT "check", subject, project, stated, computed, detail, page FROM checks WHERE report_id = ? ORDER BY id`),
        sections: await byReport(`SELECT section_no, level, heading, path, tag, page, text FROM sections WHERE report_id = ? ORDER BY section_no`),
        copies: copiesOf(this.local, await this.snapshot(db, 'copies'), report),
      };
    });
  }

  valueSource(owner: ValueOwner, id: number, field: string): Promise<ValueSource | null> {
    if (!(VALUE_FIELDS[owner] as readonly string[]).includes(field)) return Promise.resolve(null);
    const table = owner === 'indicator' ? 'indicators' : 'budget_lines';
    const column = owner === 'indicator' && (field === 'target' || field === 'actual') ? `${field}_raw` : field;
    return this.reading(async (db) => {
      const row = await db.get<Row & { report_id: number; document_id: number; table_no: number | null }>(
        `SELECT x.name, x."${column}" AS value, x.report_id, x.page, ${await this.cellsColumn(db, table, 'x.')},
                t.table_no, d.id AS document_id, d.path, d.url, d.format, d.pages, d.ocr
         FROM ${table} x JOIN reports r ON r.id = x.report_id JOIN documents d ON d.id = r.document_id
         LEFT JOIN source_tables t ON t.id = x.table_id
         WHERE x.id = ?`,
        [id],
      );
      if (!row) return null;
      const location = parseLocation(row.cells, field);
      let cells: ValueSource['table'] = null;
      if (location && 'table' in location) cells = await tableCells(db, row.document_id, 'table_no = ?', location.table);
      else if (location && 'sheet' in location) cells = await tableCells(db, row.document_id, 'label = ?', `sheet ${location.sheet}`);
      else if (!location && row.table_no !== null && row.format !== 'pdf') cells = await tableCells(db, row.document_id, 'table_no = ?', row.table_no);
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
    });
  }

  storedFile(documentId: number): Promise<StoredFile | null> {
    return this.reading(async (db) => {
      const doc = await db.get<{ path: string; sha256: string; size_bytes: number; format: string | null; file_name: string; url: string | null }>(
        `SELECT path, sha256, size_bytes, format, file_name, url FROM documents WHERE id = ?`,
        [documentId],
      );
      if (!doc) return null;
      const copies = await db.all<{ path: string }>(`SELECT path FROM file_copies WHERE document_id = ? ORDER BY id`, [documentId]);
      return {
        id: documentId,
        paths: [doc.path, ...copies.map((c) => c.path)],
        sha256: doc.sha256,
        sizeBytes: doc.size_bytes,
        format: doc.format,
        fileName: doc.file_name,
        url: doc.url,
      };
    });
  }

  reportsAtPaths(paths: string[]): Promise<Map<string, number>> {
    return this.reading(async (db) => {
      const unique = [...new Set(paths)];
      const found = new Map<string, number>();
      for (let start = 0; start < unique.length; start += PATHS_PER_QUERY) {
        const some = unique.slice(start, start + PATHS_PER_QUERY);
        const rows = await db.all<{ path: string; id: number }>(
          `SELECT d.path, r.id FROM reports r JOIN documents d ON d.id = r.document_id
           WHERE d.is_current = 1 AND d.path IN (${some.map(() => '?').join(', ')}) ORDER BY r.id`,
          some,
        );
        for (const row of rows) if (!found.has(row.path)) found.set(row.path, row.id);
      }
      return found;
    });
  }

  executionByYearAndRegion(): Promise<ExecutionRate[]> {
    return this.reading(async (db) => {
      const budget = await this.snapshot(db, 'budget_execution');
      return this.memo('execution', () => this.local.prepare<[], ExecutionRate>(`${spending(budget.table, 'year, region')} ORDER BY year, region`).all());
    });
  }

  missedByDepartment(filters: Filters, limit = 20): Promise<{ department: string | null; missed: number }[]> {
    return this.reading(async (db) => missedOf(this.local, await this.snapshot(db, 'missed_targets'), filters, limit));
  }

  departmentYears(department: string): Promise<DepartmentYear[]> {
    return this.reading(async (db) => {
      const [missed, copies, budget] = [
        await this.snapshot(db, 'missed_targets'),
        await this.snapshot(db, 'copies'),
        await this.snapshot(db, 'budget_execution'),
      ];
      return departmentYearsOf(this.local, department, missed, copies, budget);
    });
  }
}

// ---- the desk over a SQLite file ---------------------------------------------------------------

/** The desk over a SQLite file, opened read-only: the snapshots are temporary tables of its own connection. */
class SqliteDesk extends Desk {
  private readonly database: DeskDatabase;

  constructor(private readonly db: Store) {
    super(db.name, db);
    this.database = {
      get: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).get(...params) as T | undefined,
      all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
      hasRelation: async (name) => db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = ? AND type IN ('table', 'view')`).get(name) !== undefined,
      hasColumn: async (table, column) => db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column) !== undefined,
    };
  }

  protected async reading<T>(read: (db: DeskDatabase) => Promise<T>): Promise<T> {
    // data_version moves when another connection has written to the file.
    this.changedTo(this.db.pragma('data_version', { simple: true }));
    return read(this.database);
  }

  protected async snapshotSource(_db: DeskDatabase, name: ListName): Promise<string> {
    return `(${LISTS[name].select})`;
  }

  async search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return search(this.db, query, options);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The desk's reader of the database a --db names: a SQLite file opened read-only, or a postgres:// address (desk-postgres.ts). */
export async function openDeskReader(location: string): Promise<DeskReader> {
  if (isPostgresLocation(location)) {
    const { openPostgresDesk } = await import('./desk-postgres.js');
    return openPostgresDesk(location);
  }
  return new SqliteDesk(openStore(location, { readonly: true }));
}
