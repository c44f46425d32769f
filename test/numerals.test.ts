import { describe, expect, it } from 'vitest';
import { chineseNumeralToNumber } from '../src/normalize/numerals.js';

describe('Chinese numerals', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百零五', 105],
    ['三百零五', 305],
    ['两千三百万', 23000000],
    ['一万二', 12000],
    ['三千五', 3500],
    ['一亿二千万', 120000000],
    ['三点五', 3.5],
    ['二〇二一', 2021],
    ['零', 0],
  ])('%s → %d', (text, number) => {
    expect(chineseNumeralToNumber(text)).toBe(number);
  });

  it('rejects text that is not a numeral', () => {
    expect(chineseNumeralToNumber('万')).toBeNull();
    expect(chineseNumeralToNumber('一般')).toBeNull();
    expect(chineseNumeralToNumber('')).toBeNull();
  });
});
