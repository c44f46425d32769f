/**
 * A report's region as a GB/T 2260 code: the place names its region text (or, without one, its
 * department's name) starts with, read as a chain from wide to narrow (上海市普陀区: 上海市, then its
 * 普陀区), each narrowing the one before. A name that still means several places (朝阳区 of Beijing and
 * of Changchun) is decided only by another text of the report naming one of them or a place above
 * one (长春市朝阳区教育局); otherwise it stays unresolved and the note lists the candidates.
 * Names are those of the report's year (or the year after, when reports are written): 横县 until 2020,
 * 横州市 from 2021; an old name used after its time still resolves, with a note.
 */
import { DIVISION_SUFFIXES, NATIONALITIES, type Region } from '../vocabulary/regions.js';
import { PARTY_PREFIXES } from '../vocabulary/departments.js';

export interface Gazetteer {
  /** A name or short form → every region (current or past) it can mean. */
  byName: ReadonlyMap<string, readonly Region[]>;
  /** A code → its entries (one per name it had). */
  byCode: ReadonlyMap<string, readonly Region[]>;
  /** The longest name, to bound the search at each position. */
  longest: number;
}

export interface RegionResolution {
  code: string | null;
  /** The resolved region's name, as it stood then. */
  name: string | null;
  /** The name of its province (itself for a province). */
  province: string | null;
  /** Why a region is unresolved, or how it was decided when that was not plain; null when plain. */
  note: string | null;
}

/** A name's short forms: 湖南省 → 湖南; 广西壮族自治区 → 广西; 双江拉祜族佤族布朗族傣族自治县 → 双江县. */
export function shortForms(region: Region): string[] {
  const { name, level } = region;
  const forms: string[] = [];
  const autonomous = /自治(区|州|县|旗)$/.exec(name);
  if (autonomous) {
    let stem = name.slice(0, -autonomous[0].length);
    // Nationalities are named with 族 or, in a few names (新疆维吾尔自治区), without it.
    for (let changed = true; changed;) {
      changed = false;
      for (const nationality of NATIONALITIES) {
        for (const spelling of [nationality, nationality.replace(/族$/, '')]) {
          if (stem.length > spelling.length && stem.endsWith(spelling)) {
            stem = stem.slice(0, -spelling.length);
            changed = true;
          }
        }
      }
    }
    if (level === 'province') forms.push(stem);
    else if (stem.length >= 2) forms.push(stem + autonomous[1]);
  } else if (level === 'province') {
    const suffix = DIVISION_SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
    if (suffix) forms.push(name.slice(0, -suffix.length));
  }
  return forms.filter((form) => form !== name);
}

export function buildGazetteer(regions: readonly Region[]): Gazetteer {
  const byName = new Map<string, Region[]>();
  const byCode = new Map<string, Region[]>();
  const add = <K>(map: Map<K, Region[]>, key: K, region: Region) => {
    const list = map.get(key) ?? [];
    if (!list.includes(region)) list.push(region);
    map.set(key, list);
  };
  for (const region of regions) {
    add(byCode, region.code, region);
    for (const name of [region.name, ...shortForms(region)]) add(byName, name, region);
  }
  return { byName, byCode, longest: Math.max(...[...byName.keys()].map((name) => name.length)) };
}

/** Is `ancestor` the code of the region itself or of a division it belongs to? */
function within(gazetteer: Gazetteer, region: Region, ancestor: string): boolean {
  for (let at: Region | undefined = region, hops = 0; at && hops < 4; hops++) {
    if (at.code === ancestor) return true;
    at = at.parent ? gazetteer.byCode.get(at.parent)?.[0] : undefined;
  }
  return false;
}

interface Link {
  text: string;
  candidates: readonly Region[];
}

/** The longest place name at the start of the text, if any. */
function placeAt(gazetteer: Gazetteer, text: string): Link | null {
  for (let length = Math.min(gazetteer.longest, text.length); length >= 2; length--) {
    const candidates = gazetteer.byName.get(text.slice(0, length));
    if (candidates) return { text: text.slice(0, length), candidates };
  }
  return null;
}

/** The place names a text starts with, one after another: 上海市普陀区财政局 → 上海市, 普陀区. */
export function placeChain(gazetteer: Gazetteer, text: string): Link[] {
  const chain: Link[] = [];
  let rest = text.replace(/\s+/g, '');
  for (const prefix of PARTY_PREFIXES) if (rest.startsWith(prefix)) rest = rest.slice(prefix.length);
  for (let link = placeAt(gazetteer, rest); link; link = placeAt(gazetteer, rest)) {
    chain.push(link);
    rest = rest.slice(link.text.length);
  }
  return chain;
}

