/**
 * Where each report is and who issued it, across years: a report's region resolved to a code and its
 * department joined to one row of `departments`, with the spelling and the reason of each join kept in
 * `department_aliases`. Run for each report as it is stored, and by the migration for reports stored
 * before. The deciding is done by pure functions (normalize/region.ts, department-identity.ts); this
 * only reads and writes the rows.
 */
import { departmentIdentity, seriesKey } from '../normalize/department-identity.js';
import { buildGazetteer, namesAbove, resolveRegion, type Gazetteer } from '../normalize/region.js';
import { allRegions } from '../vocabulary/regions.js';
import type { Store } from './db.js';
import { all, get, run, runStepsOnSqlite, type StatementName, type Write } from './steps.js';

let gazetteer: Gazetteer | null = null;
/** The names above each region code met so far: a batch meets the same few places again and again. */
const prefixes = new Map<string, string[]>();

/** The regions as the resolver reads them (built once per process, on first use). */
export function regionGazetteer(): Gazetteer {
  gazetteer ??= buildGazetteer(allRegions());
  return gazetteer;
}

function namesAboveOnce(code: string): string[] {
  let names = prefixes.get(code);
  if (!names) prefixes.set(code, (names = namesAbove(regionGazetteer(), code)));
  return names;
}

/**
 * The statements of a linking, in SQLite's words, run by both stores (WRITE_SQL holds them too). Two
 * values' larger or smaller is max(a, b) / min(a, b), which PostgreSQL is given (postgres-compat.ts).
 */
export const LINK_SQL = {
  regionsWritten: 'SELECT count(*) AS n FROM (SELECT 1 FROM regions LIMIT 1) AS one',
  // ON CONFLICT with its key rather than INSERT OR REPLACE: the key is two columns, which PostgreSQL must be told.
  region: `INSERT INTO regions (code, name, level, parent, province, valid_from, valid_to) VALUES (@code, @name, @level, @parent, @province, @validFrom, @validTo)
     ON CONFLICT (code, name) DO UPDATE SET level = excluded.level, parent = excluded.parent, province = excluded.province,
       valid_from = excluded.valid_from, valid_to = excluded.valid_to`,
  linkedReport: 'SELECT id, department, region, year, department_id FROM reports WHERE id = ?',
  // Texts that may name the place, used only to decide between candidates: the title, the link the
  // crawl followed, and the name of the site it crawled (江门市财政局 预算绩效管理).
  regionHints: `SELECT r.title, d.link_text, (SELECT q.site FROM crawl_queue q WHERE q.document_id = d.id LIMIT 1) AS site
     FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`,
  setRegion: 'UPDATE reports SET region_code = @code, province = @province, region_note = @note WHERE id = @id',
  department: `INSERT INTO departments (identity, name, core_name, region_code, province, name_year) VALUES (@identity, @name, @core, @region_code, @province, @year)
     ON CONFLICT (identity) DO UPDATE SET name = CASE WHEN coalesce(excluded.name_year, -1) >= coalesce(departments.name_year, -1) THEN excluded.name ELSE departments.name END,
       name_year = max(coalesce(departments.name_year, -1), coalesce(excluded.name_year, -1))`,
  departmentId: 'SELECT id FROM departments WHERE identity = ?',
  alias: `INSERT INTO department_aliases (department_id, alias, reason, first_year, last_year) VALUES (@id, @alias, @reason, @year, @year)
     ON CONFLICT (department_id, alias) DO UPDATE SET
       first_year = min(coalesce(department_aliases.first_year, excluded.first_year), coalesce(excluded.first_year, department_aliases.first_year)),
       last_year = max(coalesce(department_aliases.last_year, excluded.last_year), coalesce(excluded.last_year, department_aliases.last_year))`,
  setDepartment: 'UPDATE reports SET department_id = ? WHERE id = ?',
  // A report linked again (its region decided anew) may leave the department it had without reports.
  dropUnused: 'DELETE FROM departments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM reports WHERE department_id = departments.id)',
  // A spelling no report of the department prints any more (its one report read again under another name).
  dropUnusedAliases: `DELETE FROM department_aliases WHERE department_id = ?
     AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.department_id = department_aliases.department_id AND trim(r.department) = department_aliases.alias)`,
  // Its name again from the reports it still has: the latest year's spelling, as the upsert above chooses.
  renameFromReports: `UPDATE departments SET
       name = (SELECT trim(r.department) FROM reports r WHERE r.department_id = departments.id ORDER BY coalesce(r.year, -1) DESC, r.id DESC LIMIT 1),
       name_year = (SELECT max(coalesce(r.year, -1)) FROM reports r WHERE r.department_id = departments.id)
     WHERE id = ? AND EXISTS (SELECT 1 FROM reports r WHERE r.department_id = departments.id)`,
  departmentsOfDocument: 'SELECT DISTINCT department_id FROM reports WHERE document_id = ? AND department_id IS NOT NULL',
  reportIndicators: 'SELECT id, name, project FROM indicators WHERE report_id = ?',
  setIndicatorKeys: 'UPDATE indicators SET name_key = ?, project_key = ? WHERE id = ?',
};

