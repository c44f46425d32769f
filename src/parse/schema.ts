/**
 * What parsing yields: report metadata, and table rows whose cells are sorted into roles but still
 * hold the text as printed. Turning that text into numbers and values is the normalize stage's job.
 */
import { z } from 'zod';
import { TableSchema } from '../extract/model.js';

export const KINDS = ['department_overall', 'project', 'final_accounts', 'unknown'] as const;
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
  /** Read by OCR: the lowest confidence among the row's cells. */
  confidence: z.number().optional(),
});
export type RawIndicatorRow = z.infer<typeof RawIndicatorRowSchema>;

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

export const ParsedDocumentSchema = z.object({
  report: ReportSchema,
  budgetRows: z.array(RawBudgetRowSchema),
  indicatorRows: z.array(RawIndicatorRowSchema),
  tables: z.array(TableSummarySchema),
});
export type ParsedDocument = z.infer<typeof ParsedDocumentSchema>;
