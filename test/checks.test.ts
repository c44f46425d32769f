/** Consistency checks: each rule on a minimal made-up report where it holds and where it fails, then real forms. */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReport, type Check } from '../src/check/index.js';
import { moneyStep, printedStep } from '../src/check/precision.js';
import type { BudgetLine, Indicator, Report, ReportRecord } from '../src/normalize/schema.js';
import { extractReport } from '../src/pipeline.js';
import { FIXTURES } from './support/golden.js';
import { budgetLine } from './support/records.js';

const line = (name: string, figures: Partial<BudgetLine> = {}): BudgetLine => budgetLine({ name, page: 1, ...figures });
const indicator = (name: string, figures: Partial<Indicator> = {}): Indicator => ({
  project: null,
  subproject: null,
  level1: null,
  category: null,
  name,
  target: null,
  actual: null,
  weight: null,
  score: null,
  deviation: null,
  met: true,
  page: 2,
  table: 0,
  cells: {},
  ...figures,
});

function checks(parts: {
  report?: Partial<Report>;
  lines?: BudgetLine[];
  indicators?: Indicator[];
  sections?: (string | null)[];
  forms?: (string | null)[];
}): Check[] {
  const record: ReportRecord = {
    source: { path: 'made-up', sha256: '', format: 'txt', pages: null },
    report: { title: null, department: null, region: null, year: 2021, kind: 'project', project: null, self_score: null, grade: null, ...parts.report },
    budget_lines: parts.lines ?? [],
    indicators: parts.indicators ?? [],
    warnings: [],
  };
  return checkReport({ record, tableProjects: parts.forms ?? [null], sectionLabels: parts.sections ?? record.indicators.map(() => null) });
}
const named = (list: Check[]) => list.map((c) => [c.check, c.subject, c.stated, c.computed]);

describe('the precision a number was printed with', () => {
  it('reads a rate’s or score’s step from its decimals, and a table’s money step from its finest amount', () => {
    expect([printedStep(97.7), printedStep(99.79), printedStep(100)]).toEqual([0.1, 0.01, 1]);
    expect(moneyStep([83045000, 1190000, 170000])).toBe(1000);
    expect(moneyStep([7425000, 169899.99999999997])).toBe(100);
    expect(moneyStep([0, 50000000])).toBe(10000);
  });
});

describe('execution_rate', () => {
  it('holds when the stated rate is spent ÷ final budget as rounded in print', () => {
    expect(checks({ lines: [line('年度资金总额', { final_budget: 7600000, spent: 7425000, execution_rate: 97.7 })] })).toEqual([]);
    expect(checks({ lines: [line('合计', { final_budget: 3000000, spent: 2000000, execution_rate: 66.67 })] })).toEqual([]);
    // Amounts in 万元 without decimals: 2/3 万 could be 2.4/2.6 万, so 92% is within what the print allows.
    expect(checks({ lines: [line('合计', { final_budget: 30000, spent: 20000, execution_rate: 72 })] })).toEqual([]);
  });

  it('fails when the stated rate is not what the amounts give', () => {
    const found = checks({ lines: [line('年度资金总额', { final_budget: 7600000, spent: 7425000, execution_rate: 91.7 })] });
    expect(named(found)).toEqual([['execution_rate', '年度资金总额', 91.7, 97.7]]);
    expect(found[0].page).toBe(1);
  });
});

describe('budget_total', () => {
  const parts = [line('基本支出', { final_budget: 1200000, spent: 1100000 }), line('项目支出', { final_budget: 800000, spent: 700000 })];
  it('holds when a total line is the sum of its parts, below or above it, subtotals counted once', () => {
    expect(checks({ lines: [line('合计', { final_budget: 2000000, spent: 1800000 }), ...parts] })).toEqual([]);
    expect(checks({ lines: [...parts, line('合计', { final_budget: 2000000, spent: 1800000 })] })).toEqual([]);
    const nested = [
      line('部门整体支出', { final_budget: 2000000 }),
      line('基本支出', { final_budget: 1200000 }),
      line('项目支出', { final_budget: 800000 }),
      line('甲项目', { final_budget: 500000 }),
      line('乙项目', { final_budget: 300000 }),
    ];
    expect(checks({ lines: nested })).toEqual([]);
  });

  it('fails for each money column that does not add up', () => {
    expect(named(checks({ lines: [line('合计', { final_budget: 2100000, spent: 1800000 }), ...parts] }))).toEqual([
      ['budget_total', '合计: final_budget', 2100000, 2000000],
    ]);
  });
});

describe('score_over_weight and full_score_unmet', () => {
  it('hold for scores within their weights and a missed target scored below full marks', () => {
    const rows = [indicator('甲', { weight: 10, score: 10 }), indicator('乙', { weight: 10, score: 8, met: false })];
    expect(checks({ indicators: rows, lines: [line('年度资金总额', { weight: 80, score: 80 })] })).toEqual([]);
  });

  it('fail for a score above its weight, and for full marks on a missed target', () => {
    const rows = [indicator('甲', { weight: 10, score: 12 }), indicator('乙', { weight: 10, score: 10, met: false })];
    const found = checks({ indicators: rows, lines: [line('年度资金总额', { weight: 80, score: 80 })] });
    expect(named(found)).toEqual([
      ['score_over_weight', '甲', 12, 10],
      ['full_score_unmet', '乙', 10, 10],
    ]);
  });
});

