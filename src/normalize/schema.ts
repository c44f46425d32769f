/**
 * The records of the contract (../shared/spec/records.md). Every record type in the project is
 * inferred from these schemas; the CLI validates its output against them before printing.
 */
import { z } from 'zod';
import { FormatSchema } from '../extract/model.js';
import { BudgetCellsSchema, IndicatorCellsSchema, ReportSchema, TableWarningSchema } from '../parse/schema.js';

export { ReportSchema, type Report, TableWarningSchema, type TableWarning, BudgetCellsSchema, IndicatorCellsSchema } from '../parse/schema.js';
export { CellLocationSchema, type CellLocation } from '../extract/model.js';

export const OPS = ['=', '>=', '>', '<=', '<', 'between', 'text'] as const;
export const OpSchema = z.enum(OPS);
export type Op = z.infer<typeof OpSchema>;

export const PointValueSchema = z.object({
  raw: z.string(),
  op: z.enum(['=', '>=', '>', '<=', '<']),
  value: z.number(),
  unit: z.string().nullable(),
});
export const RangeValueSchema = z.object({
  raw: z.string(),
  op: z.literal('between'),
  low: z.number(),
  high: z.number(),
  unit: z.string().nullable(),
});
export const TextValueSchema = z.object({
  raw: z.string(),
  op: z.literal('text'),
  text: z.string(),
});
export const ValueSchema = z.union([PointValueSchema, RangeValueSchema, TextValueSchema]);
export type PointValue = z.infer<typeof PointValueSchema>;
export type RangeValue = z.infer<typeof RangeValueSchema>;
export type TextValue = z.infer<typeof TextValueSchema>;
export type Value = z.infer<typeof ValueSchema>;

export const SourceSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  format: FormatSchema,
  pages: z.number().int().nonnegative().nullable(),
  /** Present (true) when some of the text was read from page images by OCR. */
  ocr: z.literal(true).optional(),
});

const money = z.number().nullable();

export const BudgetLineSchema = z.object({
  project: z.string().nullable(),
  name: z.string(),
  initial_budget: money,
  adjustment: money,
  final_budget: money,
  spent: money,
  execution_rate: z.number().nullable(),
  weight: z.number().nullable(),
  score: z.number().nullable(),
  /** Where the row was printed: traceability for every number (extra fields, ignored by the scorer). */
  page: z.number().int().nullable(),
  table: z.number().int(),
  /** Read by OCR: the lowest confidence (0–1) among the row's cells; absent for a text layer. */
  confidence: z.number().optional(),
  /** Where each stated value was read (extra field): page and box, sheet and ref, or table, row and column. */
  cells: BudgetCellsSchema,
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

export const IndicatorSchema = z.object({
  project: z.string().nullable(),
  subproject: z.string().nullable(),
  level1: z.string().nullable(),
  category: z.string().nullable(),
  name: z.string().nullable(),
  target: ValueSchema.nullable(),
  actual: ValueSchema.nullable(),
  weight: z.number().nullable(),
  score: z.number().nullable(),
  deviation: z.string().nullable(),
  met: z.boolean().nullable(),
  page: z.number().int().nullable(),
  table: z.number().int(),
  /** Read by OCR: the lowest confidence (0–1) among the row's cells; absent for a text layer. */
  confidence: z.number().optional(),
  /** Where each stated value was read (extra field): page and box, sheet and ref, or table, row and column. */
  cells: IndicatorCellsSchema,
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const ReportRecordSchema = z.object({
  source: SourceSchema,
  report: ReportSchema,
  budget_lines: z.array(BudgetLineSchema),
  indicators: z.array(IndicatorSchema),
  /** Tables that look like indicator or budget tables but could not be read (extra field, ignored by the scorer). */
  warnings: z.array(TableWarningSchema),
});
export type ReportRecord = z.infer<typeof ReportRecordSchema>;
