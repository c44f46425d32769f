/**
 * The events inside an HTML table that holds no other table → its rows of cells.
 *
 * A table's rows are its <tr>s that no other <tr> of it holds; a row's cells are the <td>s and <th>s
 * directly in it (text elsewhere in a table is not in a cell and not read). A cell's text keeps its
 * paragraphs and <br>s as line breaks.
 */
import { cell, type Cell } from './model.js';
import { squeeze, type Attributes } from './html-events.js';

/** Elements that end a line of text (in a cell) or a paragraph (on the page). */
export const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'aside',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'center',
  'body',
  'html',
  'hr',
  'figure',
  'figcaption',
  'caption',
]);
const CELL_TAGS = new Set(['td', 'th']);
/** A span past this is a damaged attribute, not a table 1,000 columns wide. */
const MAX_SPAN = 1000;

function spanAttribute(value: string | undefined): number {
  const n = Number.parseInt(value ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** The text of one cell as its events pass: lines broken at <br> and around block elements. */
class CellText {
  private readonly lines: string[] = [];
  private line = '';
  /** Whether the element opened is a block, whose close ends a line. */
  open(name: string): boolean {
    if (name === 'br') this.endLine();
    else if (BLOCK_TAGS.has(name)) {
      if (this.line.trim()) this.endLine();
      return true;
    }
    return false;
  }
  text(data: string): void {
    this.line += data;
  }
  endLine(): void {
    this.lines.push(this.line);
    this.line = '';
  }
  finish(): string {
    this.endLine();
    return this.lines.map(squeeze).filter(Boolean).join('\n');
  }
}

type Role = 'row' | 'cell' | 'block in cell' | 'other';

/** Rows of one table, built as the events between its <table> and </table> pass. */
export class TableRows {
  readonly rows: Cell[][] = [];
  private readonly open: Role[] = [];
  private row: Cell[] | null = null;
  private cell: { cell: Cell; text: CellText } | null = null;

  openElement(name: string, attributes: Attributes): void {
    this.open.push(this.roleOf(name, attributes));
  }

  private roleOf(name: string, attributes: Attributes): Role {
    if (this.cell) return this.cell.text.open(name) ? 'block in cell' : 'other';
    if (!this.row) {
      if (name !== 'tr') return 'other';
      this.row = [];
      this.rows.push(this.row);
      return 'row';
    }
    if (this.open.at(-1) !== 'row' || !CELL_TAGS.has(name)) return 'other';
    this.cell = { cell: cell('', spanAttribute(attributes.rowspan), spanAttribute(attributes.colspan)), text: new CellText() };
    this.row.push(this.cell.cell);
    return 'cell';
  }

  text(data: string): void {
    this.cell?.text.text(data);
  }

  closeElement(): void {
    const role = this.open.pop();
    if (role === 'row') this.row = null;
    else if (role === 'block in cell') this.cell!.text.endLine();
    else if (role === 'cell') {
      this.cell!.cell.text = this.cell!.text.finish();
      this.cell = null;
    }
  }
}
