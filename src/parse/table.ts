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
import type { RawBudgetRow, RawIndicatorRow, TableSummary, TableWarning } from './schema.js';
import { headerKey, isPlaceholder, statedMoneyUnit } from './text.js';

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
  /** Set when the table looks like an indicator or budget table but no header of it could be mapped. */
  warning: TableWarning | null;
  fields: FormFields;
  /** The score on a form's 总分 row. */
  totalScore: string | null;
  budgetRows: RawBudgetRow[];
  indicatorRows: RawIndicatorRow[];
}

const distinctSlots = new WeakMap<Grid, Slot[][]>();

/** The distinct cells of a row, left to right; found once per row, since every row is read several ways. Not to be changed. */
function rowSlots(grid: Grid, row: number): readonly Slot[] {
  let rows = distinctSlots.get(grid);
  if (!rows) distinctSlots.set(grid, (rows = []));
  if (rows[row]) return rows[row];
  const seen = new Set<number>();
  const result: Slot[] = [];
  for (const slot of grid.slots[row]) {
    if (slot && !seen.has(slot.id)) {
      seen.add(slot.id);
      result.push(slot);
    }
  }
  return (rows[row] = result);
}

/**
 * The roles a row's cells name. A cell that reaches two or more rows further down is the label of
 * a block (绩效指标 beside the indicator header), not a column header.
 */
function rowRoles<R extends string>(grid: Grid, row: number, roleOf: (slot: Slot) => R | null): RoleColumns<R> {
  const columns: RoleColumns<R> = {};
  const claimedBy: Partial<Record<R, Slot>> = {};
  const lastRowOf = (slot: Slot) => slot.row + slot.rowSpan - 1;
  for (const slot of rowSlots(grid, row)) {
    if (lastRowOf(slot) > row + 1) continue;
    const role = roleOf(slot);
    if (!role) continue;
    const claimed = claimedBy[role];
    // Two cells naming one role: the one reaching further down labels the block (绩效指标 beside
    // 一级指标 … 三级指标), the other one heads the column.
    if (claimed && lastRowOf(claimed) <= lastRowOf(slot)) continue;
    claimedBy[role] = slot;
    columns[role] = slot.col;
  }
  return columns;
}

/**
 * Indicator names beside a target or an actual, or beside points (分值, 得分): a scoring sheet
 * (评分表, 评价指标体系) gives indicator rows without target or actual.
 */
function isIndicatorHeader(columns: RoleColumns<IndicatorRole>): boolean {
  const valued = (['target', 'target_adjusted', 'actual', 'weight', 'score'] as const).some((role) => columns[role] !== undefined);
  return columns.name !== undefined && valued;
}

/**
 * A scoring sheet without 三级指标 (一级指标 | 二级指标 | 分值 | 得分): its deepest level names the rows.
 */
function nameFromDeepestLevel(columns: RoleColumns<IndicatorRole>): RoleColumns<IndicatorRole> {
  if (columns.name !== undefined || (columns.weight === undefined && columns.score === undefined)) return columns;
  const deepest = columns.category !== undefined ? 'category' : columns.level1 !== undefined ? 'level1' : null;
  if (!deepest) return columns;
  const { [deepest]: column, ...rest } = columns;
  return { ...rest, name: column };
}

function isBudgetHeader(columns: RoleColumns<BudgetRole>): boolean {
  return BUDGET_VALUE_ROLES.filter((role) => columns[role] !== undefined).length >= 2;
}

function firstRoleColumn(columns: Partial<Record<string, number>>): number {
  return Math.min(...Object.values(columns).filter((c): c is number => c !== undefined));
}

/** Header words of the tables jixiao reads: a row with two cells holding them is a header. */
const HEADER_WORDS = /指标|预算/;
/** Longer than this, a cell is prose, not a column header. */
const HEADER_CELL_MAX = 20;

/**
 * The first row that reads like an indicator or budget header (two or more short cells naming 指标
 * or 预算), for a table in which no header was recognised.
 */
function unmappedHeaderRow(grid: Grid, keyOf: (slot: Slot) => string): readonly Slot[] | null {
  for (let row = 0; row < grid.height; row++) {
    const slots = rowSlots(grid, row);
    const headerish = slots.filter((slot) => slot.text.length <= HEADER_CELL_MAX && HEADER_WORDS.test(keyOf(slot)));
    if (headerish.length >= 2) return slots;
  }
  return null;
}

function unmappedTableWarning(grid: Grid, table: Table, index: number, keyOf: (slot: Slot) => string): TableWarning | null {
  const header = unmappedHeaderRow(grid, keyOf);
  if (!header) return null;
  return {
    page: header.find((slot) => slot.page !== null)?.page ?? table.page,
    table: index,
    header: header.map((slot) => slot.text).join(' | '),
    message: 'table looks like an indicator or budget table, but its columns could not be mapped',
  };
}

