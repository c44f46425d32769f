import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertibleCharacters, convertibleModule, t2sDictionaries } from '../scripts/convertible-chars.js';
import { CONVERTIBLE_CHARACTERS } from '../src/normalize/convertible-chars.js';
import { mayConvert } from '../src/normalize/convertible.js';
import * as OpenCC from 'opencc-js/t2cn';

describe('characters a Traditional → Simplified conversion can change', () => {
  it('are those of the installed opencc-js (else: npx tsx scripts/convertible-chars.ts)', () => {
    const written = readFileSync(new URL('../src/normalize/convertible-chars.ts', import.meta.url), 'utf8');
    expect(written).toBe(convertibleModule(convertibleCharacters(t2sDictionaries())));
    expect([...CONVERTIBLE_CHARACTERS].length).toBeGreaterThan(4000);
  });

  it('are the characters an entry changes, not the ones it keeps', () => {
    expect(convertibleCharacters(['乾隆 乾隆|後來 后来|一齣 一出'])).toEqual(['來', '後', '齣']);
    expect(convertibleCharacters([[['甲乙', '丙']]])).toEqual(['乙', '甲']);
  });

  it('are all it changes: every other CJK ideograph converts to itself, alone or next to another', () => {
    const convert = OpenCC.Converter({ from: 't', to: 'cn' });
    const others = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i)).filter((c) => !mayConvert(c));
    expect(others.length).toBeGreaterThan(15000);
    const text = others.join('');
    expect(convert(text)).toBe(text);
  });

  it('tell a Simplified text from one that needs converting', () => {
    expect(mayConvert('2021年度部门整体支出绩效自评报告：预算执行率 98.5%')).toBe(false);
    expect(mayConvert('預算執行率')).toBe(true);
    expect(mayConvert('项目後期')).toBe(true);
  });
});
