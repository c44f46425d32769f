/**
 * Real table layouts beyond the two fixture templates (spec "Real reports beyond the two fixture
 * templates"), each rule on a minimal made-up table: tables in, exact records out.
 */
import { describe, expect, it } from 'vitest';
import { cell, paragraph, table, type Block, type Cell } from '../src/extract/model.js';
import { normalizeReport } from '../src/normalize/index.js';
import type { ReportRecord } from '../src/normalize/schema.js';
import { parseDocument } from '../src/parse/index.js';

const row = (...texts: (string | Cell)[]) => texts.map((t) => (typeof t === 'string' ? cell(t) : t));
const SOURCE = { path: 'made-up.html', sha256: '0'.repeat(64), format: 'html', pages: null } as const;

function recordOf(...blocks: Block[]): ReportRecord {
  return normalizeReport(parseDocument({ format: 'html', pages: null, declaredTitle: null, blocks }), SOURCE);
}

/** The records of a document holding one table of these rows. */
const recordOfRows = (...rows: Cell[][]) => recordOf(table(rows));

const amounts = (record: ReportRecord) =>
  record.budget_lines.map((b) => [b.name, b.initial_budget, b.adjustment, b.final_budget, b.spent, b.execution_rate, b.weight, b.score]);
const targets = (record: ReportRecord) => record.indicators.map((i) => [i.name, i.target, i.actual]);

describe('budget tables', () => {
  it('applies a unit in a header that spans several columns to every column beneath it', () => {
    const record = recordOfRows(
      row(cell('项目', 2, 1), cell('年度预算数（万元）', 1, 2), cell('预算执行数', 2, 1)),
      row('年初预算', '调整后预算数'),
      row('总额', '1', '2.5', '2'),
    );
    expect(amounts(record)).toEqual([['总额', 10000, null, 25000, 20000, null, null, null]]);
  });

  it('applies a unit stated in the header row beside the figures (年度预算数（万元） over the row names)', () => {
    const record = recordOfRows(
      row(cell('年度预算数（万元）', 1, 2), '年初预算', '调整后预算数', '预算执行数', '预算执行率', '权重', '得分', '原因'),
      row(cell('总额', 1, 2), '0.00', '3.36', '3.36', '100.00%', '10', '10', '按计划执行'),
    );
    expect(amounts(record)).toEqual([['总额', 0, null, 33600, 33600, 100, 10, 10]]);
  });

  it('reads 预算执行数 as spent, not as a rate', () => {
    const record = recordOfRows(row('项目', '年初预算', '预算执行数', '预算执行率'), row('合计', '100', '90', '90%'));
    expect(amounts(record)).toEqual([['合计', 100, null, null, 90, 90, null, null]]);
  });

  it('maps 年初预算数 / 全年（调整）预算数 / 全年执行数 / 执行率（%） / 执行率权重 / 执行率得分（分）', () => {
    const record = recordOfRows(
      row('项目', '年初预算数', '全年（调整）预算数', '全年执行数', '执行率（%）', '执行率权重', '执行率得分（分）'),
      row('项目资金', '50', '60', '54', '90', '10', '9'),
    );
    expect(amounts(record)).toEqual([['项目资金', 50, null, 60, 54, 90, 10, 9]]);
  });

  it('reads a second header line (小计 | 财政拨款 under 年初预算) as no row', () => {
    const record = recordOfRows(
      row(cell('序号', 2, 1), cell('支出计划', 2, 1), cell('年初预算', 1, 2), cell('全年预算', 1, 2)),
      row('小计', '财政拨款', '小计', '财政拨款'),
      row('1', '办公费', '5', '5', '6', '6'),
    );
    expect(amounts(record)).toEqual([['办公费', 5, null, 6, null, null, null, null]]);
  });

  it('takes no figure for a row name', () => {
    const record = recordOfRows(row('', '年初预算', '全年预算'), row('2019', '5', '6'), row('合计', '5', '6'));
    expect(amounts(record)).toEqual([['合计', 5, null, 6, null, null, null, null]]);
  });

  it('keeps a named row that states nothing as a row of nulls, and drops an unnamed empty row', () => {
    const record = recordOfRows(
      row('资金来源', '年初预算数', '全年预算数', '全年执行数', '分值', '得分'),
      row('其中：财政资金', '10', '10', '9', '/', '/'),
      row('其他资金', '', '/', '—', '/', '/'),
      row('', '', '', '', '', ''),
    );
    expect(amounts(record)).toEqual([
      ['财政资金', 10, null, 10, 9, null, null, null],
      ['其他资金', null, null, null, null, null, null, null],
    ]);
  });
});

