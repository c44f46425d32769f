/** The SQLite store and batch ingest, through the library (in-process runner). */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { datasetteMetadata, RELATIONS, schemaMarkdown } from '../src/store/docs.js';
import { migrate, openStore } from '../src/store/db.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { exportableRelations, exportRelation, searchText } from '../src/store/read.js';
import { FIXTURES } from './support/golden.js';
import { canonicalDump, rowCounts } from './support/database.js';

const rowCountsOf = (db: Database.Database, tables: string[]) => tables.map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-'));
const run = (paths: string[], database: string, reprocess = false) => ingest(paths, { database, runner: inProcessRunner(), reprocess });

/** A folder with the seed report in three formats. */
function seedFolder(): string {
  const folder = temp();
  for (const file of ['jiangmen-2021.txt', 'jiangmen-2021.docx', 'jiangmen-2021.pdf']) copyFileSync(path.join(FIXTURES, file), path.join(folder, file));
  return folder;
}

describe('the schema', () => {
  it('has exactly the tables, views and columns its documentation describes', () => {
    const db = openStore(path.join(temp(), 'db.sqlite'));
    for (const relation of RELATIONS) {
      const columns = db
        .prepare(`SELECT name FROM pragma_table_info(?)`)
        .all(relation.name)
        .map((r) => (r as { name: string }).name);
      expect([relation.name, columns]).toEqual([relation.name, Object.keys(relation.columns)]);
    }
    expect(exportableRelations(db)).toEqual(RELATIONS.map((r) => r.name).sort());
  });

  it('ships a Datasette metadata file generated from that documentation', () => {
    const shipped = JSON.parse(readFileSync(path.resolve(FIXTURES, '../datasette-metadata.json'), 'utf8'));
    expect(shipped).toEqual(datasetteMetadata('jixiao'));
  });

  it('migrates an empty database to the current version, and refuses a newer one', () => {
    const file = path.join(temp(), 'db.sqlite');
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    migrate(raw);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(raw)).toThrow(/newer than this jixiao/);
  });

  it('lets reports.kind be budget in a database written before that kind existed, keeping every row', () => {
    const raw = new Database(path.join(temp(), 'db.sqlite'));
    raw.pragma('foreign_keys = ON');
    raw.exec(MIGRATIONS[0] as string);
    raw.pragma('user_version = 1');
    raw.exec(`
      INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at)
        VALUES (1, 'a.pdf', 'a.pdf', 'x', 1, 'ok', 1, 1, '0', '2026-01-01');
      INSERT INTO reports (id, document_id, kind) VALUES (1, 1, 'project');
      INSERT INTO budget_lines (report_id, line_no, name) VALUES (1, 0, '项目经费');
      INSERT INTO indicators (report_id, line_no, name) VALUES (1, 0, '培训人数');`);
    const insertReport = (kind: string) => raw.prepare(`INSERT INTO reports (document_id, kind) VALUES (1, ?)`).run(kind);
    expect(() => insertReport('budget')).toThrow(/CHECK constraint/);
    migrate(raw);
    expect(rowCountsOf(raw, ['reports', 'budget_lines', 'indicators'])).toEqual([1, 1, 1]);
    raw.prepare(`DELETE FROM reports`).run();
    raw
      .prepare(
        `INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at) VALUES (2, 'b.pdf', 'b.pdf', 'y', 1, 'ok', 1, 1, '0', '2026-01-01')`,
      )
      .run();
    expect(() => raw.prepare(`INSERT INTO reports (document_id, kind) VALUES (2, 'budget')`).run()).not.toThrow();
    expect(() => raw.prepare(`INSERT INTO reports (document_id, kind) VALUES (1, 'budget_book')`).run()).toThrow(/CHECK constraint/);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
  });

  it('stores a target table as a report of kind budget', async () => {
    const database = path.join(temp(), 'db.sqlite');
    const summary = await run([path.join(FIXTURES, 'real/guangdong-zhanjiang-rsj-2024-dept-perf-target-table-nearmiss.xlsx')], database);
    expect(summary).toMatchObject({ ingested: 1, failed: [] });
    const stored = openStore(database, { readonly: true }).prepare(`SELECT kind, year FROM current_reports`).all();
    expect(stored).toEqual([{ kind: 'budget', year: 2024 }]);
  });
});

