import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { paragraph, type Document } from '../src/extract/model.js';
import { parseDocument } from '../src/parse/index.js';
import { isNoticeTitle } from '../src/parse/notice.js';
import { buildVocabulary, DEFAULT_VOCABULARY, VocabularyError, type Vocabulary } from '../src/vocabulary/index.js';
import { parseVocabularyFile } from '../src/vocabulary/load.js';
import { FIXTURES } from './support/golden.js';

describe('the vocabulary', () => {
  it('maps a header key to its role and says which synonym or pattern matched', () => {
    expect(DEFAULT_VOCABULARY.budgetRoleOf('实际支出')).toEqual({ role: 'spent', synonym: '实际支出', pattern: null });
    expect(DEFAULT_VOCABULARY.indicatorRoleOf('年度实际完成值')?.role).toBe('actual');
    expect(DEFAULT_VOCABULARY.indicatorRoleOf('年度实际完成值')?.pattern).toBeInstanceOf(RegExp);
    expect(DEFAULT_VOCABULARY.budgetRoleOf('备注')).toBeNull();
  });

  it('knows form-field labels and the words of money and score totals', () => {
    expect(DEFAULT_VOCABULARY.fieldOf('主管部门')).toBe('department');
    expect(DEFAULT_VOCABULARY.isTotal('money', '资金总额')).toBe(true);
    expect(DEFAULT_VOCABULARY.isTotal('score', '资金总额')).toBe(false);
    expect(DEFAULT_VOCABULARY.isTotal('score', '总分')).toBe(true);
  });

  it('adds the words of a vocabulary file, keyed as headers are (brackets and spaces dropped)', () => {
    const vocabulary = buildVocabulary({
      columns: { budget: { spent: ['实际 使用金额（万元）'] } },
      fields: { department: ['填报单位'] },
      totals: { money: ['资金合计'] },
    });
    expect(vocabulary.budgetRoleOf('实际使用金额')?.role).toBe('spent');
    expect(vocabulary.fieldOf('填报单位')).toBe('department');
    expect(vocabulary.isTotal('money', '资金合计')).toBe(true);
    expect(DEFAULT_VOCABULARY.budgetRoleOf('实际使用金额')).toBeNull();
  });

  it('refuses a word that two roles of one kind of table would claim', () => {
    expect(() => buildVocabulary({ columns: { budget: { final_budget: ['执行数'] } } })).toThrow(/"执行数" would name both final_budget and spent/);
    expect(() => buildVocabulary({ fields: { year: ['主管部门'] } })).toThrow(VocabularyError);
  });

  it('refuses a role, field or kind of total it does not know', () => {
    expect(() => buildVocabulary({ columns: { budget: { spend: ['x'] } as never } })).toThrow(/no column role spend/);
    expect(() => buildVocabulary({ totals: { points: ['x'] } as never })).toThrow(/no kind of total points/);
  });
});

describe('the words of report metadata in the vocabulary', () => {
  const page = (...lines: string[]): Document => ({ format: 'txt', pages: null, declaredTitle: null, blocks: lines.map((line) => paragraph(line)) });
  const reportOf = (vocabulary: Vocabulary, ...lines: string[]) => parseDocument(page(...lines), vocabulary).report;

  it('reads a title kind word a file adds', () => {
    const lines = ['某县交通运输局2023年度道路工程绩效自评报告', '一、基本情况'];
    expect(reportOf(DEFAULT_VOCABULARY, ...lines).kind).toBe('unknown');
    expect(reportOf(buildVocabulary({ kinds: { project: ['工程'] } }), ...lines).kind).toBe('project');
  });

  it('reads a notice genre a file adds: the page is a notice, titled so', () => {
    const lines = ['某县财政局关于2023年度绩效自评结果的通告', '各有关单位：'];
    const added = reportOf(buildVocabulary({ notices: { genres: ['通告'] } }), ...lines);
    expect(reportOf(DEFAULT_VOCABULARY, ...lines).title).toBeNull();
    expect([added.title, added.kind]).toEqual(['某县财政局关于2023年度绩效自评结果的通告', 'unknown']);
  });

  it('reads what a publishing notice names as a report when a file adds it', () => {
    const title = '关于某局2022年度绩效情况说明的公示';
    expect(isNoticeTitle(title)).toBe(true);
    expect(isNoticeTitle(title, buildVocabulary({ notices: { publishedReports: ['情况说明'] } }))).toBe(false);
  });

  it('leaves out a line that starts with a furniture label a file adds', () => {
    const lines = ['2023年度部门整体支出绩效自评报告', '编辑单位：某县融媒体中心', '某县财政局认真开展了部门整体支出绩效自评。'];
    expect(reportOf(DEFAULT_VOCABULARY, ...lines).department).toBe('某县融媒体中心');
    expect(reportOf(buildVocabulary({ furniture: { labels: ['编辑单位'] } }), ...lines).department).toBe('某县财政局');
  });

  it('reads the department after a cover label a file adds', () => {
    const lines = ['2023年度项目支出绩效自评报告', '申报单位：农业农村局'];
    expect(reportOf(DEFAULT_VOCABULARY, ...lines).department).toBeNull();
    expect(reportOf(buildVocabulary({ cover: { department: ['申报单位'] } }), ...lines).department).toBe('农业农村局');
  });

  it('counts a publisher label as furniture and a publishing genre as a notice genre', () => {
    const vocabulary = buildVocabulary({ furniture: { publishers: ['信息提供单位'] }, notices: { publishing: ['通告'] } });
    expect(vocabulary.furniture.labels).toContain('信息提供单位');
    expect(vocabulary.notices.genres).toContain('通告');
  });

  it('refuses a word that two groups which must stay apart would claim', () => {
    expect(() => buildVocabulary({ titles: { genre: ['通知'] } })).toThrow(/title genre words: "通知" would name both report genre and notice genre/);
    expect(() => buildVocabulary({ kinds: { department: ['专项'] } })).toThrow(/kind words: "专项" would name both project and department/);
    expect(() => buildVocabulary({ furniture: { labels: ['主管部门'] } })).toThrow(
      /page labels: "主管部门" would name both furniture label and cover or form label/,
    );
    expect(() => buildVocabulary({ furniture: { footer: ['x'] } as never })).toThrow(/no furniture word group footer/);
  });
});

