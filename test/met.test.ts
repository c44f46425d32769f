/** The met rule of ../shared/spec/records.md, case by case. */
import { describe, expect, it } from 'vitest';
import { isMet } from '../src/normalize/met.js';
import { parseValue } from '../src/normalize/value.js';

function met(target: string, actual: string): boolean | null {
  const t = parseValue(target);
  const a = parseValue(actual, t?.writtenUnit ?? null);
  return isMet(t?.value ?? null, a?.value ?? null);
}

describe('met', () => {
  it.each([
    ['5个', '0个', false],
    ['5个', '5个', true],
    ['5个', '6个', true],
    ['≥90%', '100%', true],
    ['≥90%', '88%', false],
    ['2-3家', '4家', true],
    ['6-8家', '5家', false],
    ['>150人', '150人', false],
    ['≥150人', '＞150人', true],
    ['≤200万元', '185万元', true],
    ['≤200万元', '2.5亿元', false],
    ['<5%', '5%', false],
    ['<5%', '4.9%', true],
    ['≥1200万元', '≧5000万元', true],
    ['5-10件', '≧8件', true],
    ['≥1000人次', '1000人', true],
    ['≧3场次', '3场', true],
    ['≤90万元', '90', true],
    ['≥50个', '50', true],
  ])('target %s, actual %s → %s', (target, actual, expected) => {
    expect(met(target, actual)).toBe(expected);
  });

  it.each([
    ['消除', '消除', true],
    ['有效', '较有效', null],
    ['间隔5年', '预期达标', null],
    ['100%', '达标', null],
    ['5个', '5家', null],
    ['100%', '', null],
    ['—', '5个', null],
  ])('target %j, actual %j → %s', (target, actual, expected) => {
    expect(met(target, actual)).toBe(expected);
  });
});
