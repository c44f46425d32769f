/**
 * Stage 4a: the rows in no block. A loose row is a total (总分 | 95), a row of form fields (项目名称 |
 * 就业补助 | 主管部门 | 人社局), possibly stating the table's money unit (单位：万元), or nothing jixiao reads.
 */
import type { FormField, Vocabulary } from '../../vocabulary/index.js';
import { statedMoneyUnit } from '../text.js';
import type { Block } from './blocks.js';
import { keyOf, slotText, type TableGrid } from './grid.js';

/** A total row: its points, from the score column of the indicator block above, else its last cell. */
export interface TotalRow {
  kind: 'total';
  row: number;
  score: string;
}
export interface FieldRow {
  kind: 'fields';
  row: number;
  /** Labelled values in reading order: a label cell, then its value cell. */
  fields: { field: FormField; value: string }[];
  /** The money unit a cell states (单位：万元). */
  unit: string | null;
}
export type LooseRow = TotalRow | FieldRow;

/** A total row's points, or null when the row is no total (its first cell is no total word). */
export function totalRow(grid: TableGrid, row: number, scoreColumn: number | undefined, vocabulary: Vocabulary): TotalRow | null {
  const slots = grid.rows[row];
  if (!slots.length || !vocabulary.isTotal('score', keyOf(grid, slots[0]))) return null;
  const score = scoreColumn !== undefined ? slotText(grid, row, scoreColumn) : slots[slots.length - 1].text;
  return { kind: 'total', row, score };
}

function fieldRow(grid: TableGrid, row: number, vocabulary: Vocabulary): FieldRow {
  const slots = grid.rows[row];
  const fields: FieldRow['fields'] = [];
  let unit: string | null = null;
  slots.forEach((slot, i) => {
    const field = vocabulary.fieldOf(keyOf(grid, slot));
    const next = slots[i + 1];
    if (field && next && !vocabulary.fieldOf(keyOf(grid, next)) && next.text) fields.push({ field, value: next.text });
    unit ??= /单位/.test(slot.text) ? statedMoneyUnit(slot.text) : null;
  });
  return { kind: 'fields', row, fields, unit };
}

/** The score column of the last indicator block that starts above the row. */
function scoreColumnAbove(blocks: readonly Block[], row: number): number | undefined {
  let column: number | undefined;
  for (const block of blocks) if (block.kind === 'indicators' && block.headers[0].row < row) column = block.columns.score;
  return column;
}

export function readLooseRows(grid: TableGrid, rows: readonly number[], blocks: readonly Block[], vocabulary: Vocabulary): LooseRow[] {
  return rows.map((row) => totalRow(grid, row, scoreColumnAbove(blocks, row), vocabulary) ?? fieldRow(grid, row, vocabulary));
}
