/**
 * Regions as GB/T 2260 codes: the region of every report of the fixtures and of the real corpus
 * (fixtures/real) that names a place resolves to its code, and each rule of the resolver shows on a
 * made-up list.
 */
import { describe, expect, it } from 'vitest';
import { buildGazetteer, resolveRegion, shortForms } from '../src/normalize/region.js';
import { allRegions, assembleRegions, type Region } from '../src/vocabulary/regions.js';

const places = buildGazetteer(allRegions());

/**
 * Region text, department and year as `jixiao extract` reads them from each file (fixtures/ and
 * fixtures/real/, the copy of the real corpus), and the code of the place. The department decides
 * only when the report names no region.
 */
const REAL: readonly (readonly [string | null, string, number, string])[] = [
  ['江门市', '江门市工业和信息化局', 2021, '440700'], // fixtures/jiangmen-2021.*, project-2021.*, dept-with-projects-2021.docx
  ['渝中区', '渝中区人力资源和社会保障局', 2021, '500103'],
  ['湛江市', '湛江市人力资源和社会保障局', 2023, '440800'],
  ['湛江市', '湛江市人力资源和社会保障局', 2024, '440800'],
  ['武汉市', '武汉市人力资源和社会保障局东湖新技术开发区分局', 2020, '420100'],
  ['南县', '南县财政局', 2020, '430921'],
  ['上海市普陀区', '上海市普陀区财政局', 2024, '310107'],
  ['上海市普陀区', '中共上海市普陀区委社会工作部', 2024, '310107'],
  ['上海市普陀区', '上海市普陀区人民政府万里街道办事处', 2023, '310107'],
  ['大英县', '大英县司法局', 2023, '510923'],
  ['许昌市', '许昌市河湖水系水源调度中心', 2022, '411000'],
  ['霍邱县', '霍邱县教育局', 2022, '341522'],
  ['昌宁县', '昌宁县第一示范小学', 2023, '530524'],
  ['长沙市雨花区', '长沙市雨花区发展和改革局', 2022, '430111'],
  ['岳阳县', '岳阳县新开镇政府', 2021, '430621'],
  ['遂溪县', '遂溪县水务局', 2022, '440823'],
  ['中江县', '中江县水利局', 2022, '510623'],
  ['吉首市', '吉首市乾州街道办事处', 2018, '433101'],
  ['益阳市', '益阳市财政局', 2021, '430900'],
  ['宣城市宣州区', '宣城市宣州区应急管理局', 2022, '341802'],
  ['南昌市东湖区', '南昌市东湖区人民政府', 2017, '360102'],
  // 寻甸县 is the short form of 寻甸回族彝族自治县.
  ['寻甸县', '中共寻甸县委统战部', 2024, '530129'],
  ['双江拉祜族佤族布朗族傣族自治县', '双江拉祜族佤族布朗族傣族自治县人力资源和社会保障局', 2023, '530925'],
  // No region text: the place in brackets in the department's name.
  [null, '乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)建设局', 2020, '650104'],
  ['洪洞县', '洪洞县大槐树镇人民政府', 2021, '141024'],
];

describe('the regions of the real reports', () => {
  it.each(REAL)('%s (%s, %i) is %s', (region, department, year, code) => {
    const resolved = resolveRegion(places, { region, department, year });
    expect(resolved.code).toBe(code);
    expect(resolved.note).toBeNull();
  });

  it('gives each its province', () => {
    expect(resolveRegion(places, { region: '上海市普陀区', department: null, year: 2024 }).province).toBe('上海市');
    expect(resolveRegion(places, { region: '双江拉祜族佤族布朗族傣族自治县', department: null, year: 2023 }).province).toBe('云南省');
  });

  it('leaves a report that names no place without a code and without a note', () => {
    expect(resolveRegion(places, { region: null, department: null, year: 2019 })).toEqual({ code: null, name: null, province: null, note: null });
  });
});

describe('the list of regions', () => {
  it('holds the current divisions and the changed ones with their years', () => {
    const byCode = (code: string) => allRegions().filter((r) => r.code === code);
    expect(byCode('450127')).toEqual([{ code: '450127', name: '横县', level: 'county', parent: '450100', validFrom: null, validTo: 2020 }]);
    expect(byCode('450181')).toEqual([{ code: '450181', name: '横州市', level: 'county', parent: '450100', validFrom: 2021, validTo: null }]);
    expect(byCode('440700')).toEqual([{ code: '440700', name: '江门市', level: 'prefecture', parent: '440000', validFrom: null, validTo: null }]);
  });

  it('leaves out placeholders and the statistics-only codes of development zones', () => {
    const regions = assembleRegions(
      [
        { code: '110000', name: '北京市' },
        { code: '110100', name: '市辖区' },
        { code: '110105', name: '朝阳区' },
        { code: '130171', name: '石家庄高新技术产业开发区' },
      ],
      [],
    );
    expect(regions.map((r) => [r.code, r.name, r.parent])).toEqual([
      ['110000', '北京市', null],
      ['110105', '朝阳区', '110000'],
    ]);
  });
});