/** The regions a chain can mean: each name's candidates that lie within one of the name before. */
function narrow(gazetteer: Gazetteer, chain: readonly Link[]): Region[] {
  let candidates: Region[] = [];
  for (const link of chain) {
    if (candidates.length === 0) {
      candidates = [...link.candidates];
      continue;
    }
    const inside = link.candidates.filter((c) => candidates.some((outer) => within(gazetteer, c, outer.code)));
    // A name that is not inside the one before ends the chain: what follows names something else.
    if (inside.length === 0) break;
    candidates = inside;
  }
  return candidates;
}

/** Did the region stand under this name in the year? */
const stoodIn = (region: Region, year: number) => (region.validFrom ?? -Infinity) <= year && (region.validTo ?? Infinity) >= year;

/** The candidates that stood in the year, else in the next (when the report was written), else all. */
function inTime(candidates: Region[], year: number | null): Region[] {
  if (year === null) return candidates;
  for (const when of [year, year + 1]) {
    const standing = candidates.filter((c) => stoodIn(c, when));
    if (standing.length > 0) return standing;
  }
  return candidates;
}

const label = (gazetteer: Gazetteer, region: Region): string => {
  const names: string[] = [];
  for (let at: Region | undefined = region, hops = 0; at && hops < 4; hops++) {
    names.unshift(at.name);
    at = at.parent ? gazetteer.byCode.get(at.parent)?.[0] : undefined;
  }
  return `${region.code} ${names.join('')}`;
};

function provinceOf(gazetteer: Gazetteer, region: Region): string | null {
  const province = gazetteer.byCode.get(`${region.code.slice(0, 2)}0000`);
  return province?.[0]?.name ?? null;
}

/** Of several regions with one code (a renamed place), the one that stood in the year. */
function oneCode(regions: readonly Region[], year: number | null): Region[] {
  const byCode = new Map<string, Region[]>();
  for (const region of regions) byCode.set(region.code, [...(byCode.get(region.code) ?? []), region]);
  return [...byCode.values()].map((same) => (year === null ? undefined : same.find((r) => stoodIn(r, year))) ?? same[same.length - 1]);
}

/**
 * The text that names the report's place: its region, or else the places its department's name starts
 * with or names in brackets (乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)建设局).
 */
export function placeText(gazetteer: Gazetteer, region: string | null, department: string | null): string | null {
  if (region?.trim()) return region.trim();
  if (!department) return null;
  if (placeChain(gazetteer, department).length > 0) return department;
  const bracketed = /[(（]([^()（）]+)[)）]/.exec(department);
  return bracketed && placeChain(gazetteer, bracketed[1]).length > 0 ? bracketed[1] : null;
}

export interface RegionQuery {
  region: string | null;
  department: string | null;
  year: number | null;
  /** Other texts of the report that may name the place (a site's address): used only to decide between candidates. */
  hints?: readonly (string | null)[];
}

export function resolveRegion(gazetteer: Gazetteer, { region, department, year, hints = [] }: RegionQuery): RegionResolution {
  const unresolved = (note: string | null): RegionResolution => ({ code: null, name: null, province: null, note });
  const text = placeText(gazetteer, region, department);
  if (!text) return unresolved(null);
  const chain = placeChain(gazetteer, text);
  if (chain.length === 0) return unresolved(`no known place in ${text}`);
  let candidates = inTime(oneCode(narrow(gazetteer, chain), year), year);
  let decidedBy: string | null = null;
  if (candidates.length > 1) {
    for (const hint of [department, ...hints]) {
      if (!hint || hint === text) continue;
      const named = narrow(gazetteer, placeChain(gazetteer, hint));
      const decided = candidates.filter((c) => named.some((n) => within(gazetteer, c, n.code)));
      if (decided.length === 1) {
        candidates = decided;
        decidedBy = hint;
        break;
      }
    }
  }
  if (candidates.length > 1) {
    return unresolved(`ambiguous: ${chain.map((l) => l.text).join('')} is ${candidates.map((c) => label(gazetteer, c)).join('; ')}`);
  }
  const [place] = candidates;
  const notes: string[] = [];
  if (decidedBy) notes.push(`decided by ${decidedBy}`);
  if (year !== null && !stoodIn(place, year) && !stoodIn(place, year + 1))
    notes.push(`${place.name} did not stand in ${year} (${place.validFrom ?? ''}–${place.validTo ?? ''})`);
  return { code: place.code, name: place.name, province: provinceOf(gazetteer, place), note: notes.join('; ') || null };
}

/**
 * Every name by which a report could name its region or a division above it, full and short, longest
 * first: the prefixes a department's name may start with.
 */
export function namesAbove(gazetteer: Gazetteer, code: string): string[] {
  const names = new Set<string>();
  for (const [name, regions] of gazetteer.byName) {
    if (regions.some((r) => code.startsWith(r.code.replace(/(00)+$/, '')) && (r.code === code || r.level !== 'county'))) names.add(name);
  }
  return [...names].sort((a, b) => b.length - a.length);
}
