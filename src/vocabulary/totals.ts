/**
 * Words that make a row a total rather than a part. A total of money (a budget line adding up the
 * lines printed with it) and a total of points (the 总分 row closing a scoring) share 合计 and 总计;
 * each has words of its own. A row is a total when its name is one of the words, whole.
 */

const EITHER = ['合计', '总计'];

export const TOTAL_WORDS: Readonly<Record<'money' | 'score', readonly string[]>> = {
  money: [...EITHER, '年度资金总额', '资金总额', '总额', '部门整体支出', '部门整体支出合计', '支出合计', '预算资金总额'],
  score: [...EITHER, '总分', '合计得分', '综合得分', '自评得分', '自评总分', '总得分'],
};