describe('a vocabulary file (--vocabulary)', () => {
  const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
  const jixiao = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const UNKNOWN = path.join(FIXTURES, 'layouts/unknown-column-names.html');
  const WORDS = path.join(FIXTURES, 'layouts/unknown-column-names.yaml');
  const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'jixiao-vocabulary-'));

  it('makes a table whose columns no built-in synonym names readable', () => {
    const without = JSON.parse(jixiao('extract', UNKNOWN, '--json').stdout);
    expect([without.indicators.length, without.budget_lines[0].spent, without.warnings.length]).toEqual([0, null, 1]);
    const run = jixiao('extract', UNKNOWN, '--json', '--vocabulary', WORDS);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const record = JSON.parse(run.stdout);
    expect(record.budget_lines).toMatchObject([{ name: '培训补贴', initial_budget: 1200000, final_budget: 1100000, spent: 1053500 }]);
    expect(record.indicators.map((i: { name: string; weight: number; met: boolean }) => [i.name, i.weight, i.met])).toEqual([
      ['培训人数', 50, true],
      ['就业率', 50, true],
    ]);
    expect(record.warnings).toEqual([]);
  });

  it('reaches the reading threads of ingest', () => {
    const database = path.join(scratch(), 'db.sqlite');
    const run = jixiao('ingest', UNKNOWN, '--db', database, '--json', '--no-progress', '--jobs', '1', '--vocabulary', WORDS);
    expect(run.status).toBe(0);
    const db = new Database(database, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM indicators').get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('adds title kind words and furniture labels to what extract and ingest read from a page', () => {
    const dir = scratch();
    const page = path.join(dir, 'page.txt');
    writeFileSync(page, '2023年度道路工程绩效自评报告\n编辑单位：某县融媒体中心\n某县交通运输局认真开展了道路工程绩效自评。\n');
    const words = path.join(dir, 'words.yaml');
    writeFileSync(words, 'kinds:\n  project: [工程]\nfurniture:\n  labels: [编辑单位]\n');
    const without = JSON.parse(jixiao('extract', page, '--json').stdout).report;
    expect([without.kind, without.department]).toEqual(['unknown', '某县融媒体中心']);
    const run = jixiao('extract', page, '--json', '--vocabulary', words);
    expect([run.status, run.stderr]).toEqual([0, '']);
    const { report } = JSON.parse(run.stdout);
    expect([report.kind, report.department]).toEqual(['project', '某县交通运输局']);
    const database = path.join(dir, 'db.sqlite');
    const ingest = jixiao('ingest', page, '--db', database, '--json', '--no-progress', '--jobs', '1', '--vocabulary', words);
    expect(ingest.status).toBe(0);
    const db = new Database(database, { readonly: true });
    try {
      expect(db.prepare('SELECT kind, department FROM reports').all()).toEqual([{ kind: 'project', department: '某县交通运输局' }]);
    } finally {
      db.close();
    }
  });

  it('shows in explain which added synonym matched', () => {
    const run = jixiao('explain', UNKNOWN, '--table', '2', '--vocabulary', WORDS);
    expect(run.stdout).toContain('c2 完成实绩 → actual (synonym 完成实绩)');
  });

  it('is refused in one line naming the file when a word would make a column ambiguous, or a role is unknown', () => {
    const dir = scratch();
    const ambiguous = path.join(dir, 'ambiguous.yaml');
    writeFileSync(ambiguous, 'columns:\n  budget:\n    final_budget: [执行数]\n');
    const run = jixiao('extract', UNKNOWN, '--vocabulary', ambiguous);
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(`jixiao: ${UNKNOWN}: ${ambiguous}: budget columns: "执行数" would name both final_budget and spent\n`);
    expect(() => parseVocabularyFile('columns:\n  budget:\n    spend: [x]\n', 'v.yaml')).toThrow(/^v\.yaml: columns\.budget: Unrecognized key: "spend"/);
    expect(() => parseVocabularyFile('labels: [x]\n', 'v.yaml')).toThrow(/^v\.yaml: top level: Unrecognized key: "labels"/);
    expect(() => parseVocabularyFile('columns: [', 'v.yaml')).toThrow(/^v\.yaml: not YAML/);
    expect(() => parseVocabularyFile('furniture:\n  labels: [项目名称]\n', 'v.yaml')).toThrow(
      /^v\.yaml: page labels: "项目名称" would name both furniture label and cover or form label/,
    );
    expect(() => parseVocabularyFile('kinds:\n  projects: [工程]\n', 'v.yaml')).toThrow(/^v\.yaml: kinds: Unrecognized key: "projects"/);
  });
});
