/**
 * Report metadata: title, department, region, fiscal year, kind, project, self-score and grade,
 * from the title, the form's labelled fields, or the body text, in that order of trust.
 */
import type { Document, Paragraph } from '../extract/model.js';
import type { Grade, Kind, Report } from './schema.js';
import type { FormFields } from './table.js';
import { cleanName } from './names.js';
import { halfWidth, isOutlineNumbered } from './text.js';

const TITLE_WORDS = /报告|自评表|评价表|决算|绩效|自评|预算/;
const REPORT_WORDS = /报告|表|决算/;
const TITLE_MAX_LENGTH = 80;
/** How many leading blocks may hold the title. */
const TITLE_WINDOW = 6;

const ORG_SUFFIX = '(?:局|厅|委员会|办公室|中心|院|署|部|委|办|会|所|馆|站|队|处|校|学|政府)';
const REGION_SEGMENT = '[\\u4e00-\\u9fa5]{1,8}?(?:省|自治区|特别行政区|市|自治州|州|地区|盟|自治县|县|区|旗)';
/** Words ending in 区 that are not administrative areas. */
const NOT_A_REGION = /(社区|园区|校区|景区|小区|片区|辖区|矿区|林区|牧区|营区|库区|街区|专区|保护区)$/;
const ORG_IN_TEXT = new RegExp(`((?:${REGION_SEGMENT})+[\\u4e00-\\u9fa5]{2,20}?${ORG_SUFFIX})`);
const PARTY_PREFIX = /^(中共|中国共产党)/;

/** The administrative areas at the start of a department's name: 广州市天河区财政局 → 广州市天河区. */
export function regionOf(department: string | null): string | null {
  if (!department) return null;
  const name = department.replace(PARTY_PREFIX, '');
  let region = '';
  const segment = new RegExp(`^${REGION_SEGMENT}`);
  for (let rest = name; ; ) {
    const match = segment.exec(rest);
    if (!match || NOT_A_REGION.test(region + match[0]) || match[0].length === rest.length) break;
    region += match[0];
    rest = rest.slice(match[0].length);
  }
  return region || null;
}

function compact(text: string): string {
  return halfWidth(text).replace(/\s+/g, '');
}

const YEAR_IN_TITLE = /((?:19|20)\d{2})年/;
const YEAR_NEAR_EVALUATION = /((?:19|20)\d{2})年度?[^。；;，,]{0,20}?(?:绩效自评|绩效评价|自评|决算|部门整体支出|项目支出)/;

function yearOf(title: string | null, paragraphs: Paragraph[], fields: FormFields, body: string): number | null {
  const fromTitle = title ? YEAR_IN_TITLE.exec(compact(title)) : null;
  if (fromTitle) return Number(fromTitle[1]);
  // A form prints its year under the title: （2021年度）.
  for (const p of paragraphs.slice(0, TITLE_WINDOW)) {
    const m = /^[(（]?((?:19|20)\d{2})年度?[)）]?$/.exec(compact(p.text));
    if (m) return Number(m[1]);
  }
  const fromField = fields.year ? /((?:19|20)\d{2})/.exec(fields.year) : null;
  if (fromField) return Number(fromField[1]);
  const nearEvaluation = YEAR_NEAR_EVALUATION.exec(body);
  if (nearEvaluation) return Number(nearEvaluation[1]);
  return null;
}

function kindOf(title: string | null, body: string, hasForm: boolean, hasRows: boolean): Kind {
  const t = title ? compact(title) : '';
  if (/(部门|单位)整体/.test(t)) return 'department_overall';
  if (/决算/.test(t)) return 'final_accounts';
  if (/项目|专项资金/.test(t) && /绩效|自评|评价/.test(t)) return 'project';
  if (/部门/.test(t) && /绩效|自评|评价/.test(t)) return 'department_overall';
  // No telling title: the body decides, but only for a document that is about performance.
  if (/部门整体支出绩效/.test(body)) return 'department_overall';
  if (hasForm && hasRows && /绩效/.test(t + body)) return 'project';
  if (/部门决算/.test(body.slice(0, 2000))) return 'final_accounts';
  return 'unknown';
}

