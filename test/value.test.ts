/** The value grammar of ../shared/spec/records.md ("Values"), rule by rule, with exact records. */
import { describe, expect, it } from 'vitest';
import { ValueSchema } from '../src/normalize/schema.js';
import { parseAmount, parseValue } from '../src/normalize/value.js';

const value = (raw: string, fallbackUnit: string | null = null) => parseValue(raw, fallbackUnit)?.value ?? null;

describe('comparators', () => {
  it.each([
    ['≥90%', '>=', 90, '%'],
    ['≧12家', '>=', 12, '家'],
    ['>=3次', '>=', 3, '次'],
    ['不低于60户', '>=', 60, '户'],
    ['不少于5个', '>=', 5, '个'],
    ['至少3场', '>=', 3, '场'],
    ['100家以上', '>=', 100, '家'],
    ['10亿元以上', '>=', 1e9, '元'],
    ['>150人', '>', 150, '人'],
    ['＞150人', '>', 150, '人'],
    ['超过2000万元', '>', 2e7, '元'],
    ['高于80%', '>', 80, '%'],
    ['大于1个', '>', 1, '个'],
    ['多于10人', '>', 10, '人'],
    ['≤200万元', '<=', 2e6, '元'],
    ['≦5天', '<=', 5, '天'],
    ['<=10%', '<=', 10, '%'],
    ['不高于3%', '<=', 3, '%'],
    ['不超过30天', '<=', 30, '天'],
    ['不多于2次', '<=', 2, '次'],
    ['至多4人', '<=', 4, '人'],
    ['5%以下', '<=', 5, '%'],
    ['30天以内', '<=', 30, '天'],
    ['<5%', '<', 5, '%'],
    ['＜1次', '<', 1, '次'],
    ['低于3%', '<', 3, '%'],
    ['小于2天', '<', 2, '天'],
    ['少于5件', '<', 5, '件'],
    ['=100%', '=', 100, '%'],
  ])('%s → %s %d %s', (raw, op, number, unit) => {
    expect(value(raw)).toEqual({ raw, op, value: number, unit });
  });
});

describe('ranges', () => {
  it.each([
    ['2-3家', 2, 3, '家'],
    ['2家-3家', 2, 3, '家'],
    ['3~5场', 3, 5, '场'],
    ['3～5场', 3, 5, '场'],
    ['5至10件', 5, 10, '件'],
    ['6—8家', 6, 8, '家'],
    ['5%-10%', 5, 10, '%'],
    ['1-2万元', 1e4, 2e4, '元'],
  ])('%s → between %d and %d %s', (raw, low, high, unit) => {
    expect(value(raw)).toEqual({ raw, op: 'between', low, high, unit });
  });
});

describe('money is converted to 元', () => {
  it.each([
    ['8元', 8],
    ['3千元', 3000],
    ['7506.95万元', 75069500],
    ['2百万元', 2e6],
    ['21.58亿元', 2.158e9],
    ['1,200万元', 1.2e7],
  ])('%s → %d 元', (raw, amount) => {
    expect(value(raw)).toEqual({ raw, op: '=', value: amount, unit: '元' });
  });

  it('applies a unit stated outside the cell', () => {
    expect(value('742.5', '万元')).toEqual({ raw: '742.5', op: '=', value: 7425000, unit: '元' });
    expect(parseAmount('800', '万元')).toBe(8000000);
    expect(parseAmount('800', null)).toBe(800);
  });

  it('scales by moving the printed decimal point, so an amount is exact to the fen', () => {
    expect(parseAmount('16.99', '万元')).toBe(169900);
    expect(value('316.78亿元')).toEqual({ raw: '316.78亿元', op: '=', value: 31678000000, unit: '元' });
    expect(value('0.07-1.13万元')).toEqual({ raw: '0.07-1.13万元', op: 'between', low: 700, high: 11300, unit: '元' });
    expect(parseAmount('1.005', '十万元')).toBe(100500);
  });

  it('lets a unit written in the cell win over the stated one', () => {
    expect(parseAmount('5亿元', '万元')).toBe(5e8);
  });
});

