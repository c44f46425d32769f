/**
 * Word's automatic numbering: a paragraph that says "numbering 3, level 0" prints 一、 or （二） or 1.
 * that its text does not hold. word/numbering.xml defines each list (w:abstractNum: per level a start
 * value, a number format such as chineseCounting or decimal, and a text such as "%1、" or "（%1）");
 * each w:num points at one and may restart levels (w:lvlOverride/w:startOverride). Counters run per
 * list definition, as Word's do: two w:num of one w:abstractNum continue one count.
 */

export interface Level {
  start: number;
  format: string;
  text: string;
  /** What follows the number: tab (Word's default), space or nothing. */
  suffix: string;
}

export interface Numbering {
  /** w:num id → its list definition and the levels it restarts. */
  nums: Map<string, { abstractId: string; startOverrides: Map<number, number> }>;
  /** w:abstractNum id → its levels by w:ilvl. */
  abstracts: Map<string, Map<number, Level>>;
}

/** A pattern per name, compiled once: these run for every style and numbering level of a part. */
function compiledPer(source: (name: string) => string): (name: string) => RegExp {
  const patterns = new Map<string, RegExp>();
  return (name) => patterns.get(name) ?? patterns.set(name, new RegExp(source(name))).get(name)!;
}
const attrPattern = compiledPer((name) => `\\bw:${name}="([^"]*)"`);
const childValPattern = compiledPer((name) => `<w:${name}\\b[^>]*\\bw:val="([^"]*)"`);

/** An attribute w:NAME of an element's attribute text. */
export const attr = (xml: string, name: string) => attrPattern(name).exec(xml)?.[1];
/** The w:val of the first child element w:NAME. */
export const childVal = (xml: string, name: string) => childValPattern(name).exec(xml)?.[1];

export function parseNumbering(xml: string | undefined): Numbering {
  const numbering: Numbering = { nums: new Map(), abstracts: new Map() };
  if (!xml) return numbering;
  for (const abstract of xml.matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const lvl of abstract[2].matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(Number(attr(lvl[1], 'ilvl') ?? 0), {
        start: Number(childVal(lvl[2], 'start') ?? 1),
        format: childVal(lvl[2], 'numFmt') ?? 'decimal',
        text: childVal(lvl[2], 'lvlText') ?? '',
        suffix: childVal(lvl[2], 'suff') ?? 'tab',
      });
    }
    numbering.abstracts.set(attr(abstract[1], 'abstractNumId') ?? '', levels);
  }
  for (const num of xml.matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const startOverrides = new Map<number, number>();
    for (const override of num[2].matchAll(/<w:lvlOverride\b([^>]*)>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = childVal(override[2], 'startOverride');
      if (start !== undefined) startOverrides.set(Number(attr(override[1], 'ilvl') ?? 0), Number(start));
    }
    numbering.nums.set(attr(num[1], 'numId') ?? '', { abstractId: childVal(num[2], 'abstractNumId') ?? '', startOverrides });
  }
  return numbering;
}

const CHINESE_DIGITS = '零一二三四五六七八九';
const LEGAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const HEAVENLY_STEMS = '甲乙丙丁戊己庚辛壬癸';
const ZODIAC = '子丑寅卯辰巳午未申酉戌亥';

interface Numerals {
  digits: string;
  ten: string;
  hundred: string;
  /** Whether 10–19 are written with a leading one (壹拾贰) or without (十二). */
  leadingOne: boolean;
}
const COUNTING: Numerals = { digits: CHINESE_DIGITS, ten: '十', hundred: '百', leadingOne: false };
const LEGAL: Numerals = { digits: LEGAL_DIGITS, ten: '拾', hundred: '佰', leadingOne: true };

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五: counting as written in prose (or in 大写). */
function chineseCounting(n: number, numerals: Numerals = COUNTING): string {
  const { digits, ten, hundred } = numerals;
  const units = (m: number) => (m % 10 ? digits[m % 10] : '');
  if (n < 10) return digits[n];
  if (n < 20 && !numerals.leadingOne) return `${ten}${units(n)}`;
  if (n < 100) return `${digits[Math.floor(n / 10)]}${ten}${units(n)}`;
  if (n < 1000) {
    const rest = n % 100;
    const tail = rest === 0 ? '' : rest < 10 ? `${digits[0]}${digits[rest]}` : chineseCounting(rest, { ...numerals, leadingOne: true });
    return `${digits[Math.floor(n / 100)]}${hundred}${tail}`;
  }
  return String(n);
}

function letters(n: number): string {
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const parts: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let out = '';
  for (const [value, numeral] of parts) for (; n >= value; n -= value) out += numeral;
  return out;
}

/** A counter value in a w:numFmt; null for formats that print no number (bullet, none). */
export function formatNumber(n: number, format: string): string | null {
  switch (format) {
    case 'bullet':
    case 'none':
      return null;
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'japaneseCounting':
    case 'taiwaneseCounting':
    case 'taiwaneseCountingThousand':
    case 'koreanCounting':
      return chineseCounting(n);
    case 'chineseLegalSimplified':
    case 'japaneseLegal':
      return chineseCounting(n, LEGAL);
    case 'ideographDigital':
    case 'taiwaneseDigital':
      return [...String(n)].map((d) => '〇一二三四五六七八九'[Number(d)]).join('');
    case 'ideographTraditional':
      return HEAVENLY_STEMS[(n - 1) % 10];
    case 'ideographZodiac':
      return ZODIAC[(n - 1) % 12];
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case 'decimalEnclosedParen':
      return `(${n})`;
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    default:
      return String(n);
  }
}

/** Punctuation that already separates a number from its text: 一、 （一） 1．. */
const CLOSED = /[、）)．.:：]$/;

/**
 * Counts numbered paragraphs in document order and gives each its printed number: "一、", "（二）",
 * "1.", with a space after it where Word puts a tab or space and the number ends in no punctuation.
 */
export function numberingCounter(numbering: Numbering): (numId: string, level: number) => string | null {
  const counts = new Map<string, number[]>();
  const restarted = new Set<string>();
  return (numId, level) => {
    const num = numbering.nums.get(numId);
    const levels = num ? numbering.abstracts.get(num.abstractId) : undefined;
    const definition = levels?.get(level);
    if (!num || !levels || !definition) return null;
    const count = counts.get(num.abstractId) ?? [];
    counts.set(num.abstractId, count);
    const override = num.startOverrides.get(level);
    if (override !== undefined && !restarted.has(`${numId}:${level}`)) {
      restarted.add(`${numId}:${level}`);
      count[level] = override - 1;
    }
    count[level] = (count[level] ?? (levels.get(level)?.start ?? 1) - 1) + 1;
    count.length = level + 1; // deeper levels start again
    const text = definition.text.replace(/%(\d)/g, (_, n: string) => {
      const at = Number(n) - 1;
      const value = count[at] ?? levels.get(at)?.start ?? 1;
      return formatNumber(value, levels.get(at)?.format ?? 'decimal') ?? '';
    });
    if (!text || definition.format === 'bullet' || definition.format === 'none') return null;
    return definition.suffix === 'nothing' || CLOSED.test(text) ? text : `${text} `;
  };
}
