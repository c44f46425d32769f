/**
 * Stage 5a: a budget block's rows. Each data row names a line (its own name cell, else the block's
 * label: 项目资金 | 年度资金总额 | 100 …) and gives its figures as printed, with the money unit that
 * applies where a cell states none: the column's header, another header cell, the label, the table's.
 */
import { BUDGET_AMOUNT_ROLES, BUDGET_VALUE_ROLES, type BudgetRole } from '../../vocabulary/index.js';
import { BUDGET_VALUE_FIELDS, type RawBudgetRow } from '../schema.js';
import { statedMoneyUnit } from '../text.js';
import type { BudgetBlock } from './blocks.js';
import { pageOf, slotText, type Slot, type TableGrid } from './grid.js';
import { dropped, kept, locationsOf, orNull, spansValueColumns, withRowConfidence, type RowContext, type RowOutcome } from './rows.js';

/** A figure is not a name: a table whose names column is unlabelled may offer a number there (2018, 190). */
const FIGURE = /^[\d.,，%\s-]+$/;

/**
 * The money unit a header states for one column: its own header cell's, else that of a header cell
 * spanning it (年度预算数（万元） over 年初预算 | 调整后预算数). The lowest header row speaks first.
 */
function columnUnit(headerSlots: readonly Slot[], column: number | undefined): string | null {
  if (column === undefined) return null;
  const covering = headerSlots.filter((slot) => slot.col <= column && column < slot.col + slot.colSpan).sort((a, b) => b.row - a.row);
  return covering.map((slot) => statedMoneyUnit(slot.text)).find(Boolean) ?? null;
}

/** The unit the block's header states: over an amount column first, else in any header cell but the label. */
function headerUnit(block: BudgetBlock): string | null {
  return (
    BUDGET_AMOUNT_ROLES.map((role) => columnUnit(block.headerSlots, block.columns[role])).find(Boolean) ??
    block.headerSlots
      .filter((slot) => slot.id !== block.label?.id)
      .map((slot) => statedMoneyUnit(slot.text))
      .find(Boolean) ??
    null
  );
}

/** The column holding the row's name: the named one, else the last before the figures that is not the block's label. */
function nameColumnOf(grid: TableGrid, row: number, block: BudgetBlock, firstValue: number): number | undefined {
  if (block.columns.name !== undefined) return block.columns.name;
  for (let c = firstValue - 1; c >= 0; c--) if (grid.slots[row][c] && grid.slots[row][c]!.id !== block.label?.id) return c;
  return undefined;
}

function readBudgetRow(grid: TableGrid, row: number, block: BudgetBlock, context: RowContext, blockUnit: string | null): RowOutcome<RawBudgetRow> {
  const { columns } = block;
  const valueColumns = BUDGET_VALUE_ROLES.map((role) => columns[role]);
  const nameColumn = nameColumnOf(grid, row, block, Math.min(...valueColumns.filter((c): c is number => c !== undefined)));
  if (spansValueColumns(grid, row, nameColumn, valueColumns)) return dropped(row, 'its name cell spans the figures: a caption or a total');
  // A name cell that is a header cell reaching down (支出计划 beside 小计 | 财政拨款) makes a second header line.
  const nameSlot = nameColumn !== undefined ? grid.slots[row][nameColumn] : null;
  if (nameSlot && block.headerSlots.some((slot) => slot.id === nameSlot.id)) return dropped(row, 'a second header line');
  const cell = (role: BudgetRole) => orNull(slotText(grid, row, columns[role]));
  const ownName = FIGURE.test(slotText(grid, row, nameColumn)) ? '' : slotText(grid, row, nameColumn);
  // A named row is a record even when it states nothing (其他资金 | / | /); an unnamed one needs figures.
  if (!ownName && !BUDGET_VALUE_ROLES.some((role) => cell(role) !== null)) return dropped(row, 'no name and no figures');
  const name = ownName || (block.label ? block.label.text.replace(/[（(][^)）]*[)）]/g, '').trim() : '');
  if (!name) return dropped(row, 'no name, and no block label to name it');
  return kept(row, {
    project: context.projectAt(row),
    name,
    initial_budget: cell('initial_budget'),
    adjustment: cell('adjustment'),
    final_budget: cell('final_budget'),
    spent: cell('spent'),
    execution_rate: cell('execution_rate'),
    weight: cell('weight'),
    score: cell('score'),
    moneyUnit: blockUnit ?? context.unitAt(row),
    page: pageOf(grid, row, nameColumn),
    table: context.table,
    cells: locationsOf(grid, row, Object.fromEntries(BUDGET_VALUE_FIELDS.map((field) => [field, [columns[field]]]))),
    ...withRowConfidence(grid, row),
  });
}

export function readBudgetRows(grid: TableGrid, block: BudgetBlock, context: RowContext): RowOutcome<RawBudgetRow>[] {
  const blockUnit = headerUnit(block) ?? (block.label ? statedMoneyUnit(block.label.text) : null);
  return block.rows.map((row) => readBudgetRow(grid, row, block, context, blockUnit));
}
