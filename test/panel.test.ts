/**
 * The researchers' panel: a fixture re-issued for three years, with changed figures and the department
 * spelled three ways, is one department with one row a year and indicators followed across the years;
 * two bureaus of two places with one name stay apart; a database made before the panel is filled in.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { readForStore } from '../src/ingest/read.js';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { openStore, type Store } from '../src/store/db.js';
import { linkReport } from '../src/store/identity.js';
import { replaceContent, storeFile, type FileResult, type ReadDocument } from '../src/store/write.js';
import type { ReportRecord } from '../src/normalize/schema.js';
import { FIXTURES } from './support/golden.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-panel-'));

/** The Jiangmen report as issued in `year` under `department`, every amount and actual value scaled by `factor`. */
function reissued(original: FileResult, year: number, department: string, region: string, factor: number): FileResult {
  const read = original.outcome as ReadDocument;
  const scale = (n: number | null) => (n === null ? null : Math.round(n * factor));
  const record: ReportRecord = {
    ...read.record,
    report: { ...read.record.report, year, department, region },
    budget_lines: read.record.budget_lines.map((line) => ({ ...line, final_budget: scale(line.final_budget), spent: scale(line.spent) })),
    indicators: read.record.indicators.map((indicator) => ({
      ...indicator,
      actual:
        indicator.actual && indicator.actual.op !== 'text' && indicator.actual.op !== 'between'
          ? { ...indicator.actual, value: indicator.actual.value * factor }
          : indicator.actual,
    })),
  };
  return { ...original, path: `/reports/jiangmen-${year}.txt`, sha256: `${original.sha256}-${year}`, outcome: { ...read, record } };
}

describe('a report read again under another department', () => {
  it('leaves no department, nor spelling, that only its earlier reading held', async () => {
    const original = await readForStore(path.join(FIXTURES, 'jiangmen-2021.txt'));
    const db = openStore(path.join(temp(), 'db.sqlite'));
    const kept = reissued(original, 2021, '江门市工业和信息化局', '江门市', 1);
    storeFile(db, kept, 'test');
    const first = storeFile(db, reissued(original, 2022, '江门市工信局', '江门市', 1), 'test');
    const documentId = first.stored ? first.documentId : -1;
    const misread = reissued(original, 2022, '江门市财政局', '江门市', 1);
    replaceContent(db, documentId, misread.outcome, 'test');
    expect(db.prepare('SELECT d.name, a.alias FROM departments d JOIN department_aliases a ON a.department_id = d.id ORDER BY a.alias').all()).toEqual([
      { name: '江门市工业和信息化局', alias: '江门市工业和信息化局' },
      { name: '江门市财政局', alias: '江门市财政局' },
    ]);
    db.close();
  });
});

describe('one department re-issuing its report for three years', () => {
  let db: Store;
  beforeAll(async () => {
    const original = await readForStore(path.join(FIXTURES, 'jiangmen-2021.txt'));
    db = openStore(path.join(temp(), 'db.sqlite'));
    storeFile(db, reissued(original, 2021, '江门市工业和信息化局', '江门市', 1), 'test');
    storeFile(db, reissued(original, 2022, '江门市工信局', '江门市', 1.1), 'test');
    storeFile(db, reissued(original, 2023, '广东省江门市工业和信息化局', '广东省江门市', 1.2), 'test');
  });

  it('is one department, with every spelling and why it was joined', () => {
    expect(db.prepare('SELECT name, core_name, region_code, province, name_year FROM departments').all()).toEqual([
      { name: '广东省江门市工业和信息化局', core_name: '工业和信息化局', region_code: '440700', province: '广东省', name_year: 2023 },
    ]);
    expect(db.prepare('SELECT alias, reason, first_year, last_year FROM department_aliases ORDER BY first_year').all()).toEqual([
      { alias: '江门市工业和信息化局', reason: 'region prefix 江门市 removed', first_year: 2021, last_year: 2021 },
      { alias: '江门市工信局', reason: 'region prefix 江门市 removed; 简称 工信局 for 工业和信息化局', first_year: 2022, last_year: 2022 },
      { alias: '广东省江门市工业和信息化局', reason: 'region prefix 广东省江门市 removed', first_year: 2023, last_year: 2023 },
    ]);
  });

  it('gives every report its region code and province', () => {
    expect(db.prepare('SELECT DISTINCT region_code, province, region_note FROM reports').all()).toEqual([
      { region_code: '440700', province: '广东省', region_note: null },
    ]);
  });

  it('has one department_years row a year, with that year’s figures', () => {
    const rows = db
      .prepare(
        `SELECT year, kind, reports, final_budget, spent, execution_rate, self_score, grade, indicators, missed, region_code, province
                FROM department_years WHERE kind = 'department_overall' ORDER BY year`,
      )
      .all() as { year: number; final_budget: number; spent: number }[];
    expect(rows.map((r) => r.year)).toEqual([2021, 2022, 2023]);
    expect(rows[0]).toMatchObject({
      reports: 1,
      final_budget: 83045000,
      spent: 82870700,
      execution_rate: 99.79,
      self_score: 97.5,
      grade: '优',
      region_code: '440700',
      province: '广东省',
    });
    expect(rows[1].final_budget).toBe(Math.round(83045000 * 1.1));
    expect(rows[2].spent).toBe(Math.round(82870700 * 1.2));
  });

  it('follows each indicator across the three years', () => {
    const series = db.prepare(`SELECT year, target, actual_value, met FROM indicator_series WHERE name_key = '5G应用示范项目' ORDER BY year`).all();
    expect(series).toEqual([
      { year: 2021, target: '5个', actual_value: 0, met: 0 },
      { year: 2022, target: '5个', actual_value: 0, met: 0 },
      { year: 2023, target: '5个', actual_value: 0, met: 0 },
    ]);
    const counts = db.prepare(`SELECT years, count(*) AS n FROM indicator_series GROUP BY years`).all();
    expect(counts).toEqual([{ years: 3, n: 81 * 3 }]);
  });
});

