/**
 * Consistency checks: do a report's own figures add up? A stage after normalize, because a check reads
 * a whole normalized record (every row, money in 元, scores as numbers) and judges it without changing
 * it; normalize turns one cell at a time into a value and knows nothing of the other rows. Each check
 * is a pure function of the record; a consistent report yields no checks.
 */
import type { ReportRecord } from '../normalize/schema.js';
import { cleanName } from '../parse/names.js';
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';
import { checkBudgetTotals, checkExecutionRates } from './budget.js';
import type { Check } from './schema.js';
import { checkFullScoreUnmet, checkGradeBand, checkScoresWithinWeights, checkSelfScoreTotal, checkWeightTotals, scoredRows } from './scores.js';

export interface CheckInput {
  record: ReportRecord;
  /** The project form (项目名称) each table belongs to, by table index: a form's rows are scored apart. */
  tableProjects: readonly (string | null)[];
  /** Each indicator's section label as printed, quota included (产出指标(50分)), in record order. */
  sectionLabels: readonly (string | null)[];
  /** Which lines are totals; the built-in vocabulary unless a vocabulary file added words. */
  vocabulary?: Vocabulary;
}

export function checkReport({ record, tableProjects, sectionLabels, vocabulary = DEFAULT_VOCABULARY }: CheckInput): Check[] {
  const { report, budget_lines: lines, indicators } = record;
  // Cleaned as the report's project is, so a standalone form is recognised as the report itself.
  const formOf = (table: number) => cleanName(tableProjects[table] ?? null);
  const rows = scoredRows(indicators, lines, formOf, sectionLabels);
  return [
    ...checkExecutionRates(lines, formOf),
    ...checkBudgetTotals(lines, formOf, (line) => vocabulary.isTotal('money', line.name)),
    ...checkScoresWithinWeights(rows),
    ...checkFullScoreUnmet(rows),
    ...checkSelfScoreTotal(report, rows),
    ...checkWeightTotals(rows),
    ...checkGradeBand(report),
  ];
}

export { CHECK_NAMES, CheckSchema, type Check, type CheckName } from './schema.js';
