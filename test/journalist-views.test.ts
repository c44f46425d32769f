/**
 * What a journalist asks of the bundled reports: what was missed (each report once, however many files
 * hold it), do the figures add up, what problems were admitted.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { openStore, type Store } from '../src/store/db.js';
import { searchSections } from '../src/store/read.js';
import { FIXTURES } from './support/golden.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-views-'));

describe('the bundled reports, each in several files', () => {
  let db: Store;
  let folder: string;
  beforeAll(async () => {
    folder = temp();
    const files = ['jiangmen-2021.txt', 'jiangmen-2021.docx', 'jiangmen-2021.html', 'project-2021.html', 'project-2021.xlsx', 'dept-with-projects-2021.docx'];
    for (const file of files) copyFileSync(path.join(FIXTURES, file), path.join(folder, file));
    const database = path.join(temp(), 'db.sqlite');
    await ingest([folder], { database, runner: inProcessRunner() });
    db = openStore(database, { readonly: true });
  });

  it('lists one row per missed target: three for the Jiangmen bureau', () => {
    const rows = db.prepare(`SELECT kind, project, indicator, target, actual FROM missed_targets ORDER BY kind, indicator`).all();
    expect(rows).toEqual([
      { kind: 'department_overall', project: '工业扶持专项资金', indicator: '5G应用示范项目', target: '5个', actual: '0个' },
      { kind: 'department_overall', project: '工业扶持专项资金', indicator: '5G示范园区', target: '1个', actual: '0个' },
      { kind: 'project', project: '市工业互联网专项资金', indicator: '资金拨付及时率', target: '100%', actual: '95%' },
    ]);
  });

  it('lists every file holding a copy, the bundled project forms included, and chooses one copy of each', () => {
    const rows = db
      .prepare(`SELECT kind, project, copies, chosen, file_name, attachment FROM report_copies ORDER BY kind, project, chosen DESC, file_name`)
      .all();
    expect(rows).toEqual([
      { kind: 'department_overall', project: null, copies: 4, chosen: 1, file_name: 'dept-with-projects-2021.docx', attachment: 0 },
      { kind: 'department_overall', project: null, copies: 4, chosen: 0, file_name: 'jiangmen-2021.docx', attachment: 0 },
      { kind: 'department_overall', project: null, copies: 4, chosen: 0, file_name: 'jiangmen-2021.html', attachment: 0 },
      { kind: 'department_overall', project: null, copies: 4, chosen: 0, file_name: 'jiangmen-2021.txt', attachment: 0 },
      // The standalone form states its score; the attachment's fields are the department report's.
      { kind: 'project', project: '市工业互联网专项资金', copies: 3, chosen: 1, file_name: 'project-2021.html', attachment: 0 },
      { kind: 'project', project: '市工业互联网专项资金', copies: 3, chosen: 0, file_name: 'dept-with-projects-2021.docx', attachment: 1 },
      { kind: 'project', project: '市工业互联网专项资金', copies: 3, chosen: 0, file_name: 'project-2021.xlsx', attachment: 0 },
      // Published only as an attachment: still a report, counted once.
      { kind: 'project', project: '无线电监管专项经费', copies: 1, chosen: 1, file_name: 'dept-with-projects-2021.docx', attachment: 1 },
    ]);
  });

  it('counts each report, budget line and indicator once, and deletes nothing', () => {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count(`SELECT count(*) AS n FROM current_reports`)).toBe(3);
    expect(count(`SELECT count(*) AS n FROM indicator_results`)).toBe(81 + 10 + 5);
    expect(count(`SELECT count(*) AS n FROM budget_execution`)).toBe(5 + 4 + 4);
    expect(db.prepare(`SELECT reports, final_budget, spent FROM department_spending`).all()).toEqual([{ reports: 1, final_budget: 83045000, spent: 82870700 }]);
    expect(count(`SELECT count(*) AS n FROM indicators`)).toBe(3 * 81 + 2 * 10 + 96);
  });

  it('finds no inconsistency in any of them', () => {
    expect(db.prepare(`SELECT * FROM inconsistencies`).all()).toEqual([]);
    expect(db.prepare(`SELECT count(*) AS n FROM checks`).get()).toEqual({ n: 0 });
  });

  it('finds the copies of each report in agreement: no conflicts', () => {
    expect(db.prepare(`SELECT * FROM copy_conflicts`).all()).toEqual([]);
  });

  it('keeps where every stated value was read, as extract prints it', () => {
    const unlocated = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE cells IS NULL`).get() as { n: number }).n;
    expect([unlocated('budget_lines'), unlocated('indicators')]).toEqual([0, 0]);
    const spent = db
      .prepare(
        `SELECT b.cells FROM budget_lines b JOIN reports r ON r.id = b.report_id JOIN documents d ON d.id = r.document_id
         WHERE d.file_name = 'project-2021.xlsx' AND b.name = '年度资金总额'`,
      )
      .get() as { cells: string };
    expect(JSON.parse(spent.cells)).toMatchObject({ spent: { sheet: 'Sheet1', ref: 'F6' } });
  });

  it('holds the Jiangmen report’s admitted problems, once', () => {
    const problems = db.prepare(`SELECT department, year, kind, project, heading, text FROM admitted_problems`).all();
    expect(problems).toEqual([
      {
        department: '江门市工业和信息化局',
        year: 2021,
        kind: 'department_overall',
        project: null,
        heading: '1、存在问题',
        text: '（1）绩效指标设置标准不统一，各项目科室设置绩效指标的能力有待提高。\n（2）预算编制准确性仍需提高，部分二级项目预算金额与实际支出金额差异较大。',
      },
    ]);
  });

  it('searches the sections a tag names', () => {
    const hits = searchSections(db, '存在问题', '预算编制');
    // One hit for the report, found in its four files: the innermost section, not the （四）存在问题及改进意见 around it.
    expect(hits.map((h) => [h.heading, h.copies])).toEqual([['1、存在问题', 4]]);
    expect(['dept-with-projects-2021.docx', 'jiangmen-2021.docx', 'jiangmen-2021.html', 'jiangmen-2021.txt']).toContain(path.basename(hits[0].path));
    expect(hits.every((h) => h.snippet.includes('[预算编制]'))).toBe(true);
    expect(searchSections(db, '改进措施', '准确性仍需提高')).toEqual([]);
    expect(searchSections(db, '存在问题', '科室').map((h) => [h.heading, h.copies])).toEqual([['1、存在问题', 4]]);
  });
});