describe('indicator tables', () => {
  it('takes a cell that reaches below the header as the block label, not as the name column', () => {
    const record = recordOfRows(
      row(cell('绩效指标(90分)', 2, 1), '一级指标', '二级指标', '三级指标', '指标值', '完成值'),
      row('产出指标', '质量指标', '验收合格率', '100%', '100%'),
      row('总分', cell('', 1, 5)),
    );
    expect(record.indicators.map((i) => [i.level1, i.category, i.name, i.met])).toEqual([['产出指标', '质量指标', '验收合格率', true]]);
  });

  it('joins a split target and reads 定量/定性 in 指标性质 as no comparator', () => {
    const record = recordOfRows(
      row('三级指标', '指标性质', '指标值', '度量单位', '完成值'),
      row('培训人数', '定量', '≥100', '人', '120'),
      row('群众满意度', '定性指标', '高', '', '高'),
    );
    expect(targets(record)).toEqual([
      ['培训人数', { raw: '≥100人', op: '>=', value: 100, unit: '人' }, { raw: '120', op: '=', value: 120, unit: '人' }],
      ['群众满意度', { raw: '高', op: 'text', text: '高' }, { raw: '高', op: 'text', text: '高' }],
    ]);
  });

  it('reads the Chongqing 部门整体 columns: 调整指标值 wins over 年初指标值, and the unit column applies to both values', () => {
    const record = recordOfRows(
      row('指标名称', '计量单位', '指标性质', '年初指标值', '调整指标值', '全年完成值', '得分系数（%）', '指标权重（分）', '指标得分（分）', '是否核心指标'),
      row('培训人数', '人次', '≥', '100', '120', '130', '100', '10', '10', '是'),
      row('补贴金额', '万元', '≤', '50', '/', '45', '100', '5', '5', '否'),
      row('服务质量', '', '定性指标', '优', '', '良', '80', '5', '4', '否'),
    );
    expect(record.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score, i.met])).toEqual([
      ['培训人数', { raw: '≥120人次', op: '>=', value: 120, unit: '人次' }, { raw: '130', op: '=', value: 130, unit: '人次' }, 10, 10, true],
      ['补贴金额', { raw: '≤50万元', op: '<=', value: 500000, unit: '元' }, { raw: '45', op: '=', value: 450000, unit: '元' }, 5, 5, true],
      ['服务质量', { raw: '优', op: 'text', text: '优' }, { raw: '良', op: 'text', text: '良' }, 5, 4, null],
    ]);
  });

  it('gives targets-only tables (绩效目标表) indicator rows with actual null', () => {
    const record = recordOfRows(row('一级指标', '二级指标', '三级指标', '指标值'), row('产出指标', '数量指标', '培训人数', '≥100人'));
    expect(record.indicators.map((i) => [i.level1, i.category, i.name, i.target?.raw, i.actual, i.met])).toEqual([
      ['产出指标', '数量指标', '培训人数', '≥100人', null, null],
    ]);
  });

  it('reads a unit in brackets at the end of a name for values that state none; other brackets are part of the name', () => {
    const record = recordOfRows(
      row('三级指标', '指标值', '完成值'),
      row('城镇新增就业人数（人）', '50000', '52000'),
      row('补助金额（万元）', '≤90', '85'),
      row('考核合格率（%）', '≥90%', '95'),
      row('扶持创业企业（项目）个数', '350', '360'),
    );
    expect(record.indicators.map((i) => [i.name, i.target, i.actual?.op !== 'text' ? i.actual?.unit : null])).toEqual([
      ['城镇新增就业人数（人）', { raw: '50000', op: '=', value: 50000, unit: '人' }, '人'],
      ['补助金额（万元）', { raw: '≤90', op: '<=', value: 900000, unit: '元' }, '元'],
      ['考核合格率（%）', { raw: '≥90%', op: '>=', value: 90, unit: '%' }, '%'],
      ['扶持创业企业（项目）个数', { raw: '350', op: '=', value: 350, unit: null }, null],
    ]);
  });
});

