/** How a value is shown in a table: numbers right-aligned, paths small, a value with a source links to it. */
import { html, type Html } from '../html.js';
import { kindLabel } from '../labels.js';
import type { Row } from '../../store/desk.js';

const NUMERIC = new Set([
  'year',
  'page',
  'initial_budget',
  'adjustment',
  'final_budget',
  'spent',
  'execution_rate',
  'execution_rate_computed',
  'unspent',
  'stated',
  'computed',
  'weight',
  'score',
  'copies',
  'indicators',
  'budget_lines',
  'other_page',
  'self_score',
]);
const LONG = new Set(['text', 'detail', 'deviation', 'warning', 'title', 'indicator', 'line', 'heading']);

/** Where a column's value was read, as a link to its source page; null when the row has no source for it. */
export function sourceLink(list: string, column: string, row: Row): string | null {
  if (list === 'missed_targets' && (column === 'target' || column === 'actual') && row.indicator_id !== null)
    return `/source/indicator/${row.indicator_id}/${column}`;
  const budget = ['initial_budget', 'adjustment', 'final_budget', 'spent', 'execution_rate'];
  if (list === 'budget_execution' && budget.includes(column) && row.budget_line_id !== null && row[column] !== null)
    return `/source/budget_line/${row.budget_line_id}/${column}`;
  return null;
}

/** The link a column's value leads to, if any: a source, or the report. */
function linkOf(list: string, column: string, row: Row): string | null {
  const source = sourceLink(list, column, row);
  if (source) return source;
  if ((column === 'path' || column === 'title') && row.report_id !== null && row.report_id !== undefined) return `/report/${row.report_id}`;
  if (column === 'other_path' && row.other_report_id !== null && row.other_report_id !== undefined) return `/report/${row.other_report_id}`;
  return null;
}

/** Text as shown: a kind in words, a flag as 是/否, anything else as stored (so a download says the same). */
export function shownValue(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column === 'kind') return kindLabel(value);
  if (column === 'chosen' || column === 'attachment') return value ? '是' : '';
  return String(value);
}

export function valueCell(list: string, column: string, row: Row): Html {
  const text = shownValue(column, row[column]);
  const link = text === '' ? null : linkOf(list, column, row);
  const cls = NUMERIC.has(column) ? 'num' : column.endsWith('path') ? 'path' : LONG.has(column) ? 'long' : '';
  return html`<td class="${cls}" data-column="${column}">${link ? html`<a href="${link}">${text}</a>` : text}</td>`;
}
