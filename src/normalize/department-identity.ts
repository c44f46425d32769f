/**
 * The identity of an issuing body across years: the same body spelled differently (with or without its
 * region's name, a leading code, a 简称, the name it had before a rename) gets one key, and every step
 * that changed the spelling is kept as a reason a researcher can check. The rules are conservative:
 * a region's name is taken off only when the report's region is resolved (two 财政局 of unknown places
 * are not one), and a 简称 or an old name is replaced only when it is the whole remaining name.
 */
import { DEPARTMENT_ABBREVIATIONS, DEPARTMENT_ENDINGS, DEPARTMENT_RENAMES, LEADING_DEPARTMENT_CODE, PARTY_PREFIXES } from '../vocabulary/departments.js';

export interface DepartmentIdentity {
  /** What spellings of one body share: region code, party organ or not, and the core name. */
  key: string;
  /** The name without region, code or party prefix, 简称 and old names replaced: 工业和信息化局. */
  core: string;
  /** Every step from the printed name to the core, in order; empty when the name is the core. */
  reasons: string[];
}

/** The name as compared: NFKC (full-width brackets and digits folded), no spaces. */
const compared = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/** `names` (longest first) taken off the start of `text` as often as one is there. */
function withoutPrefixes(text: string, names: readonly string[]): { rest: string; removed: string } {
  let rest = text;
  let removed = '';
  for (
    let name = names.find((n) => rest.startsWith(n) && rest.length > n.length);
    name;
    name = names.find((n) => rest.startsWith(n) && rest.length > n.length)
  ) {
    removed += name;
    rest = rest.slice(name.length);
  }
  return { rest, removed };
}

/**
 * The identity of a printed department name. `regionCode` and `regionNames` (every name of the region
 * and the divisions above it, longest first) come from the report's resolved region; without them the
 * name is kept whole and joins only the same spelling.
 */
export function departmentIdentity(printed: string, regionCode: string | null, regionNames: readonly string[]): DepartmentIdentity | null {
  let name = compared(printed);
  const reasons: string[] = [];
  const code = LEADING_DEPARTMENT_CODE.exec(name);
  if (code && code[0].length < name.length && !/^\d/.test(name.slice(code[0].length))) {
    reasons.push(`leading code ${code[0].trim()} removed`);
    name = name.slice(code[0].length);
  }
  const party = PARTY_PREFIXES.find((prefix) => name.startsWith(prefix));
  if (party) name = name.slice(party.length);
  if (regionCode) {
    const { rest, removed } = withoutPrefixes(name, regionNames);
    if (removed) {
      reasons.push(`region prefix ${removed} removed`);
      name = rest;
    }
    // A Party organ of the region: 中共寻甸县委统战部 is the 县委's 统战部.
    if (party && /^[党]?委(?!员会)/.test(name) && removed) name = name.replace(/^[党]?委/, '');
  }
  if (!name) return null;
  const abbreviation = DEPARTMENT_ABBREVIATIONS[name];
  if (abbreviation && abbreviation !== name) {
    reasons.push(`简称 ${name} for ${abbreviation}`);
    name = abbreviation;
  }
  for (const [short, full] of Object.entries(DEPARTMENT_ENDINGS)) {
    if (name.endsWith(short) && !name.endsWith(full) && regionCode) {
      reasons.push(`${short} for ${full}`);
      name = name.slice(0, -short.length) + full;
    }
  }
  const renamed = DEPARTMENT_RENAMES[name];
  if (renamed) {
    reasons.push(`renamed ${name} → ${renamed}`);
    name = renamed;
  }
  return { key: `${regionCode ?? ''}|${party ? '中共' : ''}|${name}`, core: name, reasons };
}

/**
 * An indicator's or a project's name as it is followed across years: NFKC, no spaces or punctuation,
 * a project's leading year (2021年, 2021年度) and budget code left off, so 2021年就业补助资金 and
 * 2022年度就业补助资金 are one project.
 */
export function seriesKey(name: string | null, { project = false } = {}): string {
  if (!name) return '';
  let key = compared(name);
  if (project) key = key.replace(/^[A-Za-z0-9]{6,}[-－—_]+/, '').replace(/^(19|20)\d{2}年度?/, '');
  return key.replace(/[()（）【】[\]《》“”"'、，,。.:：;；\-—_·]/g, '');
}
