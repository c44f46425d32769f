import { describe, expect, it } from 'vitest';
import { buildVocabulary, DEFAULT_VOCABULARY, VocabularyError } from '../src/vocabulary/index.js';

describe('the vocabulary', () => {
  it('maps a header key to its role and says which synonym or pattern matched', () => {
    expect(DEFAULT_VOCABULARY.budgetRoleOf('实际支出')).toEqual({ role: 'spent', synonym: '实际支出', pattern: null });
    expect(DEFAULT_VOCABULARY.indicatorRoleOf('年度实际完成值')?.role).toBe('actual');
    expect(DEFAULT_VOCABULARY.indicatorRoleOf('年度实际完成值')?.pattern).toBeInstanceOf(RegExp);
    expect(DEFAULT_VOCABULARY.budgetRoleOf('备注')).toBeNull();
  });

  it('knows form-field labels and the words of money and score totals', () => {
    expect(DEFAULT_VOCABULARY.fieldOf('主管部门')).toBe('department');
    expect(DEFAULT_VOCABULARY.isTotal('money', '资金总额')).toBe(true);
    expect(DEFAULT_VOCABULARY.isTotal('score', '资金总额')).toBe(false);
    expect(DEFAULT_VOCABULARY.isTotal('score', '总分')).toBe(true);
  });

  it('adds the words of a vocabulary file, keyed as headers are (brackets and spaces dropped)', () => {
    const vocabulary = buildVocabulary({ columns: { budget: { spent: ['实际 使用金额（万元）'] } }, fields: { department: ['填报单位'] }, totals: { money: ['资金合计'] } });
    expect(vocabulary.budgetRoleOf('实际使用金额')?.role).toBe('spent');
    expect(vocabulary.fieldOf('填报单位')).toBe('department');
    expect(vocabulary.isTotal('money', '资金合计')).toBe(true);
    expect(DEFAULT_VOCABULARY.budgetRoleOf('实际使用金额')).toBeNull();
  });

  it('refuses a word that two roles of one kind of table would claim', () => {
    expect(() => buildVocabulary({ columns: { budget: { final_budget: ['执行数'] } } })).toThrow(/"执行数" would name both final_budget and spent/);
    expect(() => buildVocabulary({ fields: { year: ['主管部门'] } })).toThrow(VocabularyError);
  });

  it('refuses a role, field or kind of total it does not know', () => {
    expect(() => buildVocabulary({ columns: { budget: { spend: ['x'] } as never } })).toThrow(/no column role spend/);
    expect(() => buildVocabulary({ totals: { points: ['x'] } as never })).toThrow(/no kind of total points/);
  });
});
