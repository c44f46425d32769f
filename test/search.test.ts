/**
 * Search as a reader uses it: a phrase is found however the document wraps or prints it, terms
 * separated by spaces must all occur, a report published in several files is one hit, and the
 * indexes are declared so sqlite-utils and Datasette find them.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { paragraph, table, type Cell } from '../src/extract/model.js';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { migrate, openStore, type Store } from '../src/store/db.js';
import { search } from '../src/store/read.js';
import { foldForSearch, searchTextByPage } from '../src/store/search-text.js';
import { databaseBefore } from './support/full-store.js';
import { FIXTURES } from './support/golden.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-search-'));
const cell = (text: string): Cell => ({ text, rowSpan: 1, colSpan: 1, page: 1 }) as Cell;

/** The seed report in four files, and its project form in two. */
const COPIES = ['jiangmen-2021.pdf', 'jiangmen-2021.docx', 'jiangmen-2021.txt', 'jiangmen-2021.html'];
const FORMS = ['project-2021.pdf', 'project-2021.docx'];

let db: Store;
beforeAll(async () => {
  const folder = temp();
  for (const file of [...COPIES, ...FORMS]) copyFileSync(path.join(FIXTURES, file), path.join(folder, file));
  const database = path.join(temp(), 'db.sqlite');
  await ingest([folder], { database, runner: inProcessRunner() });
  db = openStore(database, { readonly: true });
}, 120_000);

describe('the search form of a text', () => {
  it('folds full-width letters, digits and brackets (NFKC)', () => {
    expect(foldForSearch('５Ｇ应用（万元）')).toBe('5G应用(万元)');
  });

  it('holds a cell wrapped over lines on one line, as the records read it', () => {
    const document = {
      format: 'pdf' as const,
      pages: 1,
      declaredTitle: null,
      blocks: [table([[cell('推动企业获\n省级企业技\n术中心认定'), cell('≥3家')]], 1), paragraph('正文', 1)],
    };
    expect(searchTextByPage(document).get(1)).toBe('推动企业获省级企业技术中心认定\t≥3家\n正文');
  });
});

describe('search', () => {
  it('finds a phrase wrapped inside a table cell in the PDF copy, with its page', () => {
    const { hits } = search(db, '推动企业获省级企业技术中心认定');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ match: 'exact', department: '江门市工业和信息化局', year: 2021 });
    expect(hits[0].path.endsWith('.pdf')).toBe(true);
    expect(hits[0].page).toEqual(expect.any(Number));
  });

  it('folds the query as the text: full-width letters find the half-width ones', () => {
    expect(search(db, '５Ｇ应用').hits.length).toBeGreaterThan(0);
    expect(search(db, '５Ｇ应用').hits).toEqual(search(db, '5G应用').hits);
  });

  it('reads spaces as AND', () => {
    const both = search(db, '绩效 自评');
    expect(both.hits.length).toBeGreaterThan(0);
    for (const term of ['绩效', '自评']) expect(search(db, term).total).toBeGreaterThanOrEqual(both.total);
    expect(search(db, '绩效 完全没有的词语').hits).toEqual([]);
  });

  it('lists a report once, with how many of its files hold the text', () => {
    const { hits } = search(db, '部门整体支出');
    const seed = hits.filter((hit) => hit.department === '江门市工业和信息化局' && hit.year === 2021);
    expect(seed.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => `${hit.department} ${hit.year} ${hit.path}`)).size).toBe(hits.length);
    expect(Math.max(...seed.map((hit) => hit.copies))).toBe(COPIES.length);
  });

  it('prefers the copy with page numbers', () => {
    const [hit] = search(db, '预算编制准确性').hits;
    expect(hit.path.endsWith('jiangmen-2021.pdf')).toBe(true);
    expect(hit.page).toBe(13);
  });

  it('says how many reports the limit left out', () => {
    const all = search(db, '绩效', { limit: 100 });
    expect(all.total).toBeGreaterThan(1);
    const cut = search(db, '绩效', { limit: 1 });
    expect(cut.hits).toHaveLength(1);
    expect(cut.total).toBe(all.total);
    // The best hit, its copies counted over every match, whatever the limit.
    expect(cut.hits[0]).toEqual(all.hits[0]);
  });

  it('falls back to partial matches only when most of the phrase occurs, and marks them', () => {
    const near = search(db, '预算执行率');
    expect(near.hits.length).toBeGreaterThan(0);
    expect(near.hits.every((hit) => hit.match === 'partial')).toBe(true);
    // Shares a piece or two with the reports (企业技, 技术中心…) but is said nowhere.
    expect(search(db, '企业技术中心搬迁补偿').hits).toEqual([]);
  });

  it('searches the sections a tag names, one hit per report', () => {
    const { hits } = search(db, '预算编制', { section: '存在问题' });
    expect(hits.map((hit) => [hit.heading, hit.copies])).toEqual([['1、存在问题', COPIES.length]]);
    expect(hits[0].snippet).toContain('[预算编制]');
  });
});

