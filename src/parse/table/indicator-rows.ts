/**
 * Stage 5b: an indicator block's rows. Each data row gives an indicator's name, target (where a
 * template splits it, 指标性质 | 指标值 | 度量单位 joined), actual, points and deviation as printed,
 * and its own group cells (一级指标 …), which fill-down completes. A total row (总分) gives the
 * table's total score instead.
 */
import { GROUP_ROLES, type GroupRole, type IndicatorRole, type Vocabulary } from '../../vocabulary/index.js';
import { NOT_A_TARGET_PART, SCORE_QUOTA } from '../../vocabulary/quotas.js';
import type { RawIndicatorRow } from '../schema.js';
import { isPlaceholder } from '../text.js';
import type { IndicatorBlock } from './blocks.js';
import { pageOf, slotText, type TableGrid } from './grid.js';
import { totalRow, type TotalRow } from './loose-rows.js';
import { dropped, kept, locationsOf, orNull, spansValueColumns, withRowConfidence, type RowContext, type RowOutcome } from './rows.js';

/** An indicator row before fill-down: its group cells as printed, empty where the cell is. */
export interface IndicatorRowRead {
  ownGroups: Partial<Record<GroupRole, string>>;
  row: Omit<RawIndicatorRow, GroupRole>;
}

/** An indicator row, or a total row read inside the block. */
export type IndicatorOutcome = RowOutcome<IndicatorRowRead> & { total?: TotalRow };

const meaningful = (text: string) => (NOT_A_TARGET_PART.test(text.trim()) ? '' : text.trim());

function joinTargetParts(parts: string[]): string | null {
  const kept = parts.map(meaningful).filter(Boolean);
  return kept.length ? kept.join('') : null;
}

/** The points a label states at its end: 相关性（5分） → 5. */
export function quotaOf(label: string): string | null {
  return SCORE_QUOTA.exec(label)?.[1] ?? null;
}

function readIndicatorRow(grid: TableGrid, row: number, block: IndicatorBlock, context: RowContext): RowOutcome<IndicatorRowRead> {
  const { columns } = block;
  const text = (role: IndicatorRole) => slotText(grid, row, columns[role]);
  const ownGroups: Partial<Record<GroupRole, string>> = {};
  for (const role of GROUP_ROLES) if (columns[role] !== undefined) ownGroups[role] = text(role);
  const statedRole = isPlaceholder(text('target_adjusted')) ? 'target' : 'target_adjusted';
  const targetParts = (['target_op', statedRole, 'target_unit'] as const).filter((role) => meaningful(text(role)));
  const target = joinTargetParts(targetParts.map(text));
  const actual = orNull(text('actual'));
  const name = orNull(text('name'));
  if (!name && !target && !actual) return dropped(row, 'no name, target or actual');
  return kept(row, {
    ownGroups,
    row: {
      name,
      target,
      targetUnit: orNull(meaningful(text('target_unit'))),
      actual,
      weight: columns.weight !== undefined ? orNull(text('weight')) : quotaOf(name ?? ''),
      score: orNull(text('score')),
      deviation: orNull(text('deviation')),
      page: pageOf(grid, row, columns.name),
      table: context.table,
      cells: locationsOf(grid, row, {
        target: targetParts.map((role) => columns[role]),
        actual: [columns.actual],
        // Points stated at the end of the name (相关性（5分）) were read from the name's cell.
        weight: [columns.weight ?? columns.name],
        score: [columns.score],
      }),
      ...withRowConfidence(grid, row),
    },
  });
}

export function readIndicatorRows(grid: TableGrid, block: IndicatorBlock, context: RowContext, vocabulary: Vocabulary): IndicatorOutcome[] {
  const { columns } = block;
  return block.rows.map((row) => {
    const total = totalRow(grid, row, columns.score, vocabulary);
    if (spansValueColumns(grid, row, columns.name, [columns.target, columns.actual])) {
      return { ...dropped(row, 'its name cell spans the target and actual: a caption or a total'), ...(total ? { total } : {}) };
    }
    if (total) return { ...dropped(row, 'a total row'), total };
    return readIndicatorRow(grid, row, block, context);
  });
}
