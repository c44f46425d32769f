import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildVocabulary, DEFAULT_VOCABULARY, VocabularyError } from '../src/vocabulary/index.js';
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
    const vocabulary = buildVocabulary({ columns: { budget: { spent: ['实际 使用金额（万元）'] } }, fields: { department: ['填报单位'] }, totals: { money: ['资金合计'] } });
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
  });
});
