/**
 * Cell text → typed value, by the grammar of ../shared/spec/records.md ("Values"):
 * comparators in symbols and words, ranges, money scaled to 元, percentages, other units as written,
 * full-width characters, Chinese numerals, and qualitative text.
 */
import { halfWidth, isPlaceholder } from '../parse/text.js';
import { BRACKET_UNITS, MAGNITUDES, MEASURE_WORDS, MONEY_UNITS, UNIT_ALIASES } from '../vocabulary/units.js';
import { CHINESE_NUMERAL_RUN, chineseNumeralToNumber } from './numerals.js';
import type { PointValue, Value } from './schema.js';

type Comparator = PointValue['op'];

const MEASURE_WORD_SET = new Set(MEASURE_WORDS);
const BRACKET_UNIT_SET = new Set(BRACKET_UNITS);

/**
 * Is the text a unit (人, 万人, 平方米, %, 万元)? A bracket that holds one is a unit; any other
 * bracket (扶持创业企业（项目）个数) is part of what it follows.
 */
export function isUnitWord(text: string): boolean {
  const unit = UNIT_ALIASES[text] ?? text;
  if (!unit) return false;
  if (unit in MONEY_UNITS || MEASURE_WORD_SET.has(unit) || BRACKET_UNIT_SET.has(unit)) return true;
  return unit.length > 1 && unit[0] in MAGNITUDES && MEASURE_WORD_SET.has(unit.slice(1));
}

const PREFIX_SYMBOLS: Array<[RegExp, Comparator]> = [
  [/^(>=|≥|=>)/, '>='],
  [/^(<=|≤|=<)/, '<='],
  [/^>/, '>'],
  [/^</, '<'],
  [/^=/, '='],
];
/** Word comparators, longest first so 不低于 is not read as 低于. */
const WORD_OPS: Array<[RegExp, Comparator]> = [
  [/不低于|不少于|不小于|至少|起码|大于等于|大于或等于|≥|>=/, '>='],
  [/不高于|不超过|不多于|不大于|至多|最多|小于等于|小于或等于|≤|<=/, '<='],
  [/超过|高于|大于|多于|>/, '>'],
  [/低于|小于|少于|</, '<'],
];
const SUFFIX_OPS: Array<[RegExp, Comparator]> = [
  [/(及|或|含)?以上$/, '>='],
  [/(及|或|含)?(以下|以内)$/, '<='],
];
const RANGE_SEPARATOR = /^(?:-|~|～|至|—|–|到|－)+/;
const ARABIC_NUMBER = /[-+]?\d+(?:,\d{3})*(?:\.\d+)?|[-+]?\.\d+/;
/** Where a unit stops: the next number, a clause break, a bracket, or a range separator. */
const UNIT_RUN = /^(?:(?![至到][\d零一二两三四五六七八九十])[^\d,，;；。、（()）\s\-~～—–－])*/;

/** A bracket at the end of a name: 城镇新增就业人数（人）, 补助金额（万元）. */
const NAME_END_BRACKET = /\(([^()]{1,6})\)$/;

/** The unit a name states in brackets at its end, or null (a bracket that is not a unit is just part of the name). */
export function unitOfName(name: string | null): string | null {
  const bracket = name === null ? null : NAME_END_BRACKET.exec(toHalfWidth(name));
  return bracket && isUnitWord(bracket[1]) ? bracket[1] : null;
}

/** A unit in brackets right after the number: ≥13459.00(平方米), =100.00(%). */
const BRACKETED_UNIT = /^\(([^\d()]{1,6})\)/;

/** Full-width ASCII to half-width, the two "≧ ≦" variants to ≥ ≤, and no spaces at all. */
function toHalfWidth(text: string): string {
  return halfWidth(text)
    .replace(/≧/g, '≥')
    .replace(/≦/g, '≤')
    .replace(/[\s\u00a0\u3000]+/g, '');
}

interface Quantity {
  /** The number as written, before the unit's scale. */
  number: number;
  /** The unit as written after it ('万元', '%', '人次'), '' if none. */
  written: string;
}

interface ScaledUnit {
  /** The power of ten the number is scaled by. */
  exponent: number;
  unit: string | null;
}

/** A written unit → the scale to apply and the unit to report (money in 元). */
export function scaleUnit(written: string): ScaledUnit {
  const unit = UNIT_ALIASES[written] ?? written;
  if (unit in MONEY_UNITS) return { exponent: MONEY_UNITS[unit], unit: '元' };
  const magnitude = MAGNITUDES[unit[0]];
  if (magnitude && unit.length > 1) return { exponent: magnitude, unit: unit.slice(1) };
  if (magnitude) return { exponent: magnitude, unit: null };
  return { exponent: 0, unit: unit || null };
}

/**
 * n × 10^exponent, by moving the decimal point of n as printed (its shortest decimal form, which is
 * what the cell said), never by multiplying a float: 16.99 万元 is 169900 元, not 169899.99999999997.
 */
export function shiftDecimal(n: number, exponent: number): number {
  if (exponent === 0 || !Number.isFinite(n)) return n;
  const [digits, power = '0'] = String(n).split('e');
  return Number(`${digits}e${Number(power) + exponent}`);
}

