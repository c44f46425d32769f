/**
 * The report's own verdict on itself: its self-assessed score and grade, from a form's labelled
 * cell or total row, else from the sentences of a narrative report.
 */
import type { Grade } from './schema.js';
import { checkedOption, halfWidth } from './text.js';

const NUMBER = '(\\d+(?:\\.\\d+)?)';
/**
 * A score sentence: 绩效自评分数为97.5分, 自评得分：88分, 综合评分为97分, 自评得分 90 分 across a
 * line break; not 平均得分 of several projects.
 */
const SCORE_SENTENCE = new RegExp(`(?:自评|评价|绩效|综合)(?:(?!平均)[^，,。；;\\d]){0,6}?(?:总?得分|分数|总分|评分)(?:为|是|:|：)?\\s*${NUMBER}\\s*分`);
/** A flattened scoring sheet's total row: the full marks, then the score (总分100100 = 100 of 100). */
const TOTAL_AFTER_FULL_MARKS = new RegExp(`总分\\s*100\\s*${NUMBER}(?!\\d)`);
const GRADE_WORD = '(优秀|优|良好|良|中等|中|不合格|合格|及格|差)';
/**
 * A grade sentence: 绩效等级为优, 评价等级为"良", 自评结果为优秀, 自评结论为“优秀, 整体绩效自评为优秀;
 * not a word that goes on (结果为良好的社会效益, 为中央…).
 */
const GRADE_SENTENCE = new RegExp(`(?:等级|结论|结果|自评|评定)(?:为|是|:|：)\\s*[“"「『]?${GRADE_WORD}(?=$|[^\\u4e00-\\u9fa5]|[等级次档])`);
const GRADE_WORDS: Record<string, Grade> = { 优秀: '优', 优: '优', 良好: '良', 良: '良', 中等: '中', 中: '中', 合格: '中', 及格: '中', 不合格: '差', 差: '差' };

/** A grade as a form states it (优秀, a ticked box among 优/良/中/差), simplified to 优 良 中 差. */
export function gradeOf(text: string | null | undefined): Grade | null {
  const chosen = text ? checkedOption(text) : null;
  const word = chosen ? new RegExp(GRADE_WORD).exec(chosen) : null;
  return word ? GRADE_WORDS[word[1]] : null;
}

/** The first number in a score cell (97.6, 97.6分). */
export function scoreOf(text: string | null | undefined): number | null {
  const m = text ? /(\d+(?:\.\d+)?)/.exec(halfWidth(text)) : null;
  return m ? Number(m[1]) : null;
}

/** The score a narrative states, in compacted body text (one line per paragraph). */
export function scoreInProse(body: string): number | null {
  const sentence = SCORE_SENTENCE.exec(body);
  if (sentence) return Number(sentence[1]);
  const total = TOTAL_AFTER_FULL_MARKS.exec(body);
  return total && Number(total[1]) <= 100 ? Number(total[1]) : null;
}

export function gradeInProse(body: string): Grade | null {
  const sentence = GRADE_SENTENCE.exec(body);
  return sentence ? GRADE_WORDS[sentence[1]] : null;
}