describe('units', () => {
  it('keeps percent points', () => {
    expect(value('96.5%')).toEqual({ raw: '96.5%', op: '=', value: 96.5, unit: '%' });
    expect(value('３０％')).toEqual({ raw: '３０％', op: '=', value: 30, unit: '%' });
  });

  it('reads 百分之 as a percentage', () => {
    expect(value('不低于百分之九十五')).toEqual({ raw: '不低于百分之九十五', op: '>=', value: 95, unit: '%' });
  });

  it('reads 百分比 as %', () => {
    expect(value('95', '百分比')).toEqual({ raw: '95', op: '=', value: 95, unit: '%' });
  });

  it.each(['家', '个', '笔', '人', '人次', '场次', '次/周', '平方米', '年'])('keeps %s as written', (unit) => {
    expect(value(`12${unit}`)).toEqual({ raw: `12${unit}`, op: '=', value: 12, unit });
  });

  it('takes the fallback unit when the cell has none, money scale included', () => {
    expect(value('50', '个')).toEqual({ raw: '50', op: '=', value: 50, unit: '个' });
    expect(value('90', '万元')).toEqual({ raw: '90', op: '=', value: 900000, unit: '元' });
  });

  it('leaves the unit null when nothing states one', () => {
    expect(value('3')).toEqual({ raw: '3', op: '=', value: 3, unit: null });
  });

  it('reads 万 and 亿 before another unit as magnitudes', () => {
    expect(value('约5.5万人次')).toEqual({ raw: '约5.5万人次', op: '=', value: 55000, unit: '人次' });
  });
});

describe('full-width characters and spaces', () => {
  it.each([
    ['１２家', 12, '家'],
    ['３．５%', 3.5, '%'],
    ['55 家', 55, '家'],
    ['５５　家', 55, '家'],
  ])('%s reads as its ASCII twin', (raw, number, unit) => {
    expect(value(raw)).toEqual({ raw, op: '=', value: number, unit });
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['两家', 2, '家'],
    ['十二份', 12, '份'],
    ['三点五', 3.5, null],
    ['一万二', 12000, null],
    ['两千三百万元', 2.3e7, '元'],
    ['一百万元', 1e6, '元'],
    ['三百零五个', 305, '个'],
  ])('%s → %d', (raw, number, unit) => {
    expect(value(raw)).toEqual({ raw, op: '=', value: number, unit });
  });

  it('does not read words that merely contain a numeral character', () => {
    expect(value('一般')).toEqual({ raw: '一般', op: 'text', text: '一般' });
    expect(value('统一规范')).toEqual({ raw: '统一规范', op: 'text', text: '统一规范' });
  });
});

describe('text and placeholders', () => {
  it.each(['消除', '达成预期指标', '预期达标', '合规', '有效维护'])('%s is text', (raw) => {
    expect(value(raw)).toEqual({ raw, op: 'text', text: raw });
  });

  it.each(['', '  ', '/', '—', '——', '－', '-'])('%j is null', (raw) => {
    expect(parseValue(raw)).toBeNull();
  });

  it('keeps the printed cell as raw, trimmed', () => {
    expect(value('  ≧90% ')).toEqual({ raw: '≧90%', op: '>=', value: 90, unit: '%' });
  });

  it('ignores words around the number', () => {
    expect(value('间隔5年')).toEqual({ raw: '间隔5年', op: '=', value: 5, unit: '年' });
  });
});

describe('arbitrary input', () => {
  const ALPHABET = [...'0123456789.,-~～—至到%％≥≧>＞≤≦<＜=元万亿千百十一二两三四五六七八九零点家个人次/周年以上以下内不低于超过　 （）()、；无—/\\ab'];
  function* strings(count: number): Generator<string> {
    let seed = 20211;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < count; i++) {
      const length = Math.floor(next() * 14);
      yield Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    }
  }

  it('never throws and always returns a valid value or null', () => {
    let parsed = 0;
    for (const raw of strings(5000)) {
      const result = parseValue(raw);
      if (result === null) continue;
      expect(() => ValueSchema.parse(result.value)).not.toThrow();
      expect(result.value.raw).toBe(raw.trim());
      parsed += 1;
    }
    expect(parsed).toBeGreaterThan(4000);
  });
});
