/**
 * One table → its blocks. A table may be a plain budget or indicator table, or a whole form (the
 * national 项目支出绩效自评表) holding labelled fields, a budget block and an indicator block in one
 * grid. Blocks are found by their header rows; a block ends where the label cell beside its header
 * (项目资金, 绩效指标) stops spanning, at the next header, or at the end of the table.
 */
import type { Table } from '../extract/model.js';
import { rowConfidence, slotText, tableToGrid, type Grid, type Slot } from './grid.js';
import {
  BUDGET_AMOUNT_ROLES,
  BUDGET_VALUE_ROLES,
  GROUP_ROLES,
  budgetRoleOf,
  indicatorRoleOf,
  type BudgetRole,
  type IndicatorRole,
} from './roles.js';
import type { RawBudgetRow, RawIndicatorRow, TableSummary } from './schema.js';
import { headerKey, statedMoneyUnit } from './text.js';

type RoleColumns<R extends string> = Partial<Record<R, number>>;

interface Block<R extends string> {
  kind: 'budget' | 'indicators';
  columns: RoleColumns<R>;
  /** The cell left of the header that names the block and spans its rows (项目资金（万元）). */
  label: Slot | null;
  lastRow: number;
}
type AnyBlock = Block<BudgetRole> | Block<IndicatorRole>;

/** Labelled fields of a form: a label cell (项目名称, 主管部门) followed by its value. */
export interface FormFields {
  project?: string;
  department?: string;
  implementer?: string;
  year?: string;
  grade?: string;
  selfScore?: string;
}

const FIELD_LABELS: Record<string, keyof FormFields> = {
  项目名称: 'project',
  主管部门: 'department',
  项目主管部门: 'department',
  部门名称: 'department',
  单位名称: 'department',
  预算部门: 'department',
  主管单位: 'department',
  预算单位: 'department',
  部门单位名称: 'department',
  实施单位: 'implementer',
  项目实施单位: 'implementer',
  年度: 'year',
  评价年度: 'year',
  预算年度: 'year',
  项目年度: 'year',
  自评等级: 'grade',
  评价等级: 'grade',
  绩效等级: 'grade',
  自评得分: 'selfScore',
  自评总分: 'selfScore',
  综合得分: 'selfScore',
  评价得分: 'selfScore',
};
const TOTAL_ROW = /^(总分|合计|总计|合计得分|综合得分|自评得分|自评总分|总得分)$/;

export interface TableParse {
  summary: TableSummary;
  fields: FormFields;
  /** The score on a form's 总分 row. */
  totalScore: string | null;
  budgetRows: RawBudgetRow[];
  indicatorRows: RawIndicatorRow[];
}

/** The distinct cells of a row, left to right. */
function rowSlots(grid: Grid, row: number): Slot[] {
  const seen = new Set<number>();
  const result: Slot[] = [];
  for (const slot of grid.slots[row]) {
    if (slot && !seen.has(slot.id)) {
      seen.add(slot.id);
      result.push(slot);
    }
  }
  return result;
}

/**
 * The roles a row's cells name. A cell that reaches two or more rows further down is the label of
 * a block (绩效指标 beside the indicator header), not a column header.
 */
function rowRoles<R extends string>(grid: Grid, row: number, roleOf: (text: string) => R | null): RoleColumns<R> {
  const columns: RoleColumns<R> = {};
  for (const slot of rowSlots(grid, row)) {
    if (slot.row + slot.rowSpan - 1 > row + 1) continue;
    const role = roleOf(slot.text);
    if (role && columns[role] === undefined) columns[role] = slot.col;
  }
  return columns;
}

function isIndicatorHeader(columns: RoleColumns<IndicatorRole>): boolean {
  return columns.name !== undefined && (columns.target !== undefined || columns.actual !== undefined);
}

function isBudgetHeader(columns: RoleColumns<BudgetRole>): boolean {
  return BUDGET_VALUE_ROLES.filter((role) => columns[role] !== undefined).length >= 2;
}

function firstRoleColumn(columns: Partial<Record<string, number>>): number {
  return Math.min(...Object.values(columns).filter((c): c is number => c !== undefined));
}

/** The block's label: a cell left of every role column that spans the header row and rows below. */
function blockLabel(grid: Grid, row: number, columns: Partial<Record<string, number>>): Slot | null {
  const first = firstRoleColumn(columns);
  for (let c = 0; c < first; c++) {
    const slot = grid.slots[row][c];
    if (slot && slot.rowSpan > 1 && slot.row + slot.rowSpan - 1 > row) return slot;
  }
  return null;
}

