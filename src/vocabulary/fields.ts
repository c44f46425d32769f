/**
 * Labelled fields of a form (the national 项目支出绩效自评表): a label cell followed by its value
 * cell. Each field and the labels templates print for it; a label names one field only.
 */

export const FORM_FIELDS = ['project', 'department', 'implementer', 'year', 'grade', 'selfScore'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
/** The values a form's labelled fields hold, as printed. */
export type FormFields = Partial<Record<FormField, string>>;

export const FORM_FIELD_LABELS: Readonly<Record<FormField, readonly string[]>> = {
  project: ['项目名称'],
  department: ['主管部门', '项目主管部门', '部门名称', '单位名称', '预算部门', '主管单位', '预算单位', '部门单位名称'],
  implementer: ['实施单位', '项目实施单位'],
  year: ['年度', '评价年度', '预算年度', '项目年度'],
  grade: ['自评等级', '评价等级', '绩效等级'],
  selfScore: ['自评得分', '自评总分', '综合得分', '评价得分'],
};