describe('scoring sheets (评分表, 评价指标体系)', () => {
  it('gives indicator rows with weight and score and target and actual null', () => {
    const record = recordOfRows(
      row('一级指标', '二级指标', '三级指标', '分值', '得分'),
      row('决策(20分)', '项目立项', '立项依据充分性', '5', '5'),
      row('', '', '立项程序规范性', '5', '4'),
      row('合计', '', '', '100', '96'),
    );
    expect(record.indicators.map((i) => [i.level1, i.category, i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['决策', '项目立项', '立项依据充分性', null, null, 5, 5],
      ['决策', '项目立项', '立项程序规范性', null, null, 5, 4],
    ]);
  });

  it('takes a quota in the label as the weight when there is no 分值 column', () => {
    const record = recordOfRows(row('一级指标', '三级指标', '得分'), row('决策', '相关性（5分）', '4'), row('', '效率性(10分)', '9'));
    expect(record.indicators.map((i) => [i.name, i.weight, i.score])).toEqual([
      ['相关性', 5, 4],
      ['效率性', 10, 9],
    ]);
  });

  it('names the rows by the deepest level when the sheet has no 三级指标', () => {
    const record = recordOfRows(row('一级指标', '二级指标', '分值', '评分标准', '得分'), row('决策', '项目立项', '10', '依据充分得满分', '8'));
    expect(record.indicators.map((i) => [i.level1, i.category, i.name, i.weight, i.score])).toEqual([['决策', null, '项目立项', 10, 8]]);
  });
});

describe('forms', () => {
  it('gives each form of a table its own project when several stand one below the other', () => {
    const form = (project: string, indicator: string) => [
      row('项目名称', cell(project, 1, 3)),
      row('', '一级指标', '三级指标', '年度指标值'),
      row(cell('绩效指标', 2, 1), '产出指标', indicator, '≥1个'),
      row('效益指标', `${indicator}效果`, '提升'),
    ];
    const record = recordOfRows(...form('甲项目', '甲指标'), ...form('乙项目', '乙指标'));
    expect(record.indicators.map((i) => [i.project, i.name])).toEqual([
      ['甲项目', '甲指标'],
      ['甲项目', '甲指标效果'],
      ['乙项目', '乙指标'],
      ['乙项目', '乙指标效果'],
    ]);
  });
});

describe('warnings', () => {
  it('reports a table whose header holds 指标 words but cannot be mapped, with its page and header', () => {
    const record = recordOf(
      paragraph('某单位2023年度项目支出绩效自评报告'),
      table([row('一级指标', '二级指标', '指标说明'), row('产出指标', '数量指标', '完成培训')], 3),
    );
    expect(record.indicators).toEqual([]);
    expect(record.warnings).toEqual([
      {
        page: 3,
        table: 0,
        header: '一级指标 | 二级指标 | 指标说明',
        message:
          'columns could not be mapped; read 一级指标 → indicator level1, 二级指标 → indicator category; no role for 指标说明; ' +
          'an indicator table needs a name beside a target, actual or points, a budget table two figures',
      },
    ]);
  });

  it('says nothing about tables it reads, nor about tables that are not indicator or budget tables', () => {
    const record = recordOf(
      table([row('三级指标', '指标值', '完成值'), row('培训人数', '100人', '120人')]),
      table([row('姓名', '职务', '电话'), row('张三', '科长', '12345678')]),
      table([row('绩效指标', '见附表')]),
    );
    expect(record.warnings).toEqual([]);
  });
});
