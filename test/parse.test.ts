/** Parsing on small built tables: grids, header rows, blocks inside forms, fill-down, metadata. */
import { describe, expect, it } from 'vitest';
import { cell, paragraph, table, type Cell, type Document } from '../src/extract/model.js';
import { tableToGrid } from '../src/parse/grid.js';
import { parseDocument } from '../src/parse/index.js';
import { readTable, type TableContext } from '../src/parse/table/index.js';
import { buildVocabulary, DEFAULT_VOCABULARY } from '../src/vocabulary/index.js';

const parseTable = (t: Parameters<typeof readTable>[0], context: TableContext) => readTable(t, context, DEFAULT_VOCABULARY);

const row = (...texts: (string | Cell)[]) => texts.map((t) => (typeof t === 'string' ? cell(t) : t));
const doc = (...blocks: Document['blocks']): Document => ({ format: 'html', pages: null, declaredTitle: null, blocks });

describe('tableToGrid', () => {
  it('points every position a merged cell covers at that cell', () => {
    const grid = tableToGrid(table([row(cell('甲', 2, 1), cell('乙', 1, 2)), row('丙', '丁')]));
    expect(grid.slots.map((r) => r.map((s) => s?.text))).toEqual([
      ['甲', '乙', '乙'],
      ['甲', '丙', '丁'],
    ]);
    expect(grid.slots[1][0]?.id).toBe(grid.slots[0][0]?.id);
  });

  it('clamps a row span that runs past the last row', () => {
    const grid = tableToGrid(table([row(cell('甲', 9, 1), '乙')]));
    expect(grid.height).toBe(1);
  });
});

describe('readTable', () => {
  it('maps budget columns by meaning, whatever their order, and scales by the stated unit', () => {
    const t = table([row('执行率', '项目名称', '全年执行数', '年初预算数（万元）'), row('98%', '人事费', '98', '100')]);
    const { budgetRows } = parseTable(t, { index: 0, moneyUnit: null });
    expect(budgetRows).toMatchObject([{ name: '人事费', initial_budget: '100', spent: '98', execution_rate: '98%', moneyUnit: '万元' }]);
  });

  it('fills group cells down, and starts afresh when a higher group changes', () => {
    const t = table([
      row('一级项目', '二级项目', '三级指标', '目标值', '实际完成值'),
      row('甲', '甲一', '指标1', '1个', '1个'),
      row('', '', '指标2', '2个', '2个'),
      row('乙', '', '指标3', '3个', '3个'),
    ]);
    const rows = parseTable(t, { index: 0, moneyUnit: null }).indicatorRows;
    expect(rows.map((r) => [r.project, r.subproject, r.name])).toEqual([
      ['甲', '甲一', '指标1'],
      ['甲', '甲一', '指标2'],
      ['乙', null, '指标3'],
    ]);
  });

  it('finds the labelled fields, the budget block, the indicator block and the total of a form', () => {
    const t = table([
      row(cell('项目名称', 1, 2), cell('某项目', 1, 6)),
      row(cell('项目资金（万元）', 3, 2), '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'),
      row('年度资金总额', '10', '10', '9', '10', '90%', '9'),
      row('其中：财政拨款', '10', '10', '9', '—', '—', '—'),
      row(cell('绩效指标', 3, 1), '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'),
      row('产出指标', '数量指标', '培训人数', '≥100人', '120人', '50', '50'),
      row('效益指标', '社会效益指标', '满意度', '≥90%', '95%', '40', '40'),
      row(cell('总分', 1, 6), '100', '99'),
    ]);
    const parsed = parseTable(t, { index: 0, moneyUnit: null });
    expect(parsed.fields).toEqual({ project: '某项目' });
    expect(parsed.budgetRows.map((r) => [r.project, r.name, r.final_budget, r.moneyUnit])).toEqual([
      ['某项目', '年度资金总额', '10', '万元'],
      ['某项目', '其中：财政拨款', '10', '万元'],
    ]);
    expect(parsed.indicatorRows.map((r) => [r.project, r.level1, r.category, r.name, r.target, r.weight])).toEqual([
      ['某项目', '产出指标', '数量指标', '培训人数', '≥100人', '50'],
      ['某项目', '效益指标', '社会效益指标', '满意度', '≥90%', '40'],
    ]);
    expect(parsed.totalScore).toBe('99');
  });

  it('joins a target split over 指标性质, 指标值 and 度量单位, leaving out 无', () => {
    const t = table([
      row('三级指标', '指标性质', '指标值', '度量单位', '实际完成值'),
      row('培训人数', '≥', '100', '人', '120'),
      row('合规性', '无', '合规', '无', '合规'),
    ]);
    const rows = parseTable(t, { index: 0, moneyUnit: null }).indicatorRows;
    expect(rows.map((r) => [r.target, r.targetUnit, r.actual])).toEqual([
      ['≥100人', '人', '120'],
      ['合规', null, '合规'],
    ]);
  });

  it('skips rows with neither a name nor any value, and tables that are not reports', () => {
    const t = table([row('三级指标', '目标值', '实际完成值'), row('', '', '')]);
    expect(parseTable(t, { index: 0, moneyUnit: null }).indicatorRows).toEqual([]);
    const contacts = table([row('科室', '电话'), row('办公室', '0750-3500000')]);
    expect(parseTable(contacts, { index: 0, moneyUnit: null }).summary.kind).toBe('other');
  });
});

