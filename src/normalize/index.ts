/** Parsed rows → contract records: typed values, money in 元, cleaned names, and met. */
import type { CellLocation } from '../extract/model.js';
import type { ParsedDocument, RawBudgetRow, RawIndicatorRow } from '../parse/schema.js';
import { isMet } from './met.js';
import { cleanName } from '../parse/names.js';
import type { BudgetLine, Indicator, ReportRecord } from './schema.js';
import { parseAmount, parseNumber, parseValue, unitOfName } from './value.js';

/** A row read by OCR keeps its confidence; a text-layer row has none (and no key for it). */
const confidenceOf = (row: { confidence?: number }) => (row.confidence === undefined ? {} : { confidence: Math.round(row.confidence * 1000) / 1000 });

/** The locations of the values the record states: a cell read as a placeholder (/) gives no value to locate. */
function statedCells<F extends string>(cells: Partial<Record<F, CellLocation>>, record: Record<F, unknown>): Partial<Record<F, CellLocation>> {
  const stated: Partial<Record<F, CellLocation>> = {};
  for (const field of Object.keys(cells) as F[]) if (record[field] !== null) stated[field] = cells[field];
  return stated;
}

const maybe = <T>(text: string | null, parse: (text: string) => T | null): T | null => (text === null ? null : parse(text));

export function budgetRowToLine(row: RawBudgetRow): BudgetLine | null {
  const name = cleanName(row.name);
  if (!name) return null;
  const amount = (text: string | null) => maybe(text, (t) => parseAmount(t, row.moneyUnit));
  const values = {
    initial_budget: amount(row.initial_budget),
    adjustment: amount(row.adjustment),
    final_budget: amount(row.final_budget),
    spent: amount(row.spent),
    execution_rate: maybe(row.execution_rate, parseNumber),
    weight: maybe(row.weight, parseNumber),
    score: maybe(row.score, parseNumber),
  };
  return {
    project: cleanName(row.project),
    name,
    ...values,
    page: row.page,
    table: row.table,
    ...confidenceOf(row),
    cells: statedCells(row.cells, values),
  };
}

export function indicatorRowToIndicator(row: RawIndicatorRow): Indicator {
  // A unit column (度量单位), else a unit at the end of the name (城镇新增就业人数（人）), for cells that state none.
  const statedUnit = row.targetUnit ?? unitOfName(row.name);
  const target = maybe(row.target, (t) => parseValue(t, statedUnit));
  // An actual printed without a unit is in the target's unit, money scale included.
  const actual = maybe(row.actual, (t) => parseValue(t, target?.writtenUnit ?? statedUnit));
  const values = {
    target: target?.value ?? null,
    actual: actual?.value ?? null,
    weight: maybe(row.weight, parseNumber),
    score: maybe(row.score, parseNumber),
  };
  return {
    project: cleanName(row.project),
    subproject: cleanName(row.subproject),
    level1: cleanName(row.level1),
    category: cleanName(row.category),
    name: cleanName(row.name),
    target: values.target,
    actual: values.actual,
    weight: values.weight,
    score: values.score,
    deviation: row.deviation,
    met: isMet(values.target, values.actual),
    page: row.page,
    table: row.table,
    ...confidenceOf(row),
    cells: statedCells(row.cells, values),
  };
}

export function normalizeReport(parsed: ParsedDocument, source: ReportRecord['source']): ReportRecord {
  return {
    source,
    report: parsed.report,
    budget_lines: parsed.budgetRows.map(budgetRowToLine).filter((line): line is BudgetLine => line !== null),
    indicators: parsed.indicatorRows.map(indicatorRowToIndicator),
    warnings: parsed.warnings,
  };
}