/** A made-up country: two 朝阳区, a county renamed in 2021, a province with an autonomous county. */
const region = (code: string, name: string, parent: string | null, validFrom: number | null = null, validTo: number | null = null): Region => ({
  code,
  name,
  level: code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county',
  parent,
  validFrom,
  validTo,
});
const MADE_UP = buildGazetteer([
  region('110000', '北京市', null),
  region('110105', '朝阳区', '110000'),
  region('220000', '吉林省', null),
  region('220100', '长春市', '220000'),
  region('220104', '朝阳区', '220100'),
  region('450000', '广西壮族自治区', null),
  region('450100', '南宁市', '450000'),
  region('450127', '横县', '450100', null, 2020),
  region('450181', '横州市', '450100', 2021, null),
  region('530000', '云南省', null),
  region('530100', '昆明市', '530000'),
  region('530129', '寻甸回族彝族自治县', '530100'),
]);

describe('the history of changes', () => {
  it('gives a current division the year it began, and adds the retired one with the year it ended', () => {
    const regions = assembleRegions(
      [
        { code: '450000', name: '广西壮族自治区' },
        { code: '450100', name: '南宁市' },
        { code: '450181', name: '横州市' },
      ],
      [
        ['450127', '横县', '450100', null, 2020],
        ['450181', '横州市', '450100', 2021, null],
      ],
    );
    expect(regions.filter((r) => r.level === 'county')).toEqual([
      { code: '450127', name: '横县', level: 'county', parent: '450100', validFrom: null, validTo: 2020 },
      { code: '450181', name: '横州市', level: 'county', parent: '450100', validFrom: 2021, validTo: null },
    ]);
  });
});

describe('the rules of resolving', () => {
  it('names a place as it stood in the report year: 横县 in 2020, 横州市 in 2022', () => {
    expect(resolveRegion(MADE_UP, { region: '横县', department: '横县财政局', year: 2020 })).toMatchObject({ code: '450127', note: null });
    expect(resolveRegion(MADE_UP, { region: '横州市', department: '横州市财政局', year: 2022 })).toMatchObject({ code: '450181', note: null });
  });

  it('still resolves an old name used after its time, and says so', () => {
    expect(resolveRegion(MADE_UP, { region: '横县', department: null, year: 2023 })).toMatchObject({
      code: '450127',
      note: '横县 did not stand in 2023 (–2020)',
    });
  });

  it('keeps two places of one name apart: 朝阳区 alone stays unresolved and lists both', () => {
    expect(resolveRegion(MADE_UP, { region: '朝阳区', department: '朝阳区财政局', year: 2021 })).toEqual({
      code: null,
      name: null,
      province: null,
      note: 'ambiguous: 朝阳区 is 110105 北京市朝阳区; 220104 吉林省长春市朝阳区',
    });
  });

  it('resolves 朝阳区 when the region text names the place above it', () => {
    expect(resolveRegion(MADE_UP, { region: '北京市朝阳区', department: null, year: 2021 }).code).toBe('110105');
    expect(resolveRegion(MADE_UP, { region: '吉林省长春市朝阳区', department: null, year: 2021 }).code).toBe('220104');
  });

  it('lets the department decide between the candidates, and says so', () => {
    expect(resolveRegion(MADE_UP, { region: '朝阳区', department: '长春市朝阳区教育局', year: 2021 })).toEqual({
      code: '220104',
      name: '朝阳区',
      province: '吉林省',
      note: 'decided by 长春市朝阳区教育局',
    });
  });

  it('lets another text of the report (a site address) decide, when the department does not', () => {
    expect(resolveRegion(MADE_UP, { region: '朝阳区', department: '朝阳区财政局', year: 2021, hints: ['北京市朝阳区日坛北路'] }).code).toBe('110105');
  });

  it('reads short forms: a province without its ending, an autonomous county without its nationalities', () => {
    expect(shortForms(region('450000', '广西壮族自治区', null))).toEqual(['广西']);
    expect(shortForms(region('530129', '寻甸回族彝族自治县', '530100'))).toEqual(['寻甸县']);
    expect(resolveRegion(MADE_UP, { region: '寻甸县', department: null, year: 2024 }).code).toBe('530129');
    expect(resolveRegion(MADE_UP, { region: '广西南宁市', department: null, year: 2024 }).code).toBe('450100');
  });

  it('says when the region names no known place', () => {
    expect(resolveRegion(MADE_UP, { region: '某市', department: null, year: 2021 }).note).toBe('no known place in 某市');
  });
});
