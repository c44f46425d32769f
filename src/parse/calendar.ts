/**
 * Years of Taiwan's (ROC) calendar as Gregorian years (spec "Pages from the open web"): 民国92年,
 * 民国九十二年 and 中华民国101年度 are 1911 + N; on a Taiwan government page a bare 101年度 is one too.
 */
import { ROC_ERA_WORDS, ROC_YEAR_OFFSET, TAIWAN_PAGE_WORDS } from '../vocabulary/report.js';
import { anyOf } from './words.js';

const ERA = anyOf(ROC_ERA_WORDS);
const ROC_YEAR = new RegExp(`(?:${ERA})\\s*(\\d{1,3}|[零〇○一二三四五六七八九十百]{1,6})\\s*(年)`, 'g');
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, '○': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** An ROC year as printed: 92, 九十二, 一百零一, or digit by digit 一○一. */
function yearNumber(printed: string): number {
  if (/^\d+$/.test(printed)) return Number(printed);
  if (!/[十百]/.test(printed)) return Number([...printed].map((c) => DIGITS[c]).join(''));
  let value = 0;
  let digit = 0;
  for (const c of printed) {
    if (c === '百') [value, digit] = [value + (digit || 1) * 100, 0];
    else if (c === '十') [value, digit] = [value + (digit || 1) * 10, 0];
    else digit = DIGITS[c];
  }
  return value + digit;
}
/** A two- or three-digit year not part of a longer number: 101年度, 92年. */
const BARE_YEAR = /(?<![\d.])(\d{2,3})(年度)/g;
const TAIWAN_PAGE = new RegExp(`${ERA}|${anyOf(TAIWAN_PAGE_WORDS)}`);

const gregorian = (n: string, suffix: string) => `${yearNumber(n) + ROC_YEAR_OFFSET}${suffix}`;

/** Is the text from a Taiwan page (it names the ROC era or a body or city only Taiwan has)? */
export function isTaiwanPage(text: string): boolean {
  return TAIWAN_PAGE.test(text);
}

/** The text with its ROC years written as Gregorian years, so year patterns read them. */
export function withGregorianYears(text: string, taiwanPage: boolean): string {
  const converted = text.replace(ROC_YEAR, (_, n: string, suffix: string) => gregorian(n, suffix));
  return taiwanPage ? converted.replace(BARE_YEAR, (_, n: string, suffix: string) => gregorian(n, suffix)) : converted;
}