function startBlock(grid: Grid, row: number, kind: AnyBlock['kind'], columns: RoleColumns<string>): AnyBlock {
  const label = blockLabel(grid, row, columns);
  const lastRow = label ? label.row + label.rowSpan - 1 : grid.height - 1;
  return { kind, columns, label, lastRow } as AnyBlock;
}

/** A row whose name cell also covers a value column is a caption or a total, not a data row. */
function spansValueColumns(grid: Grid, row: number, nameColumn: number | undefined, valueColumns: (number | undefined)[]): boolean {
  if (nameColumn === undefined) return false;
  const id = grid.slots[row][nameColumn]?.id;
  return valueColumns.some((c) => c !== undefined && grid.slots[row][c]?.id === id);
}

/** 无 in a split target's 指标性质 or 度量单位 column means "none". */
const meaningful = (text: string) => (text.trim() === '无' ? '' : text.trim());

function joinTargetParts(parts: string[]): string | null {
  const kept = parts.map(meaningful).filter(Boolean);
  return kept.length ? kept.join('') : null;
}

const orNull = (text: string) => (text === '' ? null : text);

/** `{ confidence }` for a row read by OCR, nothing for a text layer (the record stays as it was). */
function withRowConfidence(grid: Grid, row: number): { confidence?: number } {
  const confidence = rowConfidence(grid, row);
  return confidence === undefined ? {} : { confidence };
}

export interface TableContext {
  index: number;
  /** A money unit stated just above the table (单位：万元). */
  moneyUnit: string | null;
  /** A project named just above the table (项目名称：…), for a table that names none itself. */
  project?: string | null;
}

