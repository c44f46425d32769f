/**
 * Plain-text dumps. Their layout: a table cell is a line that starts with a tab, the cells of one
 * row are consecutive such lines, and a blank line ends a row. Every other non-blank line is a
 * paragraph.
 */
import { decodeText } from './decode.js';
import { cell, paragraph, table, type Block, type Cell, type Document } from './model.js';

const CELL_LINE = /^\t/;

/** The row length most rows have: the table's real width. */
function usualWidth(rows: string[][]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
}

/**
 * Rows → cells. A row cut by a page break arrives as two short rows whose lengths add up to the
 * table's width: they are joined. Other short rows are padded at the front, where a dump leaves
 * out the cells a merged cell above covers.
 */
function rowsToCells(rows: string[][]): Cell[][] {
  const width = usualWidth(rows);
  const joined: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const next = rows[i + 1];
    if (rows[i].length < width && next && rows[i].length + next.length === width) {
      joined.push([...rows[i], ...next]);
      i += 1;
    } else joined.push(rows[i]);
  }
  const widest = Math.max(...joined.map((r) => r.length));
  return joined.map((r) => [...Array(widest - r.length).fill(''), ...r].map((text) => cell(text)));
}

export function textToDocument(text: string): Document {
  const blocks: Block[] = [];
  let rows: string[][] = [];
  let row: string[] = [];
  const endRow = () => {
    if (row.length) rows.push(row);
    row = [];
  };
  const endTable = () => {
    endRow();
    if (rows.length) blocks.push(table(rowsToCells(rows)));
    rows = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (CELL_LINE.test(line)) row.push(line.slice(1).trim());
    else if (line.trim() === '') endRow();
    else {
      endTable();
      blocks.push(paragraph(line.trim()));
    }
  }
  endTable();
  return { format: 'txt', pages: null, declaredTitle: null, blocks };
}

export function extractTxt(bytes: Uint8Array): Document {
  return textToDocument(decodeText(bytes));
}
