/**
 * The issuing department and its region. The department is read from the title, then from a form's
 * labelled fields, then from a cover page's labels (部门（单位）名称：…), then from the body; the site
 * that publishes the page (发布机构, 来源), the issuer of a notice it cites (《某市财政局关于…》) and a
 * central body named without a region (教育部) only when the report names no other. The rest of a name
 * in 《》 is a document's name, never a department.
 */
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';
import { CENTRAL_BODIES } from '../vocabulary/report.js';
import { cleanName } from './names.js';
import { withoutCitations } from './notice.js';
import { checkedOption, compact } from './text.js';
import { anyOf, escapeRegExp, perVocabulary } from './words.js';

/**
 * How an organisation's name ends. Longer endings first, and a short one not where a longer one goes
 * on (办 of 办事处, 委 of 委员会) or where it is part of a word (社会 of 社会保障局, 部 of 部门).
 */
const ORG_SUFFIX =
  '(?:办事处|委员会|办公室|人民政府|政府|局|厅|中心|院|署|部(?!门)|委(?!员会)|办(?!事处|公室|法)|(?<!社)会|所|馆|站|队|处|学校|校|学(?!校)|集团|公司)';
/** A character of a place name: Chinese, but not a particle no place name has (就业资金是由县级… is no 县). */
const NAME_CHAR = '(?:(?![是的了在对把被由])[\\u4e00-\\u9fa5])';
const AUTONOMOUS_AREA = `${NAME_CHAR}{2,15}?(?:自治区|自治州|自治县|自治旗)`;
/** A 州 or 市 that goes on (杭州市, 通州区) is part of a longer name. */
const AREA = `${NAME_CHAR}{1,8}?(?:省|特别行政区|市(?!区)|州(?![市区])|地区|盟|县|区|旗)`;
const REGION_SEGMENT = `(?:${AUTONOMOUS_AREA}|${AREA})`;
const LEADING_REGION_SEGMENT = new RegExp(`^${REGION_SEGMENT}`);
/** Words ending in 区 or 市 that are not administrative areas. */
const NOT_A_REGION = /(?:社区|园区|校区|景区|小区|片区|辖区|矿区|林区|牧区|营区|库区|街区|专区|保护区|开发区|^(?:城|超|门|街|集|上|股)市|^市区)$/;
const PARTY_PREFIX = /^(中共|中国共产党)/;
const ENDS_AS_ORG = new RegExp(`${ORG_SUFFIX}$`);
/**
 * An organisation named in running text, starting where a word can: after a break, a little word (对某局…)
 * or a year (2020年某局), never with the year's 年.
 */
const ORG_IN_TEXT = new RegExp(
  `(?<=^|[^\\u4e00-\\u9fa5]|[对由经为是与及在向将和]|根据|关于|按照|委托|\\d年度?)(?![年月日])((?:${REGION_SEGMENT})+[\\u4e00-\\u9fa5]{2,20}?${ORG_SUFFIX})`,
);

/**
 * The administrative areas at the start of a department's name, whole names only:
 * 广州市天河区财政局 → 广州市天河区, 岳阳市城市管理监督指挥中心 → 岳阳市 (城市 is not a 市).
 */
export function regionOf(department: string | null): string | null {
  if (!department) return null;
  const name = department.replace(PARTY_PREFIX, '');
  let region = '';
  for (let rest = name; ;) {
    const match = LEADING_REGION_SEGMENT.exec(rest);
    if (!match || NOT_A_REGION.test(match[0]) || match[0].length === rest.length) break;
    // A 州 is a prefecture: it follows a province, never a city or county (吉首市乾州街道 has none).
    if (/(?<!自治)州$/.test(match[0]) && region && !/(?:省|自治区)$/.test(region)) break;
    region += match[0];
    rest = rest.slice(match[0].length);
  }
  return region || null;
}

/** Does the text start by naming an issuer (an area, or the Party's committee)? */
export function startsWithIssuer(text: string): boolean {
  return PARTY_PREFIX.test(text) || regionOf(text) !== null;
}

/** What a title says before the report itself: 某县财政局2021年度…, 某街道办事处部门整体支出…. */
const BEFORE_REPORT = new RegExp(`^(.+?${ORG_SUFFIX})(?:关于)?(?=(?:19|20)\\d{2}年|部门(?:\\(单位\\))?整体|单位整体|整体支出|项目支出|部门决算|部门预算|绩效)`);

function departmentInTitle(title: string): string | null {
  // 2021年度广州市财政局部门整体…: the year may come first.
  const text = compact(title).replace(/^(?:19|20)\d{2}年度?/, '');
  const before = BEFORE_REPORT.exec(text);
  if (before) return before[1];
  const named = ORG_IN_TEXT.exec(text);
  return named && named.index === 0 ? named[1] : null;
}