describe('the full-text indexes', () => {
  it('are declared as sqlite-utils and Datasette detect them (content="table")', () => {
    // The query sqlite-utils' Table.detect_fts() and Datasette's detect_fts() run.
    const detect = (table: string) =>
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE rootpage = 0 AND (sql LIKE '%VIRTUAL TABLE%USING FTS%content="' || ? || '"%' OR sql LIKE '%VIRTUAL TABLE%USING FTS%content=[' || ? || ']%')`,
        )
        .pluck()
        .all(table, table);
    expect(detect('sections')).toEqual(['sections_fts']);
    expect(detect('document_text')).toEqual(['document_text_fts']);
  });

  it('answer the query `sqlite-utils search DB sections 预算编制` runs, with the 存在问题 section', () => {
    const rows = db
      .prepare(
        `SELECT sections.heading, sections.tag FROM sections JOIN sections_fts ON sections_fts.rowid = sections.rowid WHERE sections_fts MATCH ? ORDER BY sections_fts.rank`,
      )
      .all('预算编制') as { heading: string; tag: string | null }[];
    expect(rows.some((row) => row.tag === '存在问题')).toBe(true);
  });

  it('store ids and pages as integers', () => {
    const types = db.prepare(`SELECT DISTINCT typeof(document_id) AS id, typeof(page) AS page FROM document_text WHERE page IS NOT NULL`).all();
    expect(types).toEqual([{ id: 'integer', page: 'integer' }]);
  });

  it('are built for a database written before them, its REAL ids made integers and its text folded', () => {
    const raw = databaseBefore(path.join(temp(), 'old.sqlite'), 'V_SEARCH');
    raw.exec(`
      INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at)
        VALUES (1, 'a.pdf', 'a.pdf', 'x', 1, 'ok', 1, 1, '0', '2026-01-01');
      INSERT INTO reports (id, document_id, kind, department, year) VALUES (1, 1, 'project', '某局', 2021);
      INSERT INTO document_text (document_id, page, text, text_simplified) VALUES (1.0, 2.0, '５Ｇ應用示範', '５Ｇ应用示范');
      INSERT INTO sections (report_id, section_no, level, heading, path, tag, page, text) VALUES (1, 0, 1, '存在问题', '存在问题', '存在问题', 2, '预算编制不够准确');
    `);
    migrate(raw);
    expect(raw.prepare(`SELECT typeof(document_id) AS id, typeof(page) AS page, search_text FROM document_text`).get()).toEqual({
      id: 'integer',
      page: 'integer',
      search_text: '5G应用示范',
    });
    expect(search(raw, '5G应用').hits.map((hit) => [hit.path, hit.page])).toEqual([['a.pdf', 2]]);
    expect(search(raw, '预算编制', { section: '存在问题' }).hits).toHaveLength(1);
  });
});