function stripSuffixOp(unit: string): { unit: string; op: Comparator | null } {
  const cleaned = unit.replace(/[（(]含[)）]$/, '');
  for (const [pattern, op] of SUFFIX_OPS) {
    if (pattern.test(cleaned)) return { unit: cleaned.replace(pattern, ''), op };
  }
  return { unit: cleaned.replace(/左右$/, ''), op: null };
}

/** The first number in the text and what follows it, in Arabic digits or Chinese numerals. */
function findNumber(text: string): { index: number; length: number; number: number } | null {
  const arabic = ARABIC_NUMBER.exec(text);
  if (arabic) {
    let numberText = arabic[0];
    let index = arabic.index;
    // A sign counts only at the start: elsewhere "-" separates a range (2-3家).
    if (/^[-+]/.test(numberText) && index > 0) {
      numberText = numberText.slice(1);
      index += 1;
    }
    return { index, length: numberText.length, number: Number(numberText.replace(/,/g, '')) };
  }
  const chinese = CHINESE_NUMERAL_RUN.exec(text);
  if (!chinese) return null;
  const number = chineseNumeralToNumber(chinese[0]);
  if (number === null) return null;
  const rest = text.slice(chinese.index + chinese[0].length);
  const unit = stripSuffixOp(UNIT_RUN.exec(rest)?.[0] ?? '').unit;
  // 万 inside the numeral already scaled it; a trailing 元 is then the whole unit.
  if (!MEASURE_WORD_SET.has(unit)) return null;
  return { index: chinese.index, length: chinese[0].length, number };
}

function readQuantity(text: string): { quantity: Quantity; rest: string; prefix: string } | null {
  const found = findNumber(text);
  if (!found) return null;
  const afterNumber = text.slice(found.index + found.length);
  const bracketed = BRACKETED_UNIT.exec(afterNumber);
  const inBrackets = bracketed && isUnitWord(bracketed[1]) ? bracketed : null;
  const written = inBrackets ? inBrackets[1] : (UNIT_RUN.exec(afterNumber)?.[0] ?? '');
  return {
    quantity: { number: found.number, written },
    rest: afterNumber.slice(inBrackets ? inBrackets[0].length : written.length),
    prefix: text.slice(0, found.index),
  };
}

function prefixOp(prefix: string): Comparator | null {
  for (const [pattern, op] of PREFIX_SYMBOLS) if (pattern.test(prefix)) return op;
  for (const [pattern, op] of WORD_OPS) if (pattern.test(prefix)) return op;
  return null;
}

export interface ParsedValue {
  value: Value;
  /** The unit as the cell wrote it ('万元'), for a sibling cell that writes none. */
  writtenUnit: string | null;
}

/**
 * Parse one target or actual cell. `fallbackUnit` is the unit written elsewhere (the target's, a
 * 度量单位 column, 单位：万元 above the table) that applies when the cell has none of its own.
 * Returns null for an empty cell or a placeholder (/, —, -).
 */
export function parseValue(raw: string, fallbackUnit: string | null = null): ParsedValue | null {
  const printed = raw.trim();
  if (isPlaceholder(printed)) return null;
  // 百分之九十五 is 95%: move the percent after the numeral, where units stand.
  const text = toHalfWidth(printed).replace(/百分之([零〇一二两三四五六七八九十百点\d.]+)/g, '$1%');
  const first = readQuantity(text);
  if (!first) return { value: { raw: printed, op: 'text', text: printed }, writtenUnit: null };

  let { written } = first.quantity;
  let op: Comparator | null = prefixOp(first.prefix);
  let second: Quantity | null = null;
  const separator = RANGE_SEPARATOR.exec(first.rest);
  if (separator && op === null) {
    const next = readQuantity(first.rest.slice(separator[0].length));
    if (next && next.prefix === '') second = next.quantity;
  }
  const suffix = stripSuffixOp(second ? second.written : written);
  if (second) second.written = suffix.unit;
  else written = suffix.unit;
  op ??= suffix.op;

  // In 2-3家 only the high end carries the unit; in 2家-3家 both do.
  let unitText = second?.written || written || '';
  if (!unitText && fallbackUnit) unitText = fallbackUnit;
  const { exponent, unit } = scaleUnit(unitText);
  const scale = (n: number) => shiftDecimal(n, exponent);
  const writtenUnit = unitText || null;
  if (second) {
    const low = Math.min(first.quantity.number, second.number);
    const high = Math.max(first.quantity.number, second.number);
    return { value: { raw: printed, op: 'between', low: scale(low), high: scale(high), unit }, writtenUnit };
  }
  return { value: { raw: printed, op: op ?? '=', value: scale(first.quantity.number), unit }, writtenUnit };
}

/**
 * A plain amount cell of a budget table (800, 1,127.7, 742.5万元) in 元, given the table's unit.
 * A unit written in the cell wins over the table's.
 */
export function parseAmount(raw: string, tableUnit: string | null): number | null {
  const parsed = parseValue(raw, tableUnit);
  if (!parsed || parsed.value.op === 'text' || parsed.value.op === 'between') return null;
  return parsed.value.value;
}

/** A plain number cell (分值, 得分, or a rate such as 96.50% in percent points). */
export function parseNumber(raw: string): number | null {
  return parseAmount(raw, null);
}
