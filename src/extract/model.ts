/**
 * The format-neutral document every extractor produces and every later stage reads.
 *
 * A document is a flat list of blocks in reading order: paragraphs and tables. A table lists its
 * rows as the source lays them out (like HTML): each row holds only the cells that start in it,
 * and a merged cell says how far it reaches with rowSpan/colSpan. Pages are 1-based and null where
 * the format has no pages (HTML, DOCX, text).
 */
import { z } from 'zod';

export const FORMATS = ['pdf', 'docx', 'doc', 'html', 'txt', 'xlsx', 'xls'] as const;
export const FormatSchema = z.enum(FORMATS);
export type Format = z.infer<typeof FormatSchema>;

const PageSchema = z.number().int().positive().nullable();

/** x0, y0, x1, y1 as fractions of the page (0–1), origin top-left, as DocumentCloud stores notes. */
export const BoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Box = z.infer<typeof BoxSchema>;

/**
 * Where a cell is in its file, in the terms a reader of that file uses: page and box on a PDF or a
 * scan, sheet and cell reference (the top-left cell of a merged range; a range E7:G7 for a value read
 * from several cells) in a workbook, table, row and column (0-based, the column as the grid counts
 * it) for formats without pages.
 */
export const CellLocationSchema = z.union([
  z.object({ page: z.number().int().positive(), box: BoxSchema }).strict(),
  z.object({ sheet: z.string(), ref: z.string() }).strict(),
  z
    .object({
      table: z.number().int().nonnegative(),
      row: z.number().int().nonnegative(),
      col: z.number().int().nonnegative(),
      /** A value read from several cells of the row: the grid columns from `col` to the last cell's. */
      cols: z.number().int().min(2).optional(),
    })
    .strict(),
]);
export type CellLocation = z.infer<typeof CellLocationSchema>;

export const CellSchema = z.object({
  text: z.string(),
  rowSpan: z.number().int().positive(),
  colSpan: z.number().int().positive(),
  page: PageSchema,
  /** For text read from an image (OCR): the lowest confidence (0–1) among the cell's characters. */
  confidence: z.number().min(0).max(1).optional(),
  /**
   * Where the cell is, set by readers that know (PDF and OCR: page and box; workbooks: sheet and
   * ref); parsing gives the other cells their table, row and column.
   */
  at: CellLocationSchema.optional(),
});
export type Cell = z.infer<typeof CellSchema>;

export const ParagraphSchema = z.object({
  kind: z.literal('paragraph'),
  text: z.string(),
  page: PageSchema,
  /** A heading the source marks as such (HTML h1–h3, a bold stand-alone line): a title candidate. */
  heading: z.boolean(),
});
export type Paragraph = z.infer<typeof ParagraphSchema>;

export const TableSchema = z.object({
  kind: z.literal('table'),
  page: PageSchema,
  rows: z.array(z.array(CellSchema)),
  /** Where the table came from inside its file, for tracing (a sheet name, "table 3"). */
  label: z.string().nullable(),
});
export type Table = z.infer<typeof TableSchema>;

export const BlockSchema = z.discriminatedUnion('kind', [ParagraphSchema, TableSchema]);
export type Block = z.infer<typeof BlockSchema>;

export const DocumentSchema = z.object({
  format: FormatSchema,
  pages: z.number().int().nonnegative().nullable(),
  /** The title the container itself declares (HTML <title>, document properties), if any. */
  declaredTitle: z.string().nullable(),
  blocks: z.array(BlockSchema),
  /** Some of the text was read from page images (OCR). */
  ocr: z.boolean().optional(),
  /** Problems that did not stop the reading (a page whose image could not be decoded), one line each. */
  warnings: z.array(z.string()).optional(),
});
export type Document = z.infer<typeof DocumentSchema>;

export function paragraph(text: string, page: number | null = null, heading = false): Paragraph {
  return { kind: 'paragraph', text, page, heading };
}

export function cell(text: string, rowSpan = 1, colSpan = 1, page: number | null = null): Cell {
  return { text, rowSpan, colSpan, page };
}

export function table(rows: Cell[][], page: number | null = null, label: string | null = null): Table {
  return { kind: 'table', page, rows, label };
}

/** All text of a document in reading order, one block per line: what full-text search indexes. */
export function documentText(doc: Document): string {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'paragraph') lines.push(block.text);
    else for (const row of block.rows) lines.push(row.map((c) => c.text).join('\t'));
  }
  return lines.join('\n');
}