/** The block's label: a cell left of every role column that spans the header row and rows below. */
function blockLabel(grid: Grid, row: number, columns: Partial<Record<string, number>>): Slot | null {
  const first = firstRoleColumn(columns);
  const slots = rowSlots(grid, row);
  for (let c = 0; c < first; c++) {
    const slot = grid.slots[row][c];
    if (!slot || slot.rowSpan === 1 || slot.row + slot.rowSpan - 1 <= row) continue;
    // Cells beside it spanning the same rows make a header over two lines (序号 | 支出计划 over 小计 | 财政拨款).
    const twoLineHeader = slots.some((other) => other.col > slot.col && other.row === slot.row && other.rowSpan === slot.rowSpan);
    return twoLineHeader ? null : slot;
  }
  return null;
}

/**
 * A label that starts on the first row under the header, beside a header cell left empty (绩效指标
 * under a blank corner).
 */
function labelBelowBlankCorner(grid: Grid, row: number, columns: Partial<Record<string, number>>): Slot | null {
  if (row + 1 >= grid.height) return null;
  const first = firstRoleColumn(columns);
  for (let c = 0; c < first; c++) {
    const corner = grid.slots[row][c];
    const slot = grid.slots[row + 1][c];
    if (corner && corner.text === '' && slot && slot.row === row + 1 && slot.rowSpan > 1) return slot;
  }
  return null;
}

function startBlock(grid: Grid, row: number, kind: AnyBlock['kind'], columns: RoleColumns<string>): AnyBlock {
  const label = blockLabel(grid, row, columns) ?? labelBelowBlankCorner(grid, row, columns);
  const lastRow = label ? label.row + label.rowSpan - 1 : grid.height - 1;
  return { kind, columns, label, lastRow } as AnyBlock;
}

/**
 * The money unit a header states for one column: its own header cell's, else that of a header cell
 * spanning it (年度预算数（万元） over 年初预算 | 调整后预算数). The lowest header row speaks first.
 */
function columnUnit(headerSlots: Slot[], column: number | undefined): string | null {
  if (column === undefined) return null;
  const covering = headerSlots.filter((slot) => slot.col <= column && column < slot.col + slot.colSpan).sort((a, b) => b.row - a.row);
  return covering.map((slot) => statedMoneyUnit(slot.text)).find(Boolean) ?? null;
}

/** A row whose name cell also covers a value column is a caption or a total, not a data row. */
function spansValueColumns(grid: Grid, row: number, nameColumn: number | undefined, valueColumns: (number | undefined)[]): boolean {
  if (nameColumn === undefined) return false;
  const id = grid.slots[row][nameColumn]?.id;
  return valueColumns.some((c) => c !== undefined && grid.slots[row][c]?.id === id);
}

/**
 * 无 in a split target's 指标性质 or 度量单位 column means "none"; 定量/定性 in 指标性质 says what kind
 * of indicator it is, not how to compare (the comparator, if any, is then in the value itself).
 */
const FIGURE = /^[\d.,，%\s-]+$/;
const NOT_A_TARGET_PART = /^(无|定量|定性)(指标)?$/;
const meaningful = (text: string) => (NOT_A_TARGET_PART.test(text.trim()) ? '' : text.trim());

