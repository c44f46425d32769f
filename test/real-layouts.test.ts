/**
 * Real documents whose tables follow templates other than the two fixture ones: targets-only tables
 * (绩效目标表, 项目申报表), a 项目库 export and a budget book. No golden exists for them; what can be
 * stated exactly is tested: which rows come out, units read from names and brackets, no actuals where
 * the document has none, and warnings only for the tables jixiao cannot read.
 */
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../src/normalize/schema.js';
import { recordOf } from './support/golden.js';

const byName = (indicators: Indicator[], name: string) => indicators.find((i) => i.name === name);
const projectsOf = (indicators: Indicator[]) => {
  const counts: Record<string, number> = {};
  for (const i of indicators) counts[String(i.project)] = (counts[String(i.project)] ?? 0) + 1;
  return counts;
};

describe('Zhanjiang 部门整体预算绩效目标表 (targets only)', () => {
  it('2024: one indicator row per named 三级指标, no actuals, units from the names', async () => {
    const record = await recordOf('real/guangdong-zhanjiang-rsj-2024-dept-perf-target-table-nearmiss.xlsx');
    expect(record.indicators).toHaveLength(19);
    expect(record.indicators.every((i) => i.actual === null && i.met === null)).toBe(true);
    expect(byName(record.indicators, '城镇新增就业人数（人）')?.target).toEqual({ raw: '50000', op: '=', value: 50000, unit: '人' });
    expect(byName(record.indicators, '扶持创业企业（项目）个数')?.target).toEqual({ raw: '350', op: '=', value: 350, unit: null });
    expect(byName(record.indicators, '资金在规定时间内下达率')?.target).toEqual({ raw: '≧95%', op: '>=', value: 95, unit: '%' });
    expect([record.budget_lines, record.warnings]).toEqual([[], []]);
  });

  it('2023: targets stated in words stay text, money in a target is scaled', async () => {
    const record = await recordOf('real/guangdong-zhanjiang-rsj-2023-dept-perf-target-table-nearmiss.xlsx');
    expect(record.indicators).toHaveLength(16);
    expect(record.indicators.every((i) => i.actual === null)).toBe(true);
    expect(byName(record.indicators, '城镇新增就业人数（万人）')?.target).toEqual({
      raw: '根据下达任务目标要求确定',
      op: 'text',
      text: '根据下达任务目标要求确定',
    });
    expect(byName(record.indicators, '发放创业担保贷款金额')?.target).toEqual({ raw: '5000万元', op: '=', value: 5e7, unit: '元' });
    expect(record.warnings).toEqual([]);
  });
});

describe('Wuhan 项目申报表 (targets only)', () => {
  it('reads 指标内容 as the name and 约5.5万人次 as 55000 人次', async () => {
    const record = await recordOf('real/hubei-wuhan-donghu-rsj-2020-project-application-perf-targets-nearmiss.xlsx');
    expect(record.indicators).toHaveLength(13);
    expect(record.indicators.every((i) => i.actual === null)).toBe(true);
    expect(byName(record.indicators, '五险净增人数')).toMatchObject({
      level1: '产出指标',
      category: '数量指标',
      target: { op: '=', value: 55000, unit: '人次' },
    });
    expect(record.warnings).toEqual([]);
  });
});

describe('PKU 项目库 export (11 sheets)', () => {
  it('gives the monitoring sheet’s indicators, nothing for the empty self-evaluation sheet, and no rows named by figures', async () => {
    const record = await recordOf('real/moe-pku-2019-campus-football-project-xiangmuku-export.xls');
    expect(projectsOf(record.indicators)).toEqual({ '2019年210青少年校园足球扶持资金': 14 });
    expect(record.budget_lines.map((b) => b.name)).toEqual(['年度资金总额', '财政拨款', '上年结转资金', '其他资金']);
    expect(record.warnings).toEqual([]);
  });
});

describe('Wanli 部门预算 with five 财政项目支出绩效目标填报表 (amounts in 元)', () => {
  it('gives each form’s indicators its own project, targets with units in brackets, and no actuals', async () => {
    const record = await recordOf('real/shanghai-putuo-wanli-2023-dept-budget-project-perf-targets.pdf');
    expect(projectsOf(record.indicators)).toEqual({
      新建万里街道社区公共服务中心: 5,
      就业援助基地补贴: 4,
      社区环境整治和建设经费: 4,
      各类工作经费: 43,
      公共服务设施运行经费: 9,
    });
    expect(record.indicators.every((i) => i.actual === null)).toBe(true);
    expect(record.indicators[0]).toMatchObject({
      level1: '产出指标',
      category: '数量指标',
      name: '规划建筑面积',
      target: { raw: '≥13459.00(平方米)', op: '>=', value: 13459, unit: '平方米' },
    });
    expect(byName(record.indicators, '补贴对象申请审核完成率')?.target).toEqual({ raw: '=100.00(%)', op: '=', value: 100, unit: '%' });
  });

  it('warns about the budget book’s own tables, whose columns are no budget-execution roles', async () => {
    const record = await recordOf('real/shanghai-putuo-wanli-2023-dept-budget-project-perf-targets.pdf');
    expect(record.warnings.map((w) => [w.page, w.header])).toEqual([
      [10, '项目 | 预算数 | 项目 | 预算数'],
      [19, '项目 | 预算数 | 项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算'],
      [28, '2023年“三公”经费预算数 | 2023年机关运行经费预算数'],
    ]);
  });
});