const coverPatternsOf = perVocabulary(({ cover }) => ({
  /** Labels that may follow a value with nothing between them: 塘湖镇政府填报日期. */
  nextLabel: new RegExp(`(?:${anyOf(cover.following)})`),
  /**
   * Each cover label with the value after it. A note in brackets beside the label or the value is not
   * the name: 预算部门(公章):…, 项目单位:(盖章)….
   */
  fields: cover.department.map(
    (label) => new RegExp(`${escapeRegExp(label)}(?:\\([^)]{1,6}\\))?[:：]?\\|?\\s*(?:\\([^)]{1,6}\\))?([^\\s|,，。；;:：\\d]{2,60})`),
  ),
}));
const UP_TO_ORG_SUFFIX = new RegExp(`^.*${ORG_SUFFIX}`);

/**
 * The value after a label, up to the next separator or label, and trimmed back to where an
 * organisation's name ends (名称长沙市…局预算编码302001 → 长沙市…局).
 */
function labelledOrg(text: string, field: RegExp, nextLabel: RegExp): string | null {
  const m = field.exec(text);
  if (!m) return null;
  let value = checkedOption(m[1]) ?? '';
  const next = nextLabel.exec(value);
  if (next && next.index > 0) value = value.slice(0, next.index);
  const org = UP_TO_ORG_SUFFIX.exec(value);
  return org ? org[0] : null;
}

function coverLabelled(lines: string[], vocabulary: Vocabulary): string | null {
  const { fields, nextLabel } = coverPatternsOf(vocabulary);
  for (const field of fields) {
    for (const line of lines) {
      const org = labelledOrg(line, field, nextLabel);
      if (org) return org;
    }
  }
  return null;
}

/**
 * The body that issued a document the text cites (《某市财政局关于开展…的通知》 → 某市财政局): the
 * name that opens the citation and stops at 关于. The rest of a citation is a document's name.
 */
const CITED_ISSUER = new RegExp(`《((?:${REGION_SEGMENT})+[\\u4e00-\\u9fa5]{2,20}?${ORG_SUFFIX})关于`);

function citedIssuerIn(lines: string[]): string | null {
  for (const line of lines) {
    const cited = CITED_ISSUER.exec(line);
    if (cited) return cited[1];
  }
  return null;
}

/** A central body named in running text, not the common noun it begins (财政部门). */
const CENTRAL_BODIES_NAMED = new RegExp(`(?:${anyOf(CENTRAL_BODIES)})(?!门)`, 'g');

/**
 * The central body a report names most (the one reporting repeats its name; 按照财政部要求 names
 * another once), the first named among equals.
 */
function centralBodyIn(lines: string[]): string | null {
  const counts = new Map<string, number>();
  for (const line of lines) for (const [name] of line.matchAll(CENTRAL_BODIES_NAMED)) counts.set(name, (counts.get(name) ?? 0) + 1);
  let best: string | null = null;
  for (const [name, count] of counts) if (best === null || count > counts.get(best)!) best = name;
  return best;
}

/** A year glued before a name is not part of it: 2020年乌海市海勃湾区财政局 → 乌海市海勃湾区财政局. */
function withoutLeadingYear(name: string | null): string | null {
  if (!name) return name;
  const rest = name.replace(/^(?:(?:19|20)\d{2})?年度?/, '');
  return rest !== name && startsWithIssuer(rest) ? rest : name;
}

function firstOrgIn(lines: string[]): string | null {
  for (const line of lines) {
    const named = ORG_IN_TEXT.exec(line);
    if (named) return named[1];
  }
  return null;
}

/** A form's field (主管部门 | 某局) is a department only when it reads like one, not a column header (备注). */
function isOrgName(value: string | undefined): value is string {
  if (!value) return false;
  const text = checkedOption(compact(value));
  return text !== null && ENDS_AS_ORG.test(text);
}

export interface DepartmentSources {
  title: string | null;
  /** The department a form's labelled field names. */
  formField: string | undefined;
  /** The body's lines (compacted), page furniture left out. */
  lines: string[];
  /** What the page's furniture names as publisher (发布机构, 来源): read only when the report names no department. */
  publishers: () => string[];
  /** Whose cover labels are read. */
  vocabulary?: Vocabulary;
}

export function departmentOf({ title, formField, lines, publishers, vocabulary = DEFAULT_VOCABULARY }: DepartmentSources): string | null {
  const uncited = lines.map(withoutCitations);
  const found =
    (title ? departmentInTitle(withoutCitations(title)) : null) ??
    (isOrgName(formField) ? compact(formField) : null) ??
    coverLabelled(uncited, vocabulary) ??
    firstOrgIn(uncited) ??
    publishers().find((p) => ENDS_AS_ORG.test(p)) ??
    citedIssuerIn(lines) ??
    centralBodyIn(uncited);
  return withoutLeadingYear(cleanName(found));
}
