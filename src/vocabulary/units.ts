/**
 * Units: money units with their scale to 元, the large-number words that scale any unit, and the
 * words that count as a unit after a number.
 */

/**
 * Money units and their scale to 元 as a power of ten: an amount is scaled by moving its decimal
 * point (16.99 万元 is 169900 元 exactly), never by multiplying a float.
 */
export const MONEY_UNITS: Readonly<Record<string, number>> = {
  元: 0,
  千元: 3,
  万元: 4,
  十万元: 5,
  百万元: 6,
  千万元: 7,
  亿元: 8,
  万亿元: 12,
};

/** Large-number words that scale any other unit (5.5万人次 is 55000 人次), as powers of ten. */
export const MAGNITUDES: Readonly<Record<string, number>> = { 万: 4, 亿: 8 };

/** Other spellings of a unit. */
export const UNIT_ALIASES: Readonly<Record<string, string>> = { 百分比: '%', 百分之: '%', '％': '%' };

/** Measure words a Chinese numeral may carry; anything else (一般, 一致, 一流) is qualitative text. */
export const MEASURE_WORDS: readonly string[] = [
  '',
  '个',
  '家',
  '份',
  '人',
  '人次',
  '次',
  '件',
  '项',
  '本',
  '场',
  '场次',
  '期',
  '笔',
  '元',
  '万元',
  '亿元',
  '千元',
  '年',
  '月',
  '天',
  '日',
  '周',
  '户',
  '所',
  '座',
  '台',
  '套',
  '辆',
  '条',
  '篇',
  '批',
  '支',
  '名',
  '位',
  '处',
  '间',
  '栋',
  '张',
  '部',
  '册',
  '门',
  '种',
  '类',
  '公里',
  '米',
  '平方米',
  '亩',
  '吨',
  '小时',
  '季度',
  '例',
  '单',
  '起',
  '轮',
  '届',
  '课时',
  '学时',
  '个月',
  '%',
];

/** Units that stand in brackets (after a value, at the end of a name) but carry no numeral as words do. */
export const BRACKET_UNITS: readonly string[] = ['平方公里', '立方米', '千米', '公顷', '千瓦', '兆瓦', '人/次', '户次', '件次', '元/人', '分', '‰', '百分比'];
