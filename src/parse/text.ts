/** Text helpers the parser needs to compare what documents print in many small variations. */
import { joinWrappedLines } from '../extract/text.js';
import { EMPTY_BOXES, PLACEHOLDER, TICKED_BOXES } from '../vocabulary/quotas.js';
import { MONEY_UNITS } from '../vocabulary/units.js';

/**
 * A cell's text on one line: a wrapped line is joined back without a space next to Chinese text
 * (培训补贴发放\n准确率 is one name), with one between Latin words.
 */
export function cellLine(text: string): string {
  // Most cells hold one word or figure: nothing to join or collapse (tested once instead of split, replace, join).
  if (!WHITE_SPACE.test(text)) return text;
  return joinWrappedLines(text.split('\n').map((line) => line.replace(/[\s\u00a0\u3000]+/g, ' ')));
}
const WHITE_SPACE = /[\s\u00a0\u3000]/;

/** Full-width forms to ASCII (（万元） → (万元), ：→ :). */
export function halfWidth(text: string): string {
  // A loop over code units: the parser calls this for nearly every cell and line, and a regex
  // replace with a callback per character cost a tenth of the parse.
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const half = code >= 0xff01 && code <= 0xff5e ? code - 0xfee0 : code === 0x3000 ? 0x20 : -1;
    if (half < 0) continue;
    out += text.slice(copied, i) + String.fromCharCode(half);
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** A cell that states nothing: empty, or a placeholder such as / — －. */
export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(halfWidth(text).replace(/[\s\u00a0\u3000]+/g, ''));
}

/** A header cell reduced to what identifies its column: no spaces, brackets, notes or stars. */
export function headerKey(text: string): string {
  return halfWidth(text)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s*:：、①②③④⑤⑥⑦⑧⑨]/g, '')
    .trim();
}

/** The money unit a header or caption states ("单位：万元", "预算数（万元）"), if any. */
export function statedMoneyUnit(text: string): string | null {
  const ascii = halfWidth(text).replace(/\s+/g, '');
  const unitLine = UNIT_LINE.exec(ascii);
  if (unitLine) return unitLine[1];
  const bracketed = BRACKETED_MONEY_UNIT.exec(ascii);
  return bracketed ? bracketed[1] : null;
}
/** Every money unit the vocabulary knows, longest first so 十万元 is not read as 万元. */
const MONEY_UNIT_WORDS = Object.keys(MONEY_UNITS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const UNIT_LINE = new RegExp(`单位[:：]?(${MONEY_UNIT_WORDS})`);
const BRACKETED_MONEY_UNIT = new RegExp(`\\((${MONEY_UNIT_WORDS})\\)`);

/** Does the text read like an outline heading (一、 （二） 3、 (4))? */
export function isOutlineNumbered(text: string): boolean {
  return /^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]\D)/.test(text);
}

/** Text reduced for matching phrases: half-width, no white space (wrap spaces inside words are gone). */
export function compact(text: string): string {
  return halfWidth(text).replace(/\s+/g, '');
}

const CHECK_MARK = new RegExp(`[${TICKED_BOXES}]`);
const CHECK_BOX = new RegExp(`[${EMPTY_BOXES}${TICKED_BOXES}]`);
const BEFORE_CHECK_BOX = new RegExp(`(?=[${EMPTY_BOXES}${TICKED_BOXES}])`);

/** Does the text print a check box (a choice's options)? */
export function hasCheckBox(text: string): boolean {
  return CHECK_BOX.test(text);
}

/**
 * A choice printed with check boxes (`□项目支出 √部门整体支出`, `□优 √良`) is the option after the
 * ticked box; with no box ticked it states nothing (null). Text without boxes is itself.
 */
export function checkedOption(text: string): string | null {
  if (!hasCheckBox(text)) return text;
  const options = text.split(BEFORE_CHECK_BOX);
  const ticked = options.find((option) => CHECK_MARK.test(option[0]));
  const value = ticked?.slice(1).trim();
  return value || null;
}
