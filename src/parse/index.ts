/** Document → parsed report: metadata plus every table's rows sorted into roles. */
import type { Block, Document } from '../extract/model.js';
import { reportMetadata } from './metadata.js';
import type { ParsedDocument } from './schema.js';
import { stitchContinuedTables } from './stitch.js';
import { parseTable, type TableParse } from './table.js';
import { statedMoneyUnit } from './text.js';

/** How many paragraphs above a table may state its unit (单位：万元). */
const UNIT_LOOKBACK = 2;

function unitAbove(blocks: Block[], tableIndex: number): string | null {
  for (let i = tableIndex - 1; i >= 0 && i >= tableIndex - UNIT_LOOKBACK; i--) {
    const block = blocks[i];
    if (block.kind !== 'paragraph') break;
    if (/单位/.test(block.text)) return statedMoneyUnit(block.text);
  }
  return null;
}

export function parseDocument(doc: Document): ParsedDocument {
  const blocks = stitchContinuedTables(doc.blocks);
  const parses: TableParse[] = [];
  blocks.forEach((block, i) => {
    if (block.kind === 'table') parses.push(parseTable(block, { index: parses.length, moneyUnit: unitAbove(blocks, i) }));
  });
  const firstForm = parses.find((p) => p.fields.project) ?? parses.find((p) => Object.keys(p.fields).length);
  const budgetRows = parses.flatMap((p) => p.budgetRows);
  const indicatorRows = parses.flatMap((p) => p.indicatorRows);
  const report = reportMetadata({
    doc,
    fields: firstForm?.fields ?? {},
    formTotalScore: firstForm?.totalScore ?? null,
    hasRows: budgetRows.length + indicatorRows.length > 0,
  });
  return { report, budgetRows, indicatorRows, tables: parses.map((p) => p.summary) };
}