describe('ingest', () => {
  let folder: string;
  let database: string;
  beforeAll(async () => {
    folder = seedFolder();
    database = path.join(temp(), 'db.sqlite');
    await run([folder], database);
  });

  it('stores each report with its records', () => {
    const db = openStore(database, { readonly: true });
    expect(rowCounts(db)).toMatchObject({ documents: 3, reports: 3, budget_lines: 15, indicators: 3 * 81 });
    const pdf = db.prepare(`SELECT pages, status FROM documents WHERE file_name = 'jiangmen-2021.pdf'`).get();
    expect(pdf).toEqual({ pages: 13, status: 'ok' });
  });

  it('skips every file the second time and changes nothing', async () => {
    const before = canonicalDump(openStore(database, { readonly: true }));
    const summary = await run([folder], database);
    expect(summary).toMatchObject({ files: 3, ingested: 0, skipped: 3, failed: [] });
    expect(canonicalDump(openStore(database, { readonly: true }))).toEqual(before);
  });

  it('lists exactly the indicators that missed their target in missed_targets', () => {
    const db = openStore(database, { readonly: true });
    const missed = db.prepare(`SELECT indicator FROM missed_targets ORDER BY indicator`).all();
    expect(missed).toEqual([{ indicator: '5G应用示范项目' }, { indicator: '5G示范园区' }]);
    // Each of the three files keeps its own records.
    expect(db.prepare(`SELECT count(*) AS n FROM indicators WHERE met = 0`).get()).toEqual({ n: 6 });
  });

  it('traces every number to its file and page', () => {
    const db = openStore(database, { readonly: true });
    const row = db
      .prepare(
        `SELECT d.path, i.page, i.target_raw AS target, i.actual_raw AS actual FROM indicators i JOIN reports r ON r.id = i.report_id
         JOIN documents d ON d.id = r.document_id WHERE i.name = '5G示范园区' AND d.path LIKE '%.pdf'`,
      )
      .get();
    expect(row).toEqual({ path: path.join(folder, 'jiangmen-2021.pdf'), page: 9, target: '1个', actual: '0个' });
    const counted = db.prepare(`SELECT path, page FROM indicator_results WHERE indicator = '5G示范园区'`).get() as { path: string; page: number | null };
    expect(counted.path.startsWith(folder)).toBe(true);
  });

  it('sums department spending from the department-level totals only, each report once', () => {
    const db = openStore(database, { readonly: true });
    const rows = db.prepare(`SELECT department, year, reports, final_budget, spent FROM department_spending`).all();
    expect(rows).toEqual([{ department: '江门市工业和信息化局', year: 2021, reports: 1, final_budget: 83045000, spent: 82870700 }]);
  });

  it('finds text with page numbers, for long and short queries', () => {
    const db = openStore(database, { readonly: true });
    const long = searchText(db, '预算执行率');
    expect(long.some((hit) => hit.path.endsWith('jiangmen-2021.pdf') && hit.page === 4)).toBe(true);
    const short = searchText(db, '绩效', 50);
    expect(short.filter((hit) => hit.path.endsWith('.pdf')).map((hit) => hit.page)).toContain(1);
    expect(short[0].snippet).toContain('[绩效]');
    expect(searchText(db, '工业和信息化局').every((hit) => hit.match === 'exact')).toBe(true);
  });

  it('finds Traditional text with a Simplified query', async () => {
    const db = path.join(temp(), 'db.sqlite');
    await run([path.join(FIXTURES, 'jiangmen-2021-hant.docx')], db);
    const store = openStore(db, { readonly: true });
    const hits = searchText(store, '预算编制');
    expect(hits).toHaveLength(1);
    expect(searchText(store, '預算編制')).toHaveLength(1);
    expect(store.prepare(`SELECT count(*) AS n FROM document_text WHERE text LIKE '%預算編制%'`).get()).toEqual({ n: 1 });
  });

  it('exports a view as CSV and JSON', () => {
    const db = openStore(database, { readonly: true });
    let csv = '';
    expect(exportRelation(db, 'missed_targets', 'csv', (chunk) => (csv += chunk))).toBe(2);
    expect(csv.split('\n')[0]).toMatch(/^department,region,year,kind,project/);
    let json = '';
    exportRelation(db, 'department_spending', 'json', (chunk) => (json += chunk));
    expect(JSON.parse(json)).toHaveLength(1);
    expect(() => exportRelation(db, 'sqlite_schema', 'csv', () => undefined)).toThrow(/no table or view/);
  });
});

