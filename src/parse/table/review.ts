/**
 * Why a table gave no rows, in one line, for `jixiao explain`, and as the warning (the needs_review
 * view, a line on stderr) when no header of it could be mapped. A table whose header was mapped but
 * whose rows were all dropped (captions, totals, a second copy of a form) is not flagged: the forms
 * jixiao reads hold such tables. A table with nothing that reads like a header is simply not a table
 * of budget lines or indicators.
 */
import { HEADER_WORDS, type Vocabulary } from '../../vocabulary/index.js';
import type { TableWarning } from '../schema.js';
import { keyOf, type Slot, type TableGrid } from './grid.js';
import type { HeaderRow } from './headers.js';
import type { RowOutcome } from './rows.js';

/** Longer than this, a cell is prose, not a column header. */
const HEADER_CELL_MAX = 20;

/** The first row that reads like a header (two or more short cells naming 指标 or 预算). */
function headerLikeRow(grid: TableGrid): readonly Slot[] | null {
  const headerish = (slot: Slot) => slot.text.length <= HEADER_CELL_MAX && HEADER_WORDS.some((word) => keyOf(grid, slot).includes(word));
  return grid.rows.find((slots) => slots.filter(headerish).length >= 2) ?? null;
}

/** What each cell of a header-like row named, and which named nothing. */
function unmappedReason(grid: TableGrid, header: readonly Slot[], vocabulary: Vocabulary): string {
  const roleOf = (slot: Slot) => {
    const indicator = vocabulary.indicatorRoleOf(keyOf(grid, slot));
    const budget = indicator ? null : vocabulary.budgetRoleOf(keyOf(grid, slot));
    return indicator ? `indicator ${indicator.role}` : budget ? `budget ${budget.role}` : null;
  };
  const named = header.filter((slot) => slot.text && roleOf(slot)).map((slot) => `${slot.text} → ${roleOf(slot)}`);
  const unnamed = header.filter((slot) => slot.text && !roleOf(slot)).map((slot) => slot.text);
  return [
    'columns could not be mapped',
    ...(named.length ? [`read ${named.join(', ')}`] : []),
    ...(unnamed.length ? [`no role for ${unnamed.join(', ')}`] : []),
    'an indicator table needs a name beside a target, actual or points, a budget table two figures',
  ].join('; ');
}

/** Reasons rows were dropped, most frequent first: "3 × a total row, 1 × no name, target or actual". */
function droppedReasons(outcomes: readonly RowOutcome<unknown>[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) if (o.kind === 'dropped') counts.set(o.reason, (counts.get(o.reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} × ${reason}`)
    .join(', ');
}

/**
 * Why a table that looks like a table of budget lines or indicators gave no rows: no header could
 * be mapped, or one was and every row under it was dropped. Null when it gave rows, or when nothing
 * in it reads like such a table.
 */
export function noRowsReason(
  grid: TableGrid,
  index: number,
  headers: readonly HeaderRow[],
  outcomes: readonly RowOutcome<unknown>[],
  vocabulary: Vocabulary,
): TableWarning | null {
  if (outcomes.some((o) => o.kind === 'kept')) return null;
  const header = headers.length ? grid.rows[headers[0].row] : headerLikeRow(grid);
  if (!header) return null;
  const message = headers.length
    ? `a header was found but ${outcomes.length ? `every row under it was dropped: ${droppedReasons(outcomes)}` : 'no rows stand under it'}`
    : unmappedReason(grid, header, vocabulary);
  return {
    page: header.find((slot) => slot.page !== null)?.page ?? grid.page,
    table: index,
    header: header.map((slot) => slot.text).join(' | '),
    message,
  };
}