/** A score quota at the end of a label: 相关性（5分）. */
const LABEL_QUOTA = /[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$/;
export function quotaOf(label: string): string | null {
  return LABEL_QUOTA.exec(label)?.[1] ?? null;
}

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

/** `of(slot)` computed once per cell: a merged cell is met in every row it spans, and every row is tried as two kinds of header. */
function perSlot<T>(of: (slot: Slot) => T): (slot: Slot) => T {
  const known: { value: T }[] = []; // by slot id, which a grid numbers from 0
  return (slot) => (known[slot.id] ??= { value: of(slot) }).value;
}

export function parseTable(table: Table, context: TableContext): TableParse {
  const grid = tableToGrid(table);
  const keyOf = perSlot((slot) => headerKey(slot.text));
  const indicatorRoleOfSlot = perSlot((slot) => indicatorRoleOf(keyOf(slot)));
  const budgetRoleOfSlot = perSlot((slot) => budgetRoleOf(keyOf(slot)));
  const fields: FormFields = {};
  /**
   * The project rows belong to: the form's own 项目名称, else one named just above the table. A table
   * that holds several forms one below the other (pages of 绩效目标表 stitched into one) names a new
   * project at the head of each: rows take the latest.
   */
  let formProject: string | null = null;
  const project = () => formProject ?? context.project ?? null;
  const budgetRows: RawBudgetRow[] = [];
  const indicatorRows: RawIndicatorRow[] = [];
  let totalScore: string | null = null;
  let tableUnit = context.moneyUnit;
  let block: AnyBlock | null = null;
  let lastIndicatorBlock: Block<IndicatorRole> | null = null;
  let previousGroups: Partial<Record<(typeof GROUP_ROLES)[number], string>> = {};
  /** The current block's header cells, for units stated in a header (预算数（万元）). */
  let headerSlots: Slot[] = [];
  let lastHeaderRow = -1;
  let lastDataRow = -1;
  let headersFound = 0;

  const pageOf = (row: number, col: number | undefined) =>
    (col !== undefined ? grid.slots[row][col]?.page : null) ?? rowSlots(grid, row)[0]?.page ?? table.page;

  const readFields = (row: number) => {
    const slots = rowSlots(grid, row);
    slots.forEach((slot, i) => {
      const field = FIELD_LABELS[keyOf(slot)];
      const next = slots[i + 1];
      if (field && next && !FIELD_LABELS[keyOf(next)] && next.text) {
        fields[field] ??= next.text;
        if (field === 'project') formProject = next.text;
      }
      tableUnit ??= /单位/.test(slot.text) ? statedMoneyUnit(slot.text) : null;
    });
  };

  const readTotal = (row: number, scoreColumn: number | undefined) => {
    const slots = rowSlots(grid, row);
    if (!slots.length || !TOTAL_ROW.test(keyOf(slots[0]))) return false;
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
    // A name cell that is a header cell reaching down (支出计划 beside 小计 | 财政拨款) makes a second header line.
    const nameSlot = nameColumn !== undefined ? grid.slots[row][nameColumn] : null;
    if (nameSlot && headerSlots.some((slot) => slot.id === nameSlot.id)) return;
    const cell = (role: BudgetRole) => orNull(slotText(grid, row, columns[role]));
    // A figure is not a name: a table whose names column is unlabelled may offer a number there (2018, 190).
    const ownName = FIGURE.test(slotText(grid, row, nameColumn)) ? '' : slotText(grid, row, nameColumn);
    // A named row is a record even when it states nothing (其他资金 | / | /); an unnamed one needs figures.
    if (!ownName && !BUDGET_VALUE_ROLES.some((role) => cell(role) !== null)) return;
    const label = b.label ? b.label.text.replace(/[（(][^)）]*[)）]/g, '').trim() : '';
    const name = ownName || label;
    if (!name) return;
    const headerUnit =
      BUDGET_AMOUNT_ROLES.map((role) => columnUnit(headerSlots, columns[role])).find(Boolean) ??
      headerSlots.filter((slot) => slot.id !== b.label?.id).map((slot) => statedMoneyUnit(slot.text)).find(Boolean);
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
    const stated = isPlaceholder(text('target_adjusted')) ? text('target') : text('target_adjusted');
    const target = joinTargetParts([text('target_op'), stated, text('target_unit')]);
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
      weight: columns.weight !== undefined ? orNull(text('weight')) : quotaOf(name ?? ''),
      score: orNull(text('score')),
      deviation: orNull(text('deviation')),
      page: pageOf(row, columns.name),
      table: context.index,
      ...withRowConfidence(grid, row),
    });
  };

  for (let row = 0; row < grid.height; row++) {
    const indicatorColumns = nameFromDeepestLevel(rowRoles(grid, row, indicatorRoleOfSlot));
    const budgetColumns = rowRoles(grid, row, budgetRoleOfSlot);
    const header = isIndicatorHeader(indicatorColumns)
      ? startBlock(grid, row, 'indicators', indicatorColumns)
      : isBudgetHeader(budgetColumns)
        ? startBlock(grid, row, 'budget', budgetColumns)
        : null;
    if (header) {
      headersFound += 1;
      // A header over two rows: the second row refines the first one's columns.
      if (block && block.kind === header.kind && lastHeaderRow === row - 1) {
        header.columns = { ...block.columns, ...header.columns };
      } else headerSlots = row - 1 > lastDataRow ? [...rowSlots(grid, row - 1)] : [];
      headerSlots.push(...rowSlots(grid, row));
      block = header;
      lastHeaderRow = row;
      previousGroups = {};
      if (block.kind === 'indicators') lastIndicatorBlock = block as Block<IndicatorRole>;
      continue;
    }
    if (block && row <= block.lastRow) {
      lastDataRow = row;
      if (block.kind === 'budget') readBudgetRow(row, block as Block<BudgetRole>);
      else readIndicatorRow(row, block as Block<IndicatorRole>);
      continue;
    }
    block = null;
    if (!readTotal(row, lastIndicatorBlock?.columns.score)) readFields(row);
  }

  const kind = indicatorRows.length ? 'indicators' : budgetRows.length ? 'budget' : Object.keys(fields).length ? 'form' : 'other';
  return {
    warning: headersFound ? null : unmappedTableWarning(grid, table, context.index, keyOf),
    summary: {
      index: context.index,
      kind,
      page: table.page,
      label: table.label,
      project: fields.project ?? context.project ?? null,
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