describe('report metadata', () => {
  it('reads department, year and kind from the title', () => {
    const { report } = parseDocument(doc(paragraph('上海市普陀区财政局2024年度部门决算', null, true)));
    expect(report).toMatchObject({ department: '上海市普陀区财政局', region: '上海市普陀区', year: 2024, kind: 'final_accounts' });
  });

  it('reads score and grade from the body text', () => {
    const { report } = parseDocument(
      doc(paragraph('某县教育局2022年度部门整体支出绩效自评报告', null, true), paragraph('经自评，绩效自评分数为88.5分，绩效等级为良。')),
    );
    expect(report).toMatchObject({ kind: 'department_overall', self_score: 88.5, grade: '良', year: 2022, region: '某县' });
  });

  it('calls a page that is not a report unknown', () => {
    const { report } = parseDocument(doc(paragraph('市工业和信息化局召开安全生产工作会议', null, true), paragraph('会议要求压实责任。')));
    expect(report.kind).toBe('unknown');
    expect(report.self_score).toBeNull();
  });
});

describe('context around a table', () => {
  it('takes the project named just above a table, unless the table names its own', () => {
    const indicators = table([row('三级指标', '目标值', '实际完成值'), row('培训人数', '100人', '120人')]);
    const above = parseDocument(doc(paragraph('项目名称：职业技能培训补贴'), indicators));
    expect(above.indicatorRows[0].project).toBe('职业技能培训补贴');
    const own = table([row('项目名称', '就业补助资金'), ...indicators.rows]);
    expect(parseDocument(doc(paragraph('项目名称：别的项目'), own)).indicatorRows[0].project).toBe('就业补助资金');
  });

  it('names the project above a table with any project label of the vocabulary, added ones included', () => {
    const indicators = table([row('三级指标', '目标值', '实际完成值'), row('培训人数', '100人', '120人')]);
    const document = doc(paragraph('项目全称：职业技能培训补贴'), indicators);
    expect(parseDocument(document).indicatorRows[0].project).toBeNull();
    const vocabulary = buildVocabulary({ fields: { project: ['项目全称'] } });
    expect(parseDocument(document, vocabulary).indicatorRows[0].project).toBe('职业技能培训补贴');
  });

  it('reads every money unit the vocabulary knows above a table, 十万元 and 万亿元 included', () => {
    const budget = table([row('项目名称', '年初预算数', '全年执行数'), row('人事费', '12.5', '12')]);
    const unitOf = (line: string) => parseDocument(doc(paragraph(line), budget)).budgetRows[0].moneyUnit;
    expect(['单位：十万元', '单位：万亿元', '单位：万元', '（单位：元）'].map(unitOf)).toEqual(['十万元', '万亿元', '万元', '元']);
  });

  it('reads the department from a title that says 关于', () => {
    const { report } = parseDocument(doc(paragraph('某县财政局关于2022年度部门整体支出绩效自评报告', null, true)));
    expect(report).toMatchObject({ department: '某县财政局', region: '某县', year: 2022 });
  });
});

describe('titles from other provinces', () => {
  it.each([
    ['2021年度江门市财政局部门整体支出绩效自评报告', '江门市财政局', 'department_overall'],
    ['某市民政局2022年度单位整体支出绩效自评报告', '某市民政局', 'department_overall'],
    ['某区教育局2023年度义务教育专项资金绩效自评报告', '某区教育局', 'project'],
  ])('%s', (title, department, kind) => {
    const { report } = parseDocument(doc(paragraph(title, null, true)));
    expect(report).toMatchObject({ department, kind });
  });
});
