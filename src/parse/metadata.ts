/**
 * Report metadata: title, department, region, fiscal year, kind, project, self-score and grade,
 * from the title, the form's labelled fields, or the body text, in that order of trust.
 */
import type { Document, Paragraph } from '../extract/model.js';
import { departmentOf, regionOf } from './department.js';
import { isFurniture, publishersIn } from './furniture.js';
import { cleanName } from './names.js';
import type { Kind, Report } from './schema.js';
import { gradeInProse, gradeOf, scoreInProse, scoreOf } from './self-assessment.js';
import type { FormFields } from '../vocabulary/fields.js';
import { checkedOption, compact } from './text.js';
import { titleOf } from './title.js';

/** How many leading paragraphs may hold a form's year line under its title: （2021年度）. */
const YEAR_LINE_WINDOW = 6;
const YEAR_IN_TITLE = /((?:19|20)\d{2})年/;
const YEAR_LABELLED = /(?:评价|预算|项目|考核|绩效)?年度[:：]\s*((?:19|20)\d{2})(?!\d)/;
const YEAR_NEAR_EVALUATION = /((?:19|20)\d{2})年度?[^。；;，,]{0,20}?(?:绩效自评|绩效评价|自评|决算|部门整体支出|项目支出)/;
/** A year named as a year (2017年, 2017年度), not a date (2018年7月). */
const YEAR_NAMED = /((?:19|20)\d{2})年(?!\d{1,2}月)/g;

/** The year a text names most often; the earliest named among equals. */
function mostNamedYear(body: string): number | null {
  const counts = new Map<number, number>();
  for (const m of body.matchAll(YEAR_NAMED)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return ranked.length ? ranked[0][0] : null;
}

function yearOf(title: string | null, paragraphs: Paragraph[], fields: FormFields, body: string): number | null {
  const fromTitle = title ? YEAR_IN_TITLE.exec(compact(title)) : null;
  if (fromTitle) return Number(fromTitle[1]);
  for (const p of paragraphs.slice(0, YEAR_LINE_WINDOW)) {
    const m = /^[(（]?((?:19|20)\d{2})年度?[)）]?$/.exec(compact(p.text));
    if (m) return Number(m[1]);
  }
  const fromField = fields.year ? /((?:19|20)\d{2})/.exec(fields.year) : null;
  if (fromField) return Number(fromField[1]);
  const labelled = YEAR_LABELLED.exec(body) ?? YEAR_NEAR_EVALUATION.exec(body);
  if (labelled) return Number(labelled[1]);
  return mostNamedYear(body);
}

const EVALUATES = /自评|评价|评估|考评|考核/;

/**
 * Kind from the title. 整体支出 anywhere makes a department report; a 决算 is final accounts however
 * much it says about performance; a 部门预算 or 绩效目标表 that evaluates nothing declares targets.
 */
function kindInTitle(title: string): Kind | null {
  const t = compact(title);
  if (/整体支出/.test(t)) return 'department_overall';
  if (/决算/.test(t)) return 'final_accounts';
  const evaluates = EVALUATES.test(t);
  if (!evaluates && /部门预算|预算绩效目标|绩效目标(?:申报)?表/.test(t)) return 'budget';
  if (!/绩效|自评|评价/.test(t)) return null;
  if (/整体/.test(t)) return 'department_overall';
  if (/项目|专项|资金|基金|经费|补助|补贴|转移支付/.test(t)) return 'project';
  if (/部门|单位/.test(t)) return 'department_overall';
  return null;
}

/** No telling title: the body decides, but only for a document that is about performance. */
/** A cover's ticked box: 评价类型：□项目支出 √部门整体支出. */
function kindTicked(body: string): Kind | null {
  const line = /(?:评价|报告)(?:类型|对象)[:：]?([^\n]*[□☐][^\n]*)/.exec(body);
  const ticked = line ? checkedOption(line[1]) : null;
  if (!ticked || ticked === line?.[1]) return null;
  if (/整体/.test(ticked)) return 'department_overall';
  return /项目|专项/.test(ticked) ? 'project' : null;
}

function kindInBody(body: string, hasForm: boolean, hasRows: boolean): Kind {
  const ticked = kindTicked(body);
  if (ticked) return ticked;
  if (/部门整体支出绩效/.test(body)) return 'department_overall';
  if (hasForm && hasRows && /绩效/.test(body)) return 'project';
  if (/部门决算/.test(body.slice(0, 2000))) return 'final_accounts';
  if (/项目概况|项目基本情况|项目名称/.test(body) && /绩效(?:自评|评价|目标)/.test(body)) return 'project';
  return 'unknown';
}

/** How much of the body its cover labels and department are read from: the opening, not lists of bodies further on. */
const OPENING_CHARS = 5000;

/**
 * The compacted lines of the opening, page furniture left out. Furniture is judged only as far as
 * the opening reaches: a long report's later paragraphs are never looked at.
 */
function openingOf(paragraphs: Paragraph[], lines: string[]): string[] {
  const front: string[] = [];
  let chars = 0;
  for (let i = 0; i < paragraphs.length && chars < OPENING_CHARS; i++) {
    if (isFurniture(paragraphs[i].text)) continue;
    front.push(lines[i].slice(0, OPENING_CHARS - chars));
    chars += lines[i].length;
  }
  return front;
}

/** A cover page's 项目名称：… line, for a project report that has no form. */
function labelledProject(lines: string[]): string | null {
  for (const line of lines) {
    const named = /项目名称[:：]([^，,。；;：:]{2,60})/.exec(line);
    if (named) return named[1];
  }
  return null;
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
  const lines = paragraphs.map((p) => compact(p.text));
  const body = lines.join('\n');
  const title = titleOf(doc);
  const hasForm = Boolean(fields.project);
  const kind = (title ? kindInTitle(title) : null) ?? kindInBody(body, hasForm, hasRows);
  const openingLines = openingOf(paragraphs, lines);
  const department = departmentOf({
    title,
    formField: fields.department,
    lines: openingLines,
    publishers: () => publishersIn(paragraphs.map((p) => p.text)),
  });
  const project = fields.project ?? labelledProject(openingLines);
  const formScore = scoreOf(fields.selfScore) ?? (kind === 'project' ? scoreOf(formTotalScore) : null);
  return {
    title,
    department,
    region: regionOf(department),
    year: yearOf(title, paragraphs, fields, body),
    kind,
    project: kind === 'project' ? cleanName(project) : null,
    self_score: formScore ?? scoreInProse(body),
    grade: gradeOf(fields.grade) ?? gradeInProse(body),
  };
}