/** A made-up report of `department` in `region`, stored directly. */
function madeUp(db: Store, file: string, department: string, region: string | null, year: number): void {
  const template: ReadDocument = {
    ok: true,
    pages: null,
    record: {
      source: { path: file, sha256: file, format: 'txt', pages: null },
      report: { title: null, department, region, year, kind: 'department_overall', project: null, self_score: 90, grade: '优' },
      budget_lines: [],
      indicators: [],
      warnings: [],
    },
    tables: [],
    checks: [],
    sections: [],
    text: [],
    modelGzip: new Uint8Array(),
    readingWarnings: [],
  };
  storeFile(db, { path: file, sha256: file, sizeBytes: 1, format: 'txt', outcome: template }, 'test');
}

describe('two places with one name', () => {
  it('keeps the bureaus of 北京市朝阳区 and 长春市朝阳区 apart, and leaves a bare 朝阳区 unresolved', () => {
    const db = openStore(path.join(temp(), 'db.sqlite'));
    madeUp(db, '/a', '北京市朝阳区财政局', '北京市朝阳区', 2021);
    madeUp(db, '/b', '长春市朝阳区财政局', '长春市朝阳区', 2021);
    madeUp(db, '/c', '朝阳区财政局', '朝阳区', 2021);
    expect(db.prepare('SELECT department, region_code, region_note FROM reports ORDER BY id').all()).toEqual([
      { department: '北京市朝阳区财政局', region_code: '110105', region_note: null },
      { department: '长春市朝阳区财政局', region_code: '220104', region_note: null },
      { department: '朝阳区财政局', region_code: null, region_note: 'ambiguous: 朝阳区 is 110105 北京市朝阳区; 220104 吉林省长春市朝阳区' },
    ]);
    expect(db.prepare('SELECT identity, region_code FROM departments ORDER BY id').all()).toEqual([
      { identity: '110105||财政局', region_code: '110105' },
      { identity: '220104||财政局', region_code: '220104' },
      { identity: '||朝阳区财政局', region_code: null },
    ]);
    expect((db.prepare('SELECT count(*) AS n FROM department_years').get() as { n: number }).n).toBe(3);
  });
});

describe('a database made before the panel', () => {
  it('gets its regions, region codes and departments when opened', () => {
    const file = path.join(temp(), 'old.sqlite');
    const old = new Database(file);
    // Every migration before the panel's (later ones, as the shared store's, may follow it).
    const panel = MIGRATIONS.findIndex((migration) => String(migration).includes('CREATE TABLE regions'));
    for (const migration of MIGRATIONS.slice(0, panel)) {
      if (typeof migration === 'string') old.exec(migration);
      else migration(old);
    }
    old.pragma(`user_version = ${panel}`);
    old.exec(`INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at)
              VALUES (1, '/old.txt', 'old.txt', 'x', 1, 'ok', 1, 1, 'old', '2024-01-01')`);
    old.exec(`INSERT INTO reports (id, document_id, department, region, year, kind) VALUES (1, 1, '横县财政局', '横县', 2020, 'department_overall')`);
    old.close();
    const db = openStore(file);
    expect(db.prepare('SELECT region_code, province, department_id FROM reports').get()).toEqual({
      region_code: '450127',
      province: '广西壮族自治区',
      department_id: 1,
    });
    expect(db.prepare(`SELECT code, name, valid_to FROM regions WHERE code = '450127'`).get()).toEqual({ code: '450127', name: '横县', valid_to: 2020 });
    expect(db.prepare('SELECT name, core_name FROM departments').get()).toEqual({ name: '横县财政局', core_name: '财政局' });
  });
});

