/** Chinese numerals (十二, 两千三百万, 一万二, 三点五, 二〇二一) → numbers. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
/** In 一万二 or 三千五 a bare trailing digit counts in the unit one step below the last one written. */
const STEP_BELOW: Record<string, number> = { 亿: 1e7, 万: 1e3, 千: 100, 百: 10, 十: 1 };

export const CHINESE_NUMERAL_RUN = /[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?/;

function integerPart(text: string): number | null {
  const chars = [...text];
  if (chars.every((ch) => ch in DIGITS)) {
    // Positional digits, as in years: 二〇二一.
    return Number(chars.map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0; // the 亿 part
  let belowYi = 0; // the 万 part
  let section = 0; // below 万
  let digit: number | null = null;
  let lastUnit = '';
  let zeroSinceUnit = false;
  for (const ch of chars) {
    if (ch in DIGITS) {
      if (DIGITS[ch] === 0) zeroSinceUnit = true;
      digit = DIGITS[ch];
    } else if (ch in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[ch];
      digit = null;
      lastUnit = ch;
      zeroSinceUnit = false;
    } else if (ch === '万') {
      belowYi += (section + (digit ?? 0) || 1) * 1e4;
      section = 0;
      digit = null;
      lastUnit = ch;
      zeroSinceUnit = false;
    } else if (ch === '亿') {
      total += (belowYi + section + (digit ?? 0) || 1) * 1e8;
      belowYi = 0;
      section = 0;
      digit = null;
      lastUnit = ch;
      zeroSinceUnit = false;
    } else {
      return null;
    }
  }
  if (digit !== null) section += lastUnit && !zeroSinceUnit ? digit * STEP_BELOW[lastUnit] : digit;
  return total + belowYi + section;
}

/** The value of a whole Chinese numeral, or null when the text is not one. */
export function chineseNumeralToNumber(text: string): number | null {
  if (!text || !/[零〇一二两三四五六七八九十]/.test(text)) return null;
  const [whole, fraction] = text.split('点');
  const integer = whole ? integerPart(whole) : 0;
  if (integer === null) return null;
  if (fraction === undefined) return integer;
  if (![...fraction].every((ch) => ch in DIGITS)) return null;
  return Number(`${integer}.${[...fraction].map((ch) => DIGITS[ch]).join('')}`);
}
