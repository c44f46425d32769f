/**
 * Plain-text dumps. Two table layouts: a table cell is a line that starts with a tab, the cells of one
 * row are consecutive such lines, and a blank line ends a row; or cells stand between `|` bars
 * (text-tables.ts). Every other non-blank line is a paragraph.
 */
import { decodeText } from './decode.js';
import { cell, paragraph, table, type Block, type Cell, type Document } from './model.js';
import { isPipeLine, readPipeTable, type PipeTable } from './text-tables.js';

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

/**
 * Where the text table whose lines run from `start` to `end` ends: lines with bars, a line without any
 * where a cell's text wrapped onto it (the line before stopped inside a cell), and blank lines between them.
 */
function pipeBlockEnd(lines: string[], start: number, end = start + 1): number {
  for (let i = end; i < lines.length; i++) {
    const line = lines[i];
    if (CELL_LINE.test(line)) break;
    if (isPipeLine(line)) end = i + 1;
    else if (line.trim() === '') continue;
    else if (i === end && !lines[end - 1].trim().endsWith('|')) end = i + 1;
    else break;
  }
  return end;
}

/**
 * The line at `from` is the start of a cell that the text's end cuts: the text's last line, bar-less,
 * stopping with no final line break (an opening cut off inside a table).
 */
function cutInCell(lines: string[], from: number): boolean {
  const line = lines[from];
  return from === lines.length - 1 && line.trim() !== '' && !CELL_LINE.test(line) && !isPipeLine(line);
}

/** A text table, or its lines as paragraphs where they do not make one. */
function pushTextTable(blocks: Block[], printed: string[], read: PipeTable | null): void {
  if (read) blocks.push(table(read.rows));
  else for (const line of printed) if (line.trim()) blocks.push(paragraph(line.trim()));
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
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (CELL_LINE.test(line)) row.push(line.slice(1).trim());
    else if (line.trim() === '') endRow();
    else if (isPipeLine(line)) {
      endTable();
      let end = pipeBlockEnd(lines, i);
      let read = readPipeTable(lines.slice(i, end));
      // A row short of cells where the text stops mid-line (an opening cut off) goes on with a cell cut short.
      while (read?.lastRowShort && cutInCell(lines, end)) {
        end = pipeBlockEnd(lines, i, end + 1);
        read = readPipeTable(lines.slice(i, end));
      }
      pushTextTable(blocks, lines.slice(i, end), read);
      i = end - 1;
    } else {
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
