/** One issuing body across spellings: each rule of joining, on made-up names, and what stays apart. */
import { describe, expect, it } from 'vitest';
import { departmentIdentity, seriesKey } from '../src/normalize/department-identity.js';

/** The names of 江门市 and the divisions above it, longest first, as the store hands them over. */
const JIANGMEN = ['广东省', '江门市', '广东'];

describe('the identity of a department', () => {
  it('takes the region off: 江门市工业和信息化局 and 广东省江门市工业和信息化局 are one', () => {
    const a = departmentIdentity('江门市工业和信息化局', '440700', JIANGMEN)!;
    const b = departmentIdentity('广东省江门市工业和信息化局', '440700', JIANGMEN)!;
    expect(a).toEqual({ key: '440700||工业和信息化局', core: '工业和信息化局', reasons: ['region prefix 江门市 removed'] });
    expect(b.key).toBe(a.key);
    expect(b.reasons).toEqual(['region prefix 广东省江门市 removed']);
  });

  it('reads a 简称 for the full name: 工信局 is 工业和信息化局', () => {
    expect(departmentIdentity('江门市工信局', '440700', JIANGMEN)).toEqual({
      key: '440700||工业和信息化局',
      core: '工业和信息化局',
      reasons: ['region prefix 江门市 removed', '简称 工信局 for 工业和信息化局'],
    });
  });

  it('removes a leading code', () => {
    expect(departmentIdentity('101001 江门市工业和信息化局', '440700', JIANGMEN)).toEqual({
      key: '440700||工业和信息化局',
      core: '工业和信息化局',
      reasons: ['leading code 101001 removed', 'region prefix 江门市 removed'],
    });
    expect(departmentIdentity('[219]江门市工业和信息化局', '440700', JIANGMEN)!.key).toBe('440700||工业和信息化局');
  });

  it('follows a bureau renamed by the reform: 卫生和计划生育局 became 卫生健康局', () => {
    expect(departmentIdentity('江门市卫生和计划生育局', '440700', JIANGMEN)).toEqual({
      key: '440700||卫生健康局',
      core: '卫生健康局',
      reasons: ['region prefix 江门市 removed', 'renamed 卫生和计划生育局 → 卫生健康局'],
    });
  });

  it('keeps a Party organ apart from a government bureau of the same core name', () => {
    const organ = departmentIdentity('中共寻甸县委统战部', '530129', ['寻甸回族彝族自治县', '云南省', '昆明市', '寻甸县', '云南'])!;
    expect(organ.key).toBe('530129|中共|统一战线工作部');
    expect(departmentIdentity('中国共产党寻甸回族彝族自治县委员会统一战线工作部', '530129', ['寻甸回族彝族自治县'])!.key).not.toBe(
      departmentIdentity('寻甸县统一战线工作部', '530129', ['寻甸县'])!.key,
    );
  });

  it('joins 镇政府 and 镇人民政府', () => {
    expect(departmentIdentity('岳阳县新开镇政府', '430621', ['岳阳县'])!.key).toBe(departmentIdentity('岳阳县新开镇人民政府', '430621', ['岳阳县'])!.key);
  });

  it('is conservative: a 简称 inside a longer name, or a name whose region is not resolved, joins only itself', () => {
    expect(departmentIdentity('江门市工信局办公室', '440700', JIANGMEN)!.core).toBe('工信局办公室');
    // Two 财政局 of unknown places are not one.
    expect(departmentIdentity('朝阳区财政局', null, [])!.key).toBe('||朝阳区财政局');
    expect(departmentIdentity('财政局', null, [])!.key).toBe('||财政局');
  });

  it('keeps two places apart: the same bureau of two regions has two keys', () => {
    expect(departmentIdentity('朝阳区财政局', '110105', ['北京市', '朝阳区', '北京'])!.key).not.toBe(
      departmentIdentity('朝阳区财政局', '220104', ['吉林省', '长春市', '朝阳区', '吉林'])!.key,
    );
  });
});

describe('the keys of a series', () => {
  it('follows a project across years without its year or budget code', () => {
    expect(seriesKey('2021年就业补助资金', { project: true })).toBe('就业补助资金');
    expect(seriesKey('2022年度就业补助资金', { project: true })).toBe('就业补助资金');
    expect(seriesKey('51092324T000010263357-2023年就业补助资金', { project: true })).toBe('就业补助资金');
  });

  it('follows an indicator whatever its spaces, brackets and width', () => {
    expect(seriesKey('资金拨付 及时率（%）')).toBe(seriesKey('资金拨付及时率(%)'));
  });
});
