/**
 * Column roles: what a column holds, recognised from its header text by meaning (spec "Column
 * roles"). Exact synonyms first, then patterns for the relatives templates invent.
 */

export const BUDGET_AMOUNT_ROLES = ['initial_budget', 'adjustment', 'final_budget', 'spent'] as const;
export const BUDGET_VALUE_ROLES = [...BUDGET_AMOUNT_ROLES, 'execution_rate'] as const;
export type BudgetRole = 'name' | (typeof BUDGET_VALUE_ROLES)[number] | 'weight' | 'score';

export const GROUP_ROLES = ['project', 'subproject', 'level1', 'category'] as const;
export type IndicatorRole =
  | (typeof GROUP_ROLES)[number]
  | 'name'
  | 'target'
  /** 调整指标值: the target as adjusted during the year, which wins over 年初指标值 when given. */
  | 'target_adjusted'
  | 'target_op'
  | 'target_unit'
  | 'actual'
  | 'weight'
  | 'score'
  | 'deviation';

interface RoleRule<R> {
  role: R;
  exact: string[];
  pattern?: RegExp;
}

const BUDGET_RULES: RoleRule<BudgetRole>[] = [
  { role: 'execution_rate', exact: ['支出率', '执行率', '预算执行率', '资金执行率', '资金到位率'], pattern: /(执行|支出)率$/ },
  { role: 'adjustment', exact: ['调剂追加金额', '调整数', '追加(减)数', '追加减数', '调整金额', '预算调整数', '追加数', '调剂数', '调整预算数'], pattern: /^(预算)?(调整|调剂|追加)/ },
  { role: 'final_budget', exact: ['实际下达金额', '全年预算数', '调整后预算数', '全年预算', '调整后预算', '全年预算金额', '下达金额', '预算下达数'], pattern: /^(全年预算|调整后|实际下达|下达)/ },
  {
    role: 'spent',
    exact: ['实际支出金额', '全年执行数', '执行数', '实际支出', '支出数', '决算数', '实际执行数', '执行金额', '实际支出数', '支出金额', '预算执行数'],
    pattern: /^(全年|实际|预算)?(执行|支出)(数|金额)$|^实际支出/,
  },
  { role: 'initial_budget', exact: ['预算金额', '年初预算数', '年初预算', '预算数', '年初预算金额', '年初预算安排', '年初安排'], pattern: /^年初/ },
  { role: 'weight', exact: ['分值', '权重', '分值(权重)', '权重分值'], pattern: /权重$/ },
  { role: 'score', exact: ['得分', '自评得分', '评分'], pattern: /得分$/ },
  { role: 'name', exact: ['项目名称', '项目', '名称', '科目', '科目名称', '支出项目', '资金来源', '预算项目', '项目类别', '类别', '内容', '资金类别', '资金名称'] },
];

const INDICATOR_RULES: RoleRule<IndicatorRole>[] = [
  { role: 'project', exact: ['一级项目', '项目名称', '项目', '一级项目名称'] },
  { role: 'subproject', exact: ['二级项目', '子项目', '二级项目名称'] },
  { role: 'level1', exact: ['一级指标'] },
  { role: 'category', exact: ['二级指标', '指标类型', '指标类别', '指标分类'] },
  { role: 'name', exact: ['三级指标', '绩效指标', '指标名称', '指标', '指标内容', '三级指标名称'], pattern: /^三级指标/ },
  { role: 'target_op', exact: ['指标性质', '指标方向', '运算符号', '比较符'] },
  { role: 'target_unit', exact: ['度量单位', '计量单位', '单位'] },
  { role: 'target_adjusted', exact: ['调整指标值', '调整后指标值', '调整目标值', '调整后目标值'] },
  {
    role: 'target',
    exact: ['年初指标值', '目标值', '年度指标值', '年度目标值', '预期指标值', '指标值', '预期目标值', '全年指标值', '计划值', '绩效目标值', '年初目标值', '预期值', '目标'],
    pattern: /^(年度|全年|预期|计划)?(指标|目标)值/,
  },
  {
    role: 'actual',
    exact: ['实际完成值', '实际完成情况', '完成值', '实际值', '全年实际值', '实际完成', '实际完成指标值', '完成情况', '实际完成数'],
    pattern: /^(全年|年度)?实际(完成)?(值|数|情况)|完成值$/,
  },
  { role: 'weight', exact: ['分值', '权重', '分值(权重)', '权重分值', '指标权重', '指标分值'], pattern: /^(指标)?(权重|分值)/ },
  { role: 'score', exact: ['得分', '自评得分', '评分', '实际得分', '指标得分'], pattern: /^(指标|实际|自评)?得分$/ },
  {
    role: 'deviation',
    exact: ['偏差原因分析及改进措施', '未完成原因分析', '偏差原因', '原因分析及改进措施', '未完成原因分析及改进措施', '偏差原因分析'],
    pattern: /偏差|未完成原因|原因分析/,
  },
];

/**
 * A header key (headerKey of the cell's text) → its role: the exact synonyms of all rules in one
 * lookup, the first rule naming a key winning, then the patterns.
 */
function roleOfKey<R>(rules: RoleRule<R>[]): (key: string) => R | null {
  const exact = new Map<string, R>();
  for (const rule of rules) for (const synonym of rule.exact) if (!exact.has(synonym)) exact.set(synonym, rule.role);
  return (key) => {
    if (!key) return null;
    const role = exact.get(key);
    if (role !== undefined) return role;
    for (const rule of rules) if (rule.pattern?.test(key)) return rule.role;
    return null;
  };
}

export const budgetRoleOf = roleOfKey(BUDGET_RULES);
export const indicatorRoleOf = roleOfKey(INDICATOR_RULES);
