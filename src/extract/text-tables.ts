/**
 * Tables printed as text with `|` between cells: Markdown tables, and the looser renderings that text
 * views of web pages and other document tools print. In a loose rendering each `|` closes a cell
 * (`a | b |`, empty cells as runs of bars `| ||`), a row goes on over several lines when the renderer
 * breaks it (every line ends in `|` until the row has all its cells), a line that does not end in `|`
 * ends inside a cell whose text wraps onto the next line, and a row under a merged cell is printed
 * without the cells the merged cell covers, padded at its end with empty cells to the table's width
 * (or cut short where an opening ends).
 */
import { cell, type Cell } from './model.js';

const BAR = '|';
/** A cell border: a bar that Markdown has not escaped (\\| is a bar inside a cell). */
const BORDER = /(?<!\\)\|/;
/** A line break Markdown writers print inside a cell. */
const BREAK_TAG = /<br\s*\/?>/gi;
/** A Markdown header rule: | --- | :---: |. */
const MARKDOWN_RULE = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;
/** White space between two Chinese characters inside a cell: where the page broke the cell's line. */
const WRAP_SPACE = /(?<=[\u3400-\u9fff])[\s\u00a0\u3000]+(?=[\u3400-\u9fff])/g;
/** A cell that states a figure: 3, 97.5, 96%, 5分. */
const FIGURE = /^[-+]?\d+(?:\.\d+)?\s*(?:%|％|分)?$/;

/** A line that belongs to a text table: it has a cell border. */
export function isPipeLine(line: string): boolean {
  return line.includes(BAR);
}

/** One printed line's cells; `open` when the line stops inside its last cell (no closing bar). */
interface LineCells {
  cells: string[];
  open: boolean;
  /** The line's first cell goes on from the previous line's open cell. */
  continues: boolean;
}

/** One line's cells. A Markdown row is whole on its line, with or without its outer bars. */
function splitLine(line: string, continues: boolean, markdown: boolean): LineCells {
  const text = line.trim();
  if (!text.includes(BAR)) return { cells: [text], open: !markdown, continues };
  let parts = text.split(BORDER);
  // A row that opens with a bar has nothing before it.
  if (text.startsWith(BAR) && !continues) parts = parts.slice(1);
  if (text.endsWith(BAR)) parts = parts.slice(0, -1);
  return { cells: parts.map((p) => p.trim()), open: !markdown && !text.endsWith(BAR), continues };
}

/** Cell text as printed, a wrap between Chinese characters kept as the line break it stands for. */
function cellText(text: string): string {
  return text.replace(BREAK_TAG, '\n').replace(/\\\|/g, BAR).replace(WRAP_SPACE, '\n');
}