describe('history', () => {
  it('stores a changed file at a known path as a new version and keeps the old one', async () => {
    const folder = temp();
    const file = path.join(folder, 'report.txt');
    const database = path.join(temp(), 'db.sqlite');
    const text = readFileSync(path.join(FIXTURES, 'jiangmen-2021.txt'), 'utf8');
    writeFileSync(file, text);
    await run([folder], database);
    writeFileSync(file, text.replace('97.5分', '96.5分'));
    const summary = await run([folder], database);
    expect(summary).toMatchObject({ ingested: 1, skipped: 0 });
    const db = openStore(database, { readonly: true });
    expect(db.prepare(`SELECT version, is_current FROM documents ORDER BY version`).all()).toEqual([
      { version: 1, is_current: 0 },
      { version: 2, is_current: 1 },
    ]);
    expect(db.prepare(`SELECT self_score FROM current_reports`).all()).toEqual([{ self_score: 96.5 }]);
  });

  it('re-reads stored documents with --reprocess, from the stored model when the file is gone', async () => {
    const folder = temp();
    const file = path.join(folder, 'report.html');
    copyFileSync(path.join(FIXTURES, 'project-2021.html'), file);
    const database = path.join(temp(), 'db.sqlite');
    await run([folder], database);
    const before = canonicalDump(openStore(database, { readonly: true }));
    writeFileSync(file, 'changed');
    const summary = await run([], database, true);
    expect(summary).toMatchObject({ reprocessed: 1, failed: [] });
    expect(canonicalDump(openStore(database, { readonly: true }))).toEqual(before);
  });
});

describe('bad files in a batch', () => {
  it('ingests the good ones, records each bad one with its reason, and loses nothing', async () => {
    const folder = temp();
    mkdirSync(path.join(folder, 'bad'));
    for (const file of ['project-2021.html', 'jiangmen-2021.txt']) copyFileSync(path.join(FIXTURES, file), path.join(folder, file));
    const bad = ['empty.pdf', 'truncated.pdf', 'encrypted.pdf', 'not-really.docx', 'no-tables.html', 'contacts-table.html'];
    for (const file of bad) copyFileSync(path.join(FIXTURES, 'bad', file), path.join(folder, 'bad', file));
    const database = path.join(temp(), 'db.sqlite');
    const summary = await run([folder], database);
    expect(summary.ingested).toBe(4);
    expect(summary.failed.map((f) => [path.basename(f.path), f.error]).sort()).toEqual([
      ['empty.pdf', 'empty file'],
      ['encrypted.pdf', 'password required: the PDF is encrypted'],
      ['not-really.docx', 'not a DOCX file: no ZIP container (damaged, or the extension is wrong)'],
      ['truncated.pdf', 'damaged PDF: Invalid PDF structure'],
    ]);
    const db = openStore(database, { readonly: true });
    expect(db.prepare(`SELECT status, count(*) AS n FROM documents GROUP BY status ORDER BY status`).all()).toEqual([
      { status: 'failed', n: 4 },
      { status: 'ok', n: 4 },
    ]);
    expect(db.prepare(`SELECT count(*) AS n FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.status = 'failed'`).get()).toEqual({ n: 0 });
  });
});

describe('docs/database.md', () => {
  it('describes the schema as docs.ts does (regenerate with scripts/datasette-metadata.ts)', () => {
    const readme = readFileSync(path.resolve(FIXTURES, '../docs/database.md'), 'utf8');
    expect(readme).toContain(`<!-- schema:start -->\n${schemaMarkdown()}\n<!-- schema:end -->`);
  });
});
