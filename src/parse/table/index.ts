/**
 * One table → its records, in named stages that each keep their result (for `jixiao explain`):
 * grid → header rows → blocks → loose rows (form fields, totals) → budget and indicator rows →
 * fill-down. Each stage is a pure function of the ones before it.
 */
import type { Table } from '../../extract/model.js';
import type { FormFields, Vocabulary } from '../../vocabulary/index.js';
import type { RawBudgetRow, RawIndicatorRow, TableSummary, TableWarning } from '../schema.js';
import { layOutBlocks, type Block, type BudgetBlock, type IndicatorBlock, type TableLayout } from './blocks.js';
import { readBudgetRows } from './budget-rows.js';
import { fillDown } from './fill-down.js';
import { readGrid, type TableGrid } from './grid.js';
import { noRowsReason } from './review.js';
import { findHeaderRows, type HeaderRow } from './headers.js';
import { readIndicatorRows, type IndicatorOutcome } from './indicator-rows.js';
import { readLooseRows, type LooseRow } from './loose-rows.js';
import type { RowContext, RowOutcome } from './rows.js';

export type { Block, HeaderRow, LooseRow, RowOutcome, TableGrid };

export interface TableContext {
  index: number;
  /** A money unit stated just above the table (单位：万元). */
  moneyUnit: string | null;
  /** A project named just above the table (项目名称：…), for a table that names none itself. */
  project?: string | null;
}

/** What became of one block's rows; an indicator block's kept rows also as fill-down completed them. */
export type BlockRows =
  | { kind: 'budget'; block: BudgetBlock; outcomes: RowOutcome<RawBudgetRow>[] }
  | { kind: 'indicators'; block: IndicatorBlock; outcomes: IndicatorOutcome[]; filled: RawIndicatorRow[] };

export interface TableReading {
  grid: TableGrid;
  headers: HeaderRow[];
  layout: TableLayout;
  looseRows: LooseRow[];
  blockRows: BlockRows[];
  summary: TableSummary;
  /** Why the table gave no rows although it looks like an indicator or budget table. */
  noRows: TableWarning | null;
  /** The same, when no header of it could be mapped: a person should look at it. */
  warning: TableWarning | null;
  fields: FormFields;
  /** The score on a form's 总分 row. */
  totalScore: string | null;
  budgetRows: RawBudgetRow[];
  indicatorRows: RawIndicatorRow[];
}

/**
 * The form's fields (the first value of each wins), and what holds for each row from the loose rows
 * above it: the latest project a field named (a table holding several forms one below the other names
 * a new project at the head of each), and the first money unit a loose row stated.
 */
function formOf(grid: TableGrid, looseRows: readonly LooseRow[], context: TableContext): { fields: FormFields; rowContext: RowContext } {
  const fields: FormFields = {};
  const projects: (string | null)[] = [];
  const units: (string | null)[] = [];
  const looseAt = new Map(looseRows.map((loose) => [loose.row, loose]));
  let project: string | null = null;
  let unit: string | null = null;
  for (let row = 0; row < grid.height; row++) {
    projects[row] = project ?? context.project ?? null;
    units[row] = context.moneyUnit ?? unit;
    const loose = looseAt.get(row);
    if (loose?.kind !== 'fields') continue;
    for (const { field, value } of loose.fields) {
      fields[field] ??= value;
      if (field === 'project') project = value;
    }
    unit ??= loose.unit;
  }
  return { fields, rowContext: { table: context.index, projectAt: (row) => projects[row], unitAt: (row) => units[row] } };
}

/** The first total row's score that states one, in row order, whether in a block or loose. */
function firstTotalScore(looseRows: readonly LooseRow[], indicatorOutcomes: readonly IndicatorOutcome[]): string | null {
  const totals = [...looseRows.flatMap((loose) => (loose.kind === 'total' ? [loose] : [])), ...indicatorOutcomes.flatMap((o) => (o.total ? [o.total] : []))];
  return totals.sort((a, b) => a.row - b.row).find((total) => total.score !== '')?.score ?? null;
}

function readBlocks(grid: TableGrid, blocks: readonly Block[], rowContext: RowContext, vocabulary: Vocabulary) {
  const budgetRows: RawBudgetRow[] = [];
  const indicatorRows: RawIndicatorRow[] = [];
  const indicatorOutcomes: IndicatorOutcome[] = [];
  const blockRows = blocks.map((block): BlockRows => {
    if (block.kind === 'budget') {
      const outcomes = readBudgetRows(grid, block, rowContext);
      for (const o of outcomes) if (o.kind === 'kept') budgetRows.push(o.record);
      return { kind: 'budget', block, outcomes };
    }
    const outcomes = readIndicatorRows(grid, block, rowContext, vocabulary);
    const filled = fillDown(
      outcomes.flatMap((o) => (o.kind === 'kept' ? [{ row: o.row, read: o.record }] : [])),
      rowContext.projectAt,
    );
    indicatorOutcomes.push(...outcomes);
    indicatorRows.push(...filled);
    return { kind: 'indicators', block, outcomes, filled };
  });
  return { budgetRows, indicatorRows, indicatorOutcomes, blockRows };
}

export function readTable(table: Table, context: TableContext, vocabulary: Vocabulary): TableReading {
  const grid = readGrid(table);
  const headers = findHeaderRows(grid, vocabulary);
  const layout = layOutBlocks(grid, headers);
  const looseRows = readLooseRows(grid, layout.looseRows, layout.blocks, vocabulary);
  const { fields, rowContext } = formOf(grid, looseRows, context);
  const { budgetRows, indicatorRows, indicatorOutcomes, blockRows } = readBlocks(grid, layout.blocks, rowContext, vocabulary);
  const kind = indicatorRows.length ? 'indicators' : budgetRows.length ? 'budget' : Object.keys(fields).length ? 'form' : 'other';
  const summary: TableSummary = {
    index: context.index,
    kind,
    page: table.page,
    label: table.label,
    project: fields.project ?? context.project ?? null,
    rows: grid.height,
    columns: grid.width,
    table,
  };
  const noRows = noRowsReason(
    grid,
    context.index,
    headers,
    blockRows.flatMap((b): RowOutcome<unknown>[] => b.outcomes),
    vocabulary,
  );
  const warning = headers.length ? null : noRows;
  return {
    grid,
    headers,
    layout,
    looseRows,
    blockRows,
    summary,
    noRows,
    warning,
    fields,
    totalScore: firstTotalScore(looseRows, indicatorOutcomes),
    budgetRows,
    indicatorRows,
  };
}

export { quotaOf } from './indicator-rows.js';