describe('a region decided by another text of the report', () => {
  it('takes the title when the region and department leave two places', () => {
    const db = openStore(path.join(temp(), 'db.sqlite'));
    madeUp(db, '/a', '朝阳区财政局', '朝阳区', 2021);
    db.prepare(`UPDATE reports SET title = '长春市朝阳区财政局2021年度部门整体支出绩效自评报告'`).run();
    linkReport(db, 1);
    expect(db.prepare('SELECT region_code, region_note FROM reports').get()).toEqual({
      region_code: '220104',
      region_note: 'decided by 长春市朝阳区财政局2021年度部门整体支出绩效自评报告',
    });
    // The department of the unresolved reading, left without reports, is gone.
    expect(db.prepare('SELECT identity FROM departments').all()).toEqual([{ identity: '220104||财政局' }]);
  });
});

/** The real documents as read end to end (the text and spreadsheet ones, which read fast), and their codes. */
const REAL_FILES: Readonly<Record<string, string>> = {
  'chongqing-yuzhong-rsj-2021-project-selfeval-jiuyebuzhu.xlsx': '500103',
  'guangdong-zhanjiang-rsj-2023-dept-perf-target-table-nearmiss.xlsx': '440800',
  'hubei-wuhan-donghu-rsj-2020-project-application-perf-targets-nearmiss.xlsx': '420100',
  'hunan-nanxian-czj-2020-dept-selfeval-report.txt': '430921',
  '01-henan-xuchang-hehushuixi-2022-dept-and-project.txt': '411000',
  '03-anhui-luan-huoqiu-jyj-2022-selfeval-summary.txt': '341522',
  '05-yunnan-baoshan-changning-shifanxiaoxue-2023-project.txt': '530524',
  '07-hunan-changsha-yuhua-fgj-2022-dept-scoretable.txt': '430111',
  '09-hunan-yueyang-yueyangxian-xinkaizhen-2021-dept.txt': '430621',
  '11-guangdong-zhanjiang-suixi-shuiwuju-2022-project-zh-hant-pinyin.txt': '440823',
  '13-sichuan-deyang-zhongjiang-shuiliju-2022-project-table.txt': '510623',
  '15-hunan-xiangxi-jishou-qianzhou-jiedao-dept-eval-fanwen-repost.txt': '433101',
  '17-hunan-yiyang-rsj-jiuye-2021-project-score98.txt': '430900',
  '19-anhui-xuancheng-xuanzhou-yingjiju-2022-project-zh-hant-pinyin.txt': '341802',
  '21-jiangxi-nanchang-donghu-yangzizhou-2017-flood-project.txt': '360102',
  '23-yunnan-kunming-xundian-tongzhanbu-2024-dept.txt': '530129',
  '25-yunnan-lincang-shuangjiang-rsj-2023-final-accounts.txt': '530925',
  '27-xinjiang-urumqi-gaoxin-xinshiqu-jiansheju-2020-final-accounts.txt': '650104',
  '29-shanxi-linfen-hongtong-dahuaishuzhen-2021-final-accounts.txt': '141024',
};

describe('the real documents, ingested', () => {
  it('give every report that names a place its code', async () => {
    const folder = temp();
    for (const file of Object.keys(REAL_FILES)) {
      const from = path.join(FIXTURES, 'real', /^\d{2}-/.test(file) ? 'openings' : '', file);
      copyFileSync(from, path.join(folder, file));
    }
    const database = path.join(temp(), 'db.sqlite');
    await ingest([folder], { database, runner: inProcessRunner() });
    const db = openStore(database, { readonly: true });
    const rows = db.prepare('SELECT d.file_name, r.region_code FROM reports r JOIN documents d ON d.id = r.document_id').all() as {
      file_name: string;
      region_code: string;
    }[];
    expect(Object.fromEntries(rows.map((r) => [r.file_name, r.region_code]))).toEqual(REAL_FILES);
  });
});
