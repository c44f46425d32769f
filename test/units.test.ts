/** Units stated around a value rather than after it (spec "Values"): in brackets after the number, at the end of a name. */
import { describe, expect, it } from 'vitest';
import { isUnitWord, parseValue, unitOfName } from '../src/normalize/value.js';

const valueOf = (raw: string, fallback: string | null = null) => parseValue(raw, fallback)?.value;

describe('a unit in brackets after the number', () => {
  it('is the unit, money scale included', () => {
    expect(valueOf('≥13459.00(平方米)')).toEqual({ raw: '≥13459.00(平方米)', op: '>=', value: 13459, unit: '平方米' });
    expect(valueOf('=100.00(%)')).toEqual({ raw: '=100.00(%)', op: '=', value: 100, unit: '%' });
    expect(valueOf('≤12（万元）')).toEqual({ raw: '≤12（万元）', op: '<=', value: 120000, unit: '元' });
    expect(valueOf('=5.00(万人次)')).toEqual({ raw: '=5.00(万人次)', op: '=', value: 50000, unit: '人次' });
  });

  it('is not taken from a bracket that holds no unit', () => {
    expect(valueOf('100(含)以上')).toMatchObject({ value: 100, unit: null });
    expect(valueOf('3(预计)')).toMatchObject({ value: 3, unit: null });
  });
});

describe('a unit in brackets at the end of a name', () => {
  it('is read when the bracket holds a unit', () => {
    expect(['城镇新增就业人数（人）', '考核合格率(%)', '补助金额（万元）', '城镇新增就业人数（万人）'].map(unitOfName)).toEqual(['人', '%', '万元', '万人']);
  });

  it('is not read from a bracket that is part of the name, or that stands elsewhere', () => {
    expect(['扶持创业企业（项目）', '扶持创业企业（项目）个数', '培训人数', null].map(unitOfName)).toEqual([null, null, null, null]);
  });
});

describe('isUnitWord', () => {
  it('knows measure words, money, percent and magnitudes of them', () => {
    expect(['人', '人次', '平方米', '万元', '%', '百分比', '万人', '亿元'].every(isUnitWord)).toBe(true);
    expect(['项目', '含', '预计', ''].some(isUnitWord)).toBe(false);
  });
});
