/**
 * A page's events → blocks: paragraphs in reading order and the tables that hold data.
 *
 * Old government sites lay pages out with tables: a table that holds another table is layout, read
 * as paragraphs, and only a table that holds none is data. Whether a table holds another is known
 * only when one opens inside it or it closes, so a table's events are kept until then: as rows if
 * it closes, or read again as the page's flow if a table opens inside it. Either way the events kept
 * are those of one table, never of the page.
 */
import { BLOCK_TAGS, TableRows } from './html-table.js';
import { squeeze, type Attributes, type PageEvents } from './html-events.js';
import { paragraph, table, type Block } from './model.js';

/** Table parts end a paragraph of a layout table's text, as blocks do. */
const TABLE_PARTS = new Set(['tr', 'td', 'th', 'tbody', 'thead']);
const HEADING_TAGS = new Set(['h1', 'h2', 'h3']);

const endsParagraph = (name: string) => BLOCK_TAGS.has(name) || TABLE_PARTS.has(name);

type KeptEvent = { open: string; attributes: Attributes } | { text: string } | { close: string; boldThroughout: boolean };

/** A table not yet known to be data or layout: its rows so far, and its events to read again as layout. */
interface OpenTable {
  rows: TableRows;
  events: KeptEvent[];
  /** Elements open inside it, itself included. */
  depth: number;
}

/** Keeps only what a cell's spans need: a page's attributes can be large (inline images). */
function spansOf(name: string, attributes: Attributes): Attributes {
  if (name !== 'td' && name !== 'th') return {};
  const spans: Attributes = {};
  if (attributes.rowspan !== undefined) spans.rowspan = attributes.rowspan;
  if (attributes.colspan !== undefined) spans.colspan = attributes.colspan;
  return spans;
}

export class PageReading implements PageEvents {
  private readonly blocks: Block[] = [];
  private tables = 0;
  private paragraphText = '';
  private openTable: OpenTable | null = null;

  open(name: string, attributes: Attributes): void {
    const open = this.openTable;
    if (open && name !== 'table') {
      const spans = spansOf(name, attributes);
      open.depth += 1;
      open.rows.openElement(name, spans);
      open.events.push({ open: name, attributes: spans });
      return;
    }
    if (open) this.readAsLayout(open);
    if (name === 'table') {
      this.endParagraph();
      this.openTable = { rows: new TableRows(), events: [], depth: 1 };
    } else if (name === 'br' || endsParagraph(name)) this.endParagraph();
  }

  text(data: string): void {
    const open = this.openTable;
    if (!open) this.paragraphText += data;
    else {
      open.rows.text(data);
      open.events.push({ text: data });
    }
  }

  close(name: string, boldThroughout: boolean): void {
    const open = this.openTable;
    if (open) {
      open.depth -= 1;
      if (open.depth > 0) {
        open.rows.closeElement();
        open.events.push({ close: name, boldThroughout });
      } else {
        this.openTable = null;
        this.addTable(open.rows);
      }
    } else if (name === 'table') this.endParagraph();
    else if (endsParagraph(name)) this.endParagraph(HEADING_TAGS.has(name) || (name === 'p' && boldThroughout));
  }

  /** The blocks read, once the page has ended. */
  finish(): Block[] {
    this.endParagraph();
    return this.blocks;
  }

  /** A table found to hold another: what it held so far is read again as the page's flow. */
  private readAsLayout(open: OpenTable): void {
    this.openTable = null;
    for (const event of open.events) {
      if ('open' in event) this.open(event.open, event.attributes);
      else if ('text' in event) this.text(event.text);
      else this.close(event.close, event.boldThroughout);
    }
  }

  private addTable(rows: TableRows): void {
    if (!rows.rows.some((row) => row.length)) return;
    this.tables += 1;
    this.blocks.push(table(rows.rows, null, `table ${this.tables}`));
  }

  private endParagraph(heading = false): void {
    const text = squeeze(this.paragraphText);
    if (text) this.blocks.push(paragraph(text, null, heading));
    this.paragraphText = '';
  }
}