function cleanTitle(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A page <title> often ends with the site's name: 报告标题-某市人民政府门户网站. */
function withoutSiteName(title: string): string {
  return title.split(/\s*[-_|｜—]+\s*(?=[^-_|｜—]*(?:网|网站|门户|政府|平台)$)/)[0].trim();
}

/**
 * The title: a leading paragraph the page's own <title> also names, else the first leading
 * paragraph that names a report (报告, 表, 决算), else the first heading or the declared title.
 */
function titleOf(doc: Document): string | null {
  const leading = doc.blocks.slice(0, TITLE_WINDOW).filter((b): b is Paragraph => b.kind === 'paragraph');
  const usable = leading.filter((p) => p.text.length <= TITLE_MAX_LENGTH && !isOutlineNumbered(p.text) && TITLE_WORDS.test(p.text));
  const declared = doc.declaredTitle ? withoutSiteName(doc.declaredTitle) : null;
  const named = declared ? usable.find((p) => compact(declared).includes(compact(p.text))) : undefined;
  const chosen = named ?? usable.find((p) => REPORT_WORDS.test(p.text)) ?? usable.find((p) => p.heading);
  if (chosen) return cleanTitle(chosen.text);
  if (declared && TITLE_WORDS.test(declared)) return cleanTitle(declared);
  return leading.find((p) => p.heading)?.text ?? declared;
}

function departmentOf(title: string | null, fields: FormFields, body: string): string | null {
  if (title) {
    // 某县财政局2021年度… or 某县财政局关于2021年度…
    const beforeYear = /^(.+?)(?:关于)?(?:19|20)\d{2}年/.exec(compact(title));
    if (beforeYear && new RegExp(`${ORG_SUFFIX}$`).test(beforeYear[1])) return beforeYear[1];
    // 2021年度广州市财政局部门整体…: the year first, then the department.
    const afterYear = ORG_IN_TEXT.exec(compact(title).replace(/^(?:19|20)\d{2}年度?/, ''));
    if (afterYear && afterYear.index === 0) return afterYear[1];
  }
  if (fields.department) return fields.department;
  const labelled = /(?:填报单位|单位名称|部门名称|主管部门|预算单位)[:：]\s*([^\s，,。；;：:]{2,40})/.exec(body);
  if (labelled) return labelled[1];
  const named = ORG_IN_TEXT.exec(body.slice(0, 5000));
  return named ? named[1] : null;
}

/** The report's own score: 绩效自评分数为97.5分, 自评得分：88分; not 平均得分 of several projects. */
const SCORE_IN_TEXT = /(?:自评|评价|绩效)(?:(?!平均)[^，,。；;\d]){0,6}?(?:总?得分|分数|总分|评分)(?:为|是|:|：)?\s*(\d+(?:\.\d+)?)\s*分/;
const GRADE_IN_TEXT = /等级(?:为|是|:|：)\s*[“"「]?(优秀|优|良好|良|中等|中|合格|及格|不合格|差)/;
const GRADE_WORDS: Record<string, Grade> = { 优秀: '优', 优: '优', 良好: '良', 良: '良', 中等: '中', 中: '中', 合格: '中', 及格: '中', 不合格: '差', 差: '差' };

function gradeOf(text: string | undefined): Grade | null {
  if (!text) return null;
  const word = /(优秀|优|良好|良|中等|中|不合格|合格|及格|差)/.exec(text);
  return word ? GRADE_WORDS[word[1]] : null;
}

function scoreOf(text: string | null | undefined): number | null {
  const m = text ? /(\d+(?:\.\d+)?)/.exec(halfWidth(text)) : null;
  return m ? Number(m[1]) : null;
}

export interface MetadataInputs {
  doc: Document;
  /** The first form's labelled fields (项目名称, 主管部门 …). */
  fields: FormFields;
  /** The first form's 总分 row. */
  formTotalScore: string | null;
  hasRows: boolean;
}

export function reportMetadata({ doc, fields, formTotalScore, hasRows }: MetadataInputs): Report {
  const paragraphs = doc.blocks.filter((b): b is Paragraph => b.kind === 'paragraph');
  const body = paragraphs.map((p) => compact(p.text)).join('\n');
  const title = titleOf(doc);
  const hasForm = Boolean(fields.project);
  const kind = kindOf(title, body, hasForm, hasRows);
  // Cleaned before the region is read from it: a leading budget-system code is not part of the name.
  const department = cleanName(departmentOf(title, fields, body));
  const textScore = SCORE_IN_TEXT.exec(body);
  return {
    title,
    department,
    region: regionOf(department),
    year: yearOf(title, paragraphs, fields, body),
    kind,
    project: kind === 'project' ? cleanName(fields.project ?? null) : null,
    self_score: textScore ? Number(textScore[1]) : scoreOf(fields.selfScore) ?? (kind === 'project' ? scoreOf(formTotalScore) : null),
    grade: gradeOf(GRADE_IN_TEXT.exec(body)?.[1]) ?? gradeOf(fields.grade),
  };
}