/** Fill the regions table from the vocabulary (the current list and its history). */
function* writeRegions(): Write<void> {
  const { byCode } = regionGazetteer();
  for (const region of allRegions()) {
    yield* run('region', { ...region, province: byCode.get(`${region.code.slice(0, 2)}0000`)?.[0]?.name ?? null });
  }
}

interface StoredReport {
  id: number;
  department: string | null;
  region: string | null;
  year: number | null;
  department_id: number | null;
}

/** Resolve a stored report's region, join its department, and key its indicators for series: as steps, for either store. */
export function* linkReportWrite(reportId: number): Write<void> {
  // Checked each time: a first writing rolled back with its transaction (a full disk) is done again.
  if (Number((yield* get<{ n: number }>('regionsWritten'))?.n ?? 0) === 0) yield* writeRegions();
  const report = yield* get<StoredReport>('linkedReport', reportId);
  if (!report) return;
  const places = regionGazetteer();
  const hints = yield* get<{ title: string | null; link_text: string | null; site: string | null }>('regionHints', reportId);
  const region = resolveRegion(places, { ...report, hints: hints ? [hints.title, hints.link_text, hints.site] : [] });
  yield* run('setRegion', { ...region, id: reportId });
  if (report.department) {
    const identity = departmentIdentity(report.department, region.code, region.code ? namesAboveOnce(region.code) : []);
    if (identity) {
      yield* run('department', {
        identity: identity.key,
        name: report.department.trim(),
        core: identity.core,
        region_code: region.code,
        province: region.province,
        year: report.year,
      });
      const id = Number((yield* get<{ id: number }>('departmentId', identity.key))!.id);
      yield* run('alias', { id, alias: report.department.trim(), reason: identity.reasons.join('; ') || 'the name itself', year: report.year });
      yield* run('setDepartment', id, reportId);
    }
  }
  if (report.department_id !== null) yield* run('dropUnused', report.department_id);
  for (const indicator of yield* all<{ id: number; name: string | null; project: string | null }>('reportIndicators', reportId)) {
    yield* run('setIndicatorKeys', seriesKey(indicator.name), seriesKey(indicator.project, { project: true }), indicator.id);
  }
}

/**
 * A document's reports are about to be replaced (read again): the departments they were joined to.
 * Given back to unlinkLeftovers once the new reading is stored and linked.
 */
export function* linkedDepartmentsWrite(documentId: number): Write<number[]> {
  return (yield* all<{ department_id: number }>('departmentsOfDocument', documentId)).map((row) => row.department_id);
}

/** Departments and spellings that the replaced reports alone held, gone, and names taken again from the reports left: a re-read leaves no trace of the reading it replaced. */
export function* unlinkLeftoversWrite(departmentIds: number[]): Write<void> {
  for (const id of departmentIds) {
    yield* run('dropUnusedAliases', id);
    yield* run('renameFromReports', id);
    yield* run('dropUnused', id);
  }
}

/** linkReport on a SQLite store, synchronously (the migration links the reports stored before it). */
export function linkReport(db: Store, reportId: number): void {
  runStepsOnSqlite(db, LINK_SQL as Record<StatementName, string>, linkReportWrite(reportId));
}
