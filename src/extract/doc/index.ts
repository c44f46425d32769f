/**
 * Legacy Word (.doc, and .wps in the same format) → document. Tables are rebuilt with their merged
 * cells: a cell's column span comes from its boundaries against every boundary the table uses, and
 * a vertically merged cell continues the cell above it.
 */
import { UnreadableFileError } from '../errors.js';
import { paragraph, table, type Block, type Document } from '../model.js';
import { appendLine, placedRowsToCells, type PlacedCell } from '../placed.js';
import { sniffContainer } from '../sniff.js';
import type { UnpackLimits } from '../unpack/index.js';
import { readDocParagraphs, type DocParagraph, type RowDefinition } from './binary.js';

/** Boundaries closer than this (twips, 1/20 pt) are one column edge. */
export const BOUNDARY_TOLERANCE = 30;

/** Vertical merge flags (TCGRF.vertMerge): this cell continues the one above. */
const CONTINUES_ABOVE = 1;
/** Horizontal merge flags 2 and 3: this cell continues the one on its left. */
const CONTINUES_LEFT = 2;

interface RawRow {
  texts: string[];
  definition: RowDefinition | null;
}

function columnEdges(rows: RawRow[]): number[] {
  const all = rows.flatMap((r) => r.definition?.boundaries ?? []).sort((a, b) => a - b);
  const edges: number[] = [];
  for (const x of all) if (!edges.length || x - edges[edges.length - 1] > BOUNDARY_TOLERANCE) edges.push(x);
  return edges;
}

function edgeIndex(edges: number[], x: number): number {
  let best = 0;
  for (let i = 1; i < edges.length; i++) if (Math.abs(edges[i] - x) < Math.abs(edges[best] - x)) best = i;
  return best;
}

/** Raw rows → placed cells: columns from the cell boundaries against every boundary the table uses. */
function placeRows(rows: RawRow[]): PlacedCell[][] {
  const edges = columnEdges(rows);
  return rows.map(({ texts, definition }) => {
    const placed: PlacedCell[] = [];
    let column = 0;
    texts.forEach((text, i) => {
      const bounds = definition?.boundaries;
      const flags = definition?.cells[i];
      const [start, end] = bounds && i + 1 < bounds.length ? [edgeIndex(edges, bounds[i]), edgeIndex(edges, bounds[i + 1])] : [column, column + 1];
      const span = Math.max(1, end - start);
      column = start + span;
      const previous = placed[placed.length - 1];
      if (flags && flags.horizontalMerge >= CONTINUES_LEFT && previous) {
        previous.span += span;
        appendLine(previous, text);
      } else placed.push({ text, column: start, span, continuesAbove: flags?.verticalMerge === CONTINUES_ABOVE });
    });
    return placed;
  });
}

/** Paragraphs → blocks: cell paragraphs gather into cells, cells into rows, rows into tables. */
function paragraphsToBlocks(paragraphs: DocParagraph[]): Block[] {
  const blocks: Block[] = [];
  let rows: RawRow[] = [];
  let cellsOfRow: string[] = [];
  let linesOfCell: string[] = [];
  const endTable = () => {
    if (rows.length) blocks.push(table(placedRowsToCells(placeRows(rows)), null, `table ${blocks.filter((b) => b.kind === 'table').length + 1}`));
    rows = [];
  };
  for (const p of paragraphs) {
    if (!p.inTable) {
      endTable();
      const text = p.text.trim();
      if (text) blocks.push(paragraph(text));
      continue;
    }
    if (p.depth > 1) {
      // A table inside a cell is read as that cell's text.
      if (p.text.trim()) linesOfCell.push(p.text.trim());
      continue;
    }
    if (p.endsRow) {
      rows.push({ texts: cellsOfRow, definition: p.row });
      cellsOfRow = [];
      linesOfCell = [];
      continue;
    }
    linesOfCell.push(p.text.trim());
    if (p.endsCell) {
      cellsOfRow.push(linesOfCell.filter(Boolean).join('\n'));
      linesOfCell = [];
    }
  }
  endTable();
  return blocks;
}

export function extractDoc(bytes: Uint8Array, limits: UnpackLimits): Document {
  const container = sniffContainer(bytes);
  if (container === 'zip') throw new UnreadableFileError('not a Word .doc file: it is a ZIP container (a .docx named .doc?)');
  if (container !== 'ole') throw new UnreadableFileError('not a Word .doc file (damaged, or the extension is wrong)');
  return { format: 'doc', pages: null, declaredTitle: null, blocks: paragraphsToBlocks(readDocParagraphs(bytes, limits)) };
}