export function parseTable(table: Table, context: TableContext): TableParse {
  const grid = tableToGrid(table);
  const fields: FormFields = {};
  /** The project rows belong to: the form's own 项目名称, else one named just above the table. */
  const project = () => fields.project ?? context.project ?? null;
  const budgetRows: RawBudgetRow[] = [];
  const indicatorRows: RawIndicatorRow[] = [];
  let totalScore: string | null = null;
  let tableUnit = context.moneyUnit;
  let block: AnyBlock | null = null;
  let lastIndicatorBlock: Block<IndicatorRole> | null = null;
  let previousGroups: Partial<Record<(typeof GROUP_ROLES)[number], string>> = {};
  /** Header texts by column, for units stated in a header (预算数（万元）). */
  const headerTexts = new Map<number, string>();
  let lastHeaderRow = -1;

  const pageOf = (row: number, col: number | undefined) =>
    (col !== undefined ? grid.slots[row][col]?.page : null) ?? rowSlots(grid, row)[0]?.page ?? table.page;

  const readFields = (row: number) => {
    const slots = rowSlots(grid, row);
    slots.forEach((slot, i) => {
      const field = FIELD_LABELS[headerKey(slot.text)];
      const next = slots[i + 1];
      if (field && next && !FIELD_LABELS[headerKey(next.text)] && next.text) fields[field] ??= next.text;
      tableUnit ??= /单位/.test(slot.text) ? statedMoneyUnit(slot.text) : null;
    });
  };

  const readTotal = (row: number, scoreColumn: number | undefined) => {
    const slots = rowSlots(grid, row);
    if (!slots.length || !TOTAL_ROW.test(headerKey(slots[0].text))) return false;
    const score = scoreColumn !== undefined ? slotText(grid, row, scoreColumn) : slots[slots.length - 1].text;
    totalScore ??= orNull(score);
    return true;
  };

  const readBudgetRow = (row: number, b: Block<BudgetRole>) => {
    const { columns } = b;
    const valueColumns = BUDGET_VALUE_ROLES.map((role) => columns[role]);
    const firstValue = Math.min(...valueColumns.filter((c): c is number => c !== undefined));
    let nameColumn = columns.name;
    if (nameColumn === undefined) {
      // The row names sit in the last column before the figures that is not the block's label.
      for (let c = firstValue - 1; c >= 0; c--) {
        if (grid.slots[row][c] && grid.slots[row][c]!.id !== b.label?.id) {
          nameColumn = c;
          break;
        }
      }
    }
    if (spansValueColumns(grid, row, nameColumn, valueColumns)) return;
    const cell = (role: BudgetRole) => orNull(slotText(grid, row, columns[role]));
    if (!BUDGET_VALUE_ROLES.some((role) => cell(role) !== null)) return;
    const label = b.label ? b.label.text.replace(/[（(][^)）]*[)）]/g, '').trim() : '';
    const name = slotText(grid, row, nameColumn) || label;
    if (!name) return;
    const headerUnit = BUDGET_AMOUNT_ROLES.map((role) => statedMoneyUnit(headerTexts.get(columns[role] ?? -1) ?? '')).find(Boolean);
    budgetRows.push({
      project: project(),
      name,
      initial_budget: cell('initial_budget'),
      adjustment: cell('adjustment'),
      final_budget: cell('final_budget'),
      spent: cell('spent'),
      execution_rate: cell('execution_rate'),
      weight: cell('weight'),
      score: cell('score'),
      moneyUnit: headerUnit ?? (b.label ? statedMoneyUnit(b.label.text) : null) ?? tableUnit,
      page: pageOf(row, nameColumn),
      table: context.index,
      ...withRowConfidence(grid, row),
    });
  };

  const readIndicatorRow = (row: number, b: Block<IndicatorRole>) => {
    const { columns } = b;
    const text = (role: IndicatorRole) => slotText(grid, row, columns[role]);
    if (spansValueColumns(grid, row, columns.name, [columns.target, columns.actual])) {
      readTotal(row, columns.score);
      return;
    }
    if (readTotal(row, columns.score)) return;
    const groups: Partial<Record<(typeof GROUP_ROLES)[number], string>> = {};
    let higherChanged = false;
    for (const role of GROUP_ROLES) {
      if (columns[role] === undefined) continue;
      const own = text(role);
      // An empty group cell continues the group above, unless a higher level just started anew.
      groups[role] = own || (higherChanged ? '' : previousGroups[role] ?? '');
      if (own && own !== previousGroups[role]) higherChanged = true;
    }
    const target = joinTargetParts([text('target_op'), text('target'), text('target_unit')]);
    const actual = orNull(text('actual'));
    const name = orNull(text('name'));
    if (!name && !target && !actual) return;
    previousGroups = groups;
    indicatorRows.push({
      project: orNull(groups.project ?? '') ?? project(),
      subproject: orNull(groups.subproject ?? ''),
      level1: orNull(groups.level1 ?? ''),
      category: orNull(groups.category ?? ''),
      name,
      target,
      targetUnit: orNull(meaningful(text('target_unit'))),
      actual,
      weight: orNull(text('weight')),
      score: orNull(text('score')),
      deviation: orNull(text('deviation')),
      page: pageOf(row, columns.name),
      table: context.index,
      ...withRowConfidence(grid, row),
    });
  };

  for (let row = 0; row < grid.height; row++) {
    const indicatorColumns = rowRoles(grid, row, indicatorRoleOf);
    const budgetColumns = rowRoles(grid, row, budgetRoleOf);
    const header = isIndicatorHeader(indicatorColumns)
      ? startBlock(grid, row, 'indicators', indicatorColumns)
      : isBudgetHeader(budgetColumns)
        ? startBlock(grid, row, 'budget', budgetColumns)
        : null;
    if (header) {
      // A header over two rows: the second row refines the first one's columns.
      if (block && block.kind === header.kind && lastHeaderRow === row - 1) {
        header.columns = { ...block.columns, ...header.columns };
      } else headerTexts.clear();
      for (const slot of rowSlots(grid, row)) headerTexts.set(slot.col, slot.text);
      block = header;
      lastHeaderRow = row;
      previousGroups = {};
      if (block.kind === 'indicators') lastIndicatorBlock = block as Block<IndicatorRole>;
      continue;
    }
    if (block && row <= block.lastRow) {
      if (block.kind === 'budget') readBudgetRow(row, block as Block<BudgetRole>);
      else readIndicatorRow(row, block as Block<IndicatorRole>);
      continue;
    }
    block = null;
    if (!readTotal(row, lastIndicatorBlock?.columns.score)) readFields(row);
  }

  const kind = indicatorRows.length ? 'indicators' : budgetRows.length ? 'budget' : Object.keys(fields).length ? 'form' : 'other';
  return {
    summary: {
      index: context.index,
      kind,
      page: table.page,
      label: table.label,
      project: project(),
      rows: grid.height,
      columns: grid.width,
      table,
    },
    fields,
    totalScore,
    budgetRows,
    indicatorRows,
  };
}
