/**
 * What parsing yields: report metadata, and table rows whose cells are sorted into roles but still
 * hold the text as printed. Turning that text into numbers and values is the normalize stage's job.
 */
import { z } from 'zod';
import { SECTION_TAGS } from './section-tags.js';
import { CellLocationSchema, TableSchema } from '../extract/model.js';

export const KINDS = ['department_overall', 'project', 'final_accounts', 'budget', 'unknown'] as const;
export const KindSchema = z.enum(KINDS);
export type Kind = z.infer<typeof KindSchema>;

export const GRADES = ['优', '良', '中', '差'] as const;
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

export const ReportSchema = z.object({
  title: z.string().nullable(),
  department: z.string().nullable(),
  region: z.string().nullable(),
  year: z.number().int().nullable(),
  kind: KindSchema,
  project: z.string().nullable(),
  self_score: z.number().nullable(),
  grade: GradeSchema.nullable(),
});
export type Report = z.infer<typeof ReportSchema>;

const text = z.string().nullable();

export const BUDGET_VALUE_FIELDS = ['initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate', 'weight', 'score'] as const;
export const INDICATOR_VALUE_FIELDS = ['target', 'actual', 'weight', 'score'] as const;
export type BudgetValueField = (typeof BUDGET_VALUE_FIELDS)[number];
export type IndicatorValueField = (typeof INDICATOR_VALUE_FIELDS)[number];

/** Where each value of a budget line was read, for the values the document states. */
export const BudgetCellsSchema = z.partialRecord(z.enum(BUDGET_VALUE_FIELDS), CellLocationSchema);
/** Where each value of an indicator was read, for the values the document states. */
export const IndicatorCellsSchema = z.partialRecord(z.enum(INDICATOR_VALUE_FIELDS), CellLocationSchema);
export type BudgetCells = z.infer<typeof BudgetCellsSchema>;
export type IndicatorCells = z.infer<typeof IndicatorCellsSchema>;

export const RawBudgetRowSchema = z.object({
  project: text,
  name: z.string(),
  initial_budget: text,
  adjustment: text,
  final_budget: text,
  spent: text,
  execution_rate: text,
  weight: text,
  score: text,
  /** The money unit that applies to the row's amounts when a cell states none ('万元'). */
  moneyUnit: text,
  page: z.number().int().nullable(),
  table: z.number().int(),
  cells: BudgetCellsSchema,
  /** Read by OCR: the lowest confidence among the row's cells. */
  confidence: z.number().optional(),
});
export type RawBudgetRow = z.infer<typeof RawBudgetRowSchema>;

export const RawIndicatorRowSchema = z.object({
  project: text,
  subproject: text,
  level1: text,
  category: text,
  name: text,
  /** The target as printed; where a template splits it (指标性质/指标值/度量单位), the parts joined. */
  target: text,
  /** The unit a separate 度量单位 column gives, for an actual that prints none. */
  targetUnit: text,
  actual: text,
  weight: text,
  score: text,
  deviation: text,
  page: z.number().int().nullable(),
  table: z.number().int(),
  cells: IndicatorCellsSchema,
  /** Read by OCR: the lowest confidence among the row's cells. */
  confidence: z.number().optional(),
});
export type RawIndicatorRow = z.infer<typeof RawIndicatorRowSchema>;

/**
 * A table that looks like an indicator or budget table (its header holds 指标 / 预算 words) but whose
 * columns could not be mapped to roles: it gave no rows, and a person should look at it.
 */
export const TableWarningSchema = z.object({
  page: z.number().int().nullable(),
  /** The table's number in the document, as in source_tables.table_no. */
  table: z.number().int(),
  /** The header row that could not be mapped, cells joined with " | ". */
  header: z.string(),
  message: z.string(),
});
export type TableWarning = z.infer<typeof TableWarningSchema>;

export const TABLE_KINDS = ['budget', 'indicators', 'form', 'other'] as const;

export const TableSummarySchema = z.object({
  index: z.number().int(),
  kind: z.enum(TABLE_KINDS),
  page: z.number().int().nullable(),
  label: text,
  /** The project a form names (项目名称), which its rows belong to. */
  project: text,
  rows: z.number().int(),
  columns: z.number().int(),
  /** The table itself, after stitching: every table is stored, recognised or not. */
  table: TableSchema,
});
export type TableSummary = z.infer<typeof TableSummarySchema>;

export const SectionTagSchema = z.enum(SECTION_TAGS);
export type SectionTag = z.infer<typeof SectionTagSchema>;

/** A section of the report's narrative, from one heading to the next of its level or above. */
export const SectionSchema = z.object({
  /** 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）, 5 for ①. */
  level: z.number().int().positive(),
  heading: z.string(),
  /** The headings from the top down to this one, joined by " > ". */
  path: z.string(),
  /** The usual section the heading names, if any. */
  tag: SectionTagSchema.nullable(),
  page: z.number().int().nullable(),
  /** The text under the heading, subsections included. */
  text: z.string(),
});
export type Section = z.infer<typeof SectionSchema>;

export const ParsedDocumentSchema = z.object({
  report: ReportSchema,
  budgetRows: z.array(RawBudgetRowSchema),
  indicatorRows: z.array(RawIndicatorRowSchema),
  tables: z.array(TableSummarySchema),
  sections: z.array(SectionSchema),
  warnings: z.array(TableWarningSchema),
});
export type ParsedDocument = z.infer<typeof ParsedDocumentSchema>;