describe('self_score_total', () => {
  const rows = [indicator('甲', { weight: 50, score: 48.5 }), indicator('乙', { weight: 50, score: 49.27 })];
  it('holds when the stated total is the sum of the scores, as rounded', () => {
    expect(checks({ report: { self_score: 97.77 }, indicators: rows })).toEqual([]);
    expect(checks({ report: { self_score: 97.8 }, indicators: rows })).toEqual([]);
  });

  it('fails when it is not, and is not asked of a scoring that is incomplete', () => {
    expect(named(checks({ report: { self_score: 96 }, indicators: rows }))).toEqual([['self_score_total', 'self_score', 96, 97.77]]);
    expect(checks({ report: { self_score: 96 }, indicators: [...rows, indicator('丙')] })).toEqual([]);
  });
});

describe('weights_total', () => {
  it('holds when the weights add up to 100 and each section to its quota', () => {
    const rows = [indicator('甲', { weight: 50 }), indicator('乙', { weight: 40 })];
    expect(checks({ indicators: rows, lines: [line('年度资金总额', { weight: 10 })], sections: ['产出指标(50分)', '效益指标（40分）'] })).toEqual([]);
  });

  it('fails when they do not, naming the total or the section', () => {
    const rows = [indicator('甲', { weight: 45 }), indicator('乙', { weight: 40 })];
    expect(named(checks({ indicators: rows, lines: [line('年度资金总额', { weight: 10 })], sections: ['产出指标(50分)', null] }))).toEqual([
      ['weights_total', 'all weights', 100, 95],
      ['weights_total', '产出指标(50分)', 50, 45],
    ]);
  });

  it('adds up each project form apart, and leaves alone rows that carry no weights', () => {
    const forms = [null, '甲项目', '乙项目'];
    const rows = [
      indicator('部门指标'),
      indicator('甲1', { table: 1, weight: 60 }),
      indicator('甲2', { table: 1, weight: 40 }),
      indicator('乙1', { table: 2, weight: 100 }),
    ];
    expect(checks({ indicators: rows, forms })).toEqual([]);
    const short = [...rows.slice(0, 2), indicator('甲2', { table: 1, weight: 30 }), rows[3]];
    expect(named(checks({ indicators: short, forms }))).toEqual([['weights_total', 'all weights', 100, 90]]);
  });

  it('adds up each programme (一级项目) of a department’s own tables apart', () => {
    const rows = [
      indicator('甲1', { project: '甲', weight: 60 }),
      indicator('甲2', { project: '甲', weight: 40 }),
      indicator('乙1', { project: '乙', weight: 100 }),
    ];
    expect(checks({ report: { kind: 'department_overall' }, indicators: rows })).toEqual([]);
    const short = [indicator('甲1', { project: '甲', weight: 50 }), ...rows.slice(1)];
    expect(named(checks({ report: { kind: 'department_overall' }, indicators: short }))).toEqual([['weights_total', '甲', 100, 90]]);
  });
});

describe('grade_band', () => {
  it('holds for a grade in its band: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60', () => {
    for (const [grade, score] of [
      ['优', 90],
      ['良', 89.9],
      ['良', 80],
      ['中', 60],
      ['差', 59.5],
    ] as const) {
      expect(checks({ report: { grade, self_score: score } })).toEqual([]);
    }
  });

  it('fails for a grade outside it', () => {
    const found = checks({ report: { grade: '优', self_score: 85 } });
    expect(named(found)).toEqual([['grade_band', '优', 85, null]]);
    expect(found[0].detail).toBe('85 is in the band of 良');
  });
});

describe('a made-up form', () => {
  it('shows what was altered in a copy of the project form', async () => {
    const alterations: [string, string][] = [
      ['<td>年度资金总额</td><td>800</td>', '<td>年度资金总额</td><td>850</td>'], // the total's initial budget
      ['97.70%', '91.70%'], // the execution rate
      ['<td>资金拨付及时率</td><td>100%</td><td>95%</td><td>10</td><td>9</td>', '<td>资金拨付及时率</td><td>100%</td><td>95%</td><td>10</td><td>10</td>'],
      ['<td>项目验收通过率</td><td>≥90%</td><td>100%</td><td>10</td><td>10</td>', '<td>项目验收通过率</td><td>≥90%</td><td>100%</td><td>10</td><td>12</td>'],
      ['<td>118家</td><td>5</td>', '<td>118家</td><td>8</td>'], // a weight
      ['</body>', '<p>自评等级：良</p></body>'],
    ];
    let html = readFileSync(path.join(FIXTURES, 'project-2021.html'), 'utf8');
    for (const [from, to] of alterations) {
      expect(html).toContain(from);
      html = html.replace(from, to);
    }
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-checks-')), 'altered.html');
    writeFileSync(file, html);
    const { checks: found } = await extractReport(file);
    expect(named(found)).toEqual([
      ['execution_rate', '年度资金总额', 91.7, 97.7],
      ['budget_total', '年度资金总额: initial_budget', 8500000, 8000000],
      ['score_over_weight', '项目验收通过率', 12, 10],
      ['full_score_unmet', '资金拨付及时率', 10, 10],
      ['self_score_total', 'self_score', 97.77, 100.77],
      ['weights_total', 'all weights', 100, 103],
      ['grade_band', '良', 97.77, null],
    ]);
  });
});
