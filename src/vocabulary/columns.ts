/**
 * Column roles: what a column holds, recognised from its header text by meaning (spec "Column
 * roles"). A header cell is first reduced to its key (no spaces, brackets or notes: 预算数（万元） →
 * 预算数); a key that is one of a role's synonyms names that role, else the first role whose
 * pattern matches it (patterns catch the relatives templates invent). Budget and indicator tables
 * are read apart, so the same word may name a role in each (项目名称: a budget line's name, an
 * indicator's project); within one kind of table no two roles share a synonym.
 */

export const BUDGET_AMOUNT_ROLES = ['initial_budget', 'adjustment', 'final_budget', 'spent'] as const;
export const BUDGET_VALUE_ROLES = [...BUDGET_AMOUNT_ROLES, 'execution_rate'] as const;
export const BUDGET_ROLES = ['name', ...BUDGET_VALUE_ROLES, 'weight', 'score'] as const;
export type BudgetRole = (typeof BUDGET_ROLES)[number];

export const GROUP_ROLES = ['project', 'subproject', 'level1', 'category'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const INDICATOR_ROLES = [
  ...GROUP_ROLES,
  'name',
  'target',
  /** 调整指标值: the target as adjusted during the year, which wins over 年初指标值 when given. */
  'target_adjusted',
  'target_op',
  'target_unit',
  'actual',
  'weight',
  'score',
  'deviation',
] as const;
export type IndicatorRole = (typeof INDICATOR_ROLES)[number];

export interface ColumnRule<R extends string> {
  role: R;
  synonyms: readonly string[];
  pattern?: RegExp;
}

/** In the order patterns are tried: a key matching two patterns takes the first rule's role. */
export const BUDGET_COLUMNS: readonly ColumnRule<BudgetRole>[] = [
  { role: 'execution_rate', synonyms: ['支出率', '执行率', '预算执行率', '资金执行率', '资金到位率'], pattern: /(执行|支出)率$/ },
  {
    role: 'adjustment',
    synonyms: ['调剂追加金额', '调整数', '追加(减)数', '追加减数', '调整金额', '预算调整数', '追加数', '调剂数', '调整预算数'],
    pattern: /^(预算)?(调整|调剂|追加)/,
  },
  {
    role: 'final_budget',
    synonyms: ['实际下达金额', '全年预算数', '调整后预算数', '全年预算', '调整后预算', '全年预算金额', '下达金额', '预算下达数'],
    pattern: /^(全年预算|调整后|实际下达|下达)/,
  },
  {
    role: 'spent',
    synonyms: ['实际支出金额', '全年执行数', '执行数', '实际支出', '支出数', '决算数', '实际执行数', '执行金额', '实际支出数', '支出金额', '预算执行数'],
    pattern: /^(全年|实际|预算)?(执行|支出)(数|金额)$|^实际支出/,
  },
  { role: 'initial_budget', synonyms: ['预算金额', '年初预算数', '年初预算', '预算数', '年初预算金额', '年初预算安排', '年初安排'], pattern: /^年初/ },
  { role: 'weight', synonyms: ['分值', '权重', '分值(权重)', '权重分值'], pattern: /权重$/ },
  { role: 'score', synonyms: ['得分', '自评得分', '评分'], pattern: /得分$/ },
  {
    role: 'name',
    synonyms: ['项目名称', '项目', '名称', '科目', '科目名称', '支出项目', '资金来源', '预算项目', '项目类别', '类别', '内容', '资金类别', '资金名称'],
  },
];

export const INDICATOR_COLUMNS: readonly ColumnRule<IndicatorRole>[] = [
  { role: 'project', synonyms: ['一级项目', '项目名称', '项目', '一级项目名称'] },
  { role: 'subproject', synonyms: ['二级项目', '子项目', '二级项目名称'] },
  { role: 'level1', synonyms: ['一级指标'] },
  { role: 'category', synonyms: ['二级指标', '指标类型', '指标类别', '指标分类'] },
  { role: 'name', synonyms: ['三级指标', '绩效指标', '指标名称', '指标', '指标内容', '三级指标名称'], pattern: /^三级指标/ },
  { role: 'target_op', synonyms: ['指标性质', '指标方向', '运算符号', '比较符'] },
  { role: 'target_unit', synonyms: ['度量单位', '计量单位', '单位'] },
  { role: 'target_adjusted', synonyms: ['调整指标值', '调整后指标值', '调整目标值', '调整后目标值'] },
  {
    role: 'target',
    synonyms: [
      '年初指标值',
      '目标值',
      '年度指标值',
      '年度目标值',
      '预期指标值',
      '指标值',
      '预期目标值',
      '全年指标值',
      '计划值',
      '绩效目标值',
      '年初目标值',
      '预期值',
      '目标',
    ],
    pattern: /^(年度|全年|预期|计划)?(指标|目标)值/,
  },
  {
    role: 'actual',
    synonyms: ['实际完成值', '实际完成情况', '完成值', '实际值', '全年实际值', '实际完成', '实际完成指标值', '完成情况', '实际完成数'],
    pattern: /^(全年|年度)?实际(完成)?(值|数|情况)|完成值$/,
  },
  { role: 'weight', synonyms: ['分值', '权重', '分值(权重)', '权重分值', '指标权重', '指标分值'], pattern: /^(指标)?(权重|分值)/ },
  { role: 'score', synonyms: ['得分', '自评得分', '评分', '实际得分', '指标得分'], pattern: /^(指标|实际|自评)?得分$/ },
  {
    role: 'deviation',
    synonyms: ['偏差原因分析及改进措施', '未完成原因分析', '偏差原因', '原因分析及改进措施', '未完成原因分析及改进措施', '偏差原因分析'],
    pattern: /偏差|未完成原因|原因分析/,
  },
];

/**
 * Header words of the tables jixiao reads: a row with two short cells holding them is a header,
 * mapped or not (a table whose header no role matches is reported for review).
 */
export const HEADER_WORDS = ['指标', '预算'] as const;
