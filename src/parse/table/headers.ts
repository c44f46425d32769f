/**
 * Stage 2: header rows. A row is an indicator header when it names indicators beside a target, an
 * actual, or points (分值, 得分: a scoring sheet gives indicator rows without target or actual); a
 * budget header when it names two or more budget figures. Each row is judged on its own cells.
 */
import { BUDGET_VALUE_ROLES, type BudgetRole, type IndicatorRole, type RoleMatch, type Vocabulary } from '../../vocabulary/index.js';
import { keyOf, lastRowOf, type Slot, type TableGrid } from './grid.js';

export type RoleColumns<R extends string> = Partial<Record<R, number>>;

/** A header cell and the role its words named (a scoring sheet's deepest level then plays `name`). */
export interface ColumnMatch<R extends string> {
  slot: Slot;
  match: RoleMatch<R>;
}

interface HeaderOf<K extends string, R extends string> {
  kind: K;
  row: number;
  columns: RoleColumns<R>;
  matches: Partial<Record<R, ColumnMatch<R>>>;
}
export type BudgetHeader = HeaderOf<'budget', BudgetRole>;
export type IndicatorHeader = HeaderOf<'indicators', IndicatorRole>;
export type HeaderRow = BudgetHeader | IndicatorHeader;

/**
 * The roles a row's cells name. A cell that reaches two or more rows further down is the label of
 * a block (绩效指标 beside the indicator header), not a column header.
 */
function rowRoles<R extends string>(grid: TableGrid, row: number, roleOf: (key: string) => RoleMatch<R> | null): Partial<Record<R, ColumnMatch<R>>> {
  const claimed: Partial<Record<R, ColumnMatch<R>>> = {};
  for (const slot of grid.rows[row]) {
    if (lastRowOf(slot) > row + 1) continue;
    const match = roleOf(keyOf(grid, slot));
    if (!match) continue;
    const earlier = claimed[match.role];
    // Two cells naming one role: the one reaching further down labels the block (绩效指标 beside
    // 一级指标 … 三级指标), the other one heads the column.
    if (earlier && lastRowOf(earlier.slot) <= lastRowOf(slot)) continue;
    claimed[match.role] = { slot, match };
  }
  return claimed;
}

function columnsOf<R extends string>(matches: Partial<Record<R, ColumnMatch<R>>>): RoleColumns<R> {
  const columns: RoleColumns<R> = {};
  for (const role of Object.keys(matches) as R[]) columns[role] = matches[role]!.slot.col;
  return columns;
}

/** A scoring sheet without 三级指标 (一级指标 | 二级指标 | 分值 | 得分): its deepest level names the rows. */
function nameFromDeepestLevel(matches: Partial<Record<IndicatorRole, ColumnMatch<IndicatorRole>>>): Partial<Record<IndicatorRole, ColumnMatch<IndicatorRole>>> {
  if (matches.name || (!matches.weight && !matches.score)) return matches;
  const deepest = matches.category ? 'category' : matches.level1 ? 'level1' : null;
  if (!deepest) return matches;
  const { [deepest]: column, ...rest } = matches;
  return { ...rest, name: column };
}

const INDICATOR_VALUES = ['target', 'target_adjusted', 'actual', 'weight', 'score'] as const;

function indicatorHeader(grid: TableGrid, row: number, vocabulary: Vocabulary): IndicatorHeader | null {
  const matches = nameFromDeepestLevel(rowRoles(grid, row, vocabulary.indicatorRoleOf));
  const valued = INDICATOR_VALUES.some((role) => matches[role]);
  return matches.name && valued ? { kind: 'indicators', row, columns: columnsOf(matches), matches } : null;
}

function budgetHeader(grid: TableGrid, row: number, vocabulary: Vocabulary): BudgetHeader | null {
  const matches = rowRoles(grid, row, vocabulary.budgetRoleOf);
  const values = BUDGET_VALUE_ROLES.filter((role) => matches[role]).length;
  return values >= 2 ? { kind: 'budget', row, columns: columnsOf(matches), matches } : null;
}

/** Every header row, top down; a row that reads as both is an indicator header. */
export function findHeaderRows(grid: TableGrid, vocabulary: Vocabulary): HeaderRow[] {
  const headers: HeaderRow[] = [];
  for (let row = 0; row < grid.height; row++) {
    const header = indicatorHeader(grid, row, vocabulary) ?? budgetHeader(grid, row, vocabulary);
    if (header) headers.push(header);
  }
  return headers;
}