/** Printed lines → rows of cell texts, a row assembled until it has `width` cells. */
function assembleRows(lines: LineCells[], width: number, oneRowPerLine: boolean): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let open = false;
  for (const line of lines) {
    const cells = [...line.cells];
    if (open && line.continues) {
      row[row.length - 1] = `${row[row.length - 1]}\n${cells.shift() ?? ''}`.trim();
    } else if (row.length && (oneRowPerLine || row.length + cells.length > width)) {
      // The row printed so far is short (cut, or its line ends the row): a new row starts here.
      rows.push(row);
      row = [];
    }
    row.push(...cells);
    open = line.open;
    if (!open && row.length >= width) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

type Kind = 'figure' | 'text' | null;

function kindOf(text: string): Kind {
  if (!text) return null;
  return FIGURE.test(text) ? 'figure' : 'text';
}

/** Each column's usual kind of content, from the full-width rows that hold a figure (data rows, not headers). */
function columnKinds(rows: string[][], width: number): Kind[] {
  const kinds: Kind[] = [];
  const dataRows = rows.filter((r) => r.length === width && r[width - 1] !== '' && r.some((t) => kindOf(t) === 'figure'));
  for (let col = 0; col < width; col++) {
    let figures = 0;
    let texts = 0;
    for (const r of dataRows) {
      const kind = kindOf(r[col]);
      if (kind === 'figure') figures++;
      else if (kind === 'text') texts++;
    }
    kinds.push(figures > texts ? 'figure' : texts > figures ? 'text' : null);
  }
  return kinds;
}

/** Where a short row's missing cells are: `size` of them left out at `at`, the rest missing at its end. */
interface Gap {
  at: number;
  size: number;
}

/**
 * Where a short row's missing cells are: the gap (cells a merged cell above covers) whose placing puts
 * figures under figure columns and text under text columns best, any cells it does not account for
 * missing at the row's end (a row cut off). As printed (all missing at the end) among equals.
 */
function gapOf(content: string[], missing: number, kinds: Kind[]): Gap {
  const agreement = ({ at, size }: Gap) =>
    content.reduce((sum, text, i) => {
      const kind = kindOf(text);
      return sum + (kind !== null && kind === kinds[i < at ? i : i + size] ? 1 : 0);
    }, 0);
  let best: Gap = { at: content.length, size: 0 };
  let bestScore = agreement(best);
  for (let size = missing; size >= 1; size--) {
    for (let at = 0; at < content.length; at++) {
      const score = agreement({ at, size });
      if (score > bestScore) [best, bestScore] = [{ at, size }, score];
    }
  }
  return best;
}

/**
 * Rows of cell texts → the document's cells. In a rendering that `leavesOutMerged`, a row whose
 * missing cells belong inside it leaves them out, and the cells above that cover them reach down one
 * more row (rowSpan), as a merged cell would.
 */
function placeRows(rows: string[][], width: number, leavesOutMerged: boolean): Cell[][] {
  const kinds = columnKinds(rows, width);
  /** The cell that covers each column in the latest row. */
  const covering: (Cell | undefined)[] = Array(width).fill(undefined);
  return rows.map((texts, r) => {
    let contentLength = texts.length;
    while (contentLength > 0 && texts[contentLength - 1] === '') contentLength--;
    const content = texts.slice(0, contentLength);
    const missing = width - contentLength;
    const { at: gapAt, size: gapSize } = leavesOutMerged && r > 0 && missing > 0 ? gapOf(content, missing, kinds) : { at: contentLength, size: 0 };
    if (gapSize === 0) {
      const cells = texts.map((text) => cell(cellText(text)));
      cells.forEach((c, col) => (covering[col] = c));
      covering.fill(undefined, cells.length);
      return cells;
    }
    const extended = new Set<Cell>();
    for (let col = gapAt; col < gapAt + gapSize; col++) {
      const above = covering[col];
      if (above && !extended.has(above)) {
        above.rowSpan += 1;
        extended.add(above);
      }
    }
    const cells = content.map((text) => cell(cellText(text)));
    cells.forEach((c, i) => (covering[i < gapAt ? i : i + gapSize] = c));
    // Columns a cut row does not reach have no cell for the rows below to extend.
    covering.fill(undefined, contentLength + gapSize);
    return cells;
  });
}

export interface PipeTable {
  rows: Cell[][];
  /** The last row has fewer cells than the table is wide: the text after it may go on with its next cell. */
  lastRowShort: boolean;
}

/**
 * The printed lines of one text table → its rows, or null when they do not make a table (fewer than
 * two rows, or one column): a lone line with bars is a paragraph.
 */
export function readPipeTable(printed: string[]): PipeTable | null {
  const markdown = printed.some((line) => MARKDOWN_RULE.test(line.trim()));
  const lines: LineCells[] = [];
  let open = false;
  for (const line of printed) {
    if (!line.trim() || MARKDOWN_RULE.test(line.trim())) continue;
    const split = splitLine(line, open, markdown);
    if (split.cells.length === 0) continue;
    lines.push(split);
    open = split.open;
  }
  const width = Math.max(0, ...lines.map((l) => l.cells.length));
  if (width < 2) return null;
  const rows = assembleRows(lines, width, markdown).filter((r) => r.some((t) => t !== ''));
  if (rows.length < 2) return null;
  // A Markdown row is whole as printed (a merged cell's rows repeat it or leave it empty).
  return { rows: placeRows(rows, width, !markdown), lastRowShort: rows[rows.length - 1].length < width };
}
