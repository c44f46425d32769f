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

/** Fill the regions table from the vocabulary (the current list and its history). */
function writeRegions(db: Store): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO regions (code, name, level, parent, province, valid_from, valid_to) VALUES (@code, @name, @level, @parent, @province, @validFrom, @validTo)`,
  );
  const { byCode } = regionGazetteer();
  for (const region of allRegions()) {
    insert.run({ ...region, province: byCode.get(`${region.code.slice(0, 2)}0000`)?.[0]?.name ?? null });
  }
}

interface StoredReport {
  id: number;
  department: string | null;
  region: string | null;
  year: number | null;
  department_id: number | null;
}

function statements(db: Store) {
  return {
    regionsWritten: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM regions LIMIT 1)'),
    report: db.prepare<[number], StoredReport>('SELECT id, department, region, year, department_id FROM reports WHERE id = ?'),
    // Texts that may name the place, used only to decide between candidates: the title, the link the
    // crawl followed, and the name of the site it crawled (江门市财政局 预算绩效管理).
    hints: db.prepare<[number], { title: string | null; link_text: string | null; site: string | null }>(
      `SELECT r.title, d.link_text, (SELECT q.site FROM crawl_queue q WHERE q.document_id = d.id LIMIT 1) AS site
       FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`,
    ),
    setRegion: db.prepare('UPDATE reports SET region_code = @code, province = @province, region_note = @note WHERE id = @id'),
    department: db.prepare(
      `INSERT INTO departments (identity, name, core_name, region_code, province, name_year) VALUES (@identity, @name, @core, @region_code, @province, @year)
       ON CONFLICT (identity) DO UPDATE SET name = CASE WHEN coalesce(excluded.name_year, -1) >= coalesce(name_year, -1) THEN excluded.name ELSE name END,
         name_year = max(coalesce(name_year, -1), coalesce(excluded.name_year, -1))`,
    ),
    departmentId: db.prepare<[string], { id: number }>('SELECT id FROM departments WHERE identity = ?'),
    alias: db.prepare(
      `INSERT INTO department_aliases (department_id, alias, reason, first_year, last_year) VALUES (@id, @alias, @reason, @year, @year)
       ON CONFLICT (department_id, alias) DO UPDATE SET first_year = min(coalesce(first_year, excluded.first_year), coalesce(excluded.first_year, first_year)),
         last_year = max(coalesce(last_year, excluded.last_year), coalesce(excluded.last_year, last_year))`,
    ),
    setDepartment: db.prepare('UPDATE reports SET department_id = ? WHERE id = ?'),
    // A report linked again (its region decided anew) may leave the department it had without reports.
    dropUnused: db.prepare('DELETE FROM departments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM reports WHERE department_id = departments.id)'),
    indicators: db.prepare<[number], { id: number; name: string | null; project: string | null }>(
      'SELECT id, name, project FROM indicators WHERE report_id = ?',
    ),
    setIndicatorKeys: db.prepare('UPDATE indicators SET name_key = ?, project_key = ? WHERE id = ?'),
  };
}

type Statements = ReturnType<typeof statements>;
const prepared = new WeakMap<Store, Statements>();

/** Resolve a stored report's region, join its department, and key its indicators for series. */
export function linkReport(db: Store, reportId: number): void {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = statements(db)));
  // Checked each time: a first writing rolled back with its transaction (a full disk) is done again.
  if (s.regionsWritten.get()!.n === 0) writeRegions(db);
  const report = s.report.get(reportId);
  if (!report) return;
  const places = regionGazetteer();
  const hints = s.hints.get(reportId);
  const region = resolveRegion(places, { ...report, hints: hints ? [hints.title, hints.link_text, hints.site] : [] });
  s.setRegion.run({ ...region, id: reportId });
  if (report.department) {
    const identity = departmentIdentity(report.department, region.code, region.code ? namesAboveOnce(region.code) : []);
    if (identity) {
      s.department.run({
        identity: identity.key,
        name: report.department.trim(),
        core: identity.core,
        region_code: region.code,
        province: region.province,
        year: report.year,
      });
      const id = s.departmentId.get(identity.key)!.id;
      s.alias.run({ id, alias: report.department.trim(), reason: identity.reasons.join('; ') || 'the name itself', year: report.year });
      s.setDepartment.run(id, reportId);
    }
  }
  if (report.department_id !== null) s.dropUnused.run(report.department_id);
  for (const indicator of s.indicators.all(reportId)) {
    s.setIndicatorKeys.run(seriesKey(indicator.name), seriesKey(indicator.project, { project: true }), indicator.id);
  }
}
