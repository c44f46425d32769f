/** Document → parsed report: metadata plus every table's rows sorted into roles. */
import type { Block, Document } from '../extract/model.js';
import { reportMetadata } from './metadata.js';
import type { ParsedDocument } from './schema.js';
import { documentToSections } from './sections.js';
import { locateCells } from './locate.js';
import { stitchContinuedTables } from './stitch.js';
import { readTable, type TableReading } from './table/index.js';
import { statedMoneyUnit } from './text.js';
import { anyOf, perVocabulary } from './words.js';
import { DEFAULT_VOCABULARY, type Vocabulary } from '../vocabulary/index.js';

/** How many paragraphs above a table may state its unit (单位：万元). */
const UNIT_LOOKBACK = 2;

/** How many paragraphs above a table may name its project (项目名称：…). */
const PROJECT_LOOKBACK = 3;

/** A line naming the project with one of the form's project labels: 项目名称：就业补助资金. */
const projectLine = perVocabulary(({ formFields }) => new RegExp(`(?:${anyOf(formFields.project)})\\s*[:：]\\s*([^\\s，,。；;：:]{2,40})`));

/** The paragraphs right above a table, nearest first. */
function paragraphsAbove(blocks: readonly Block[], tableIndex: number, count: number): string[] {
  const texts: string[] = [];
  for (let i = tableIndex - 1; i >= 0 && texts.length < count; i--) {
    const block = blocks[i];
    if (block.kind !== 'paragraph') break;
    texts.push(block.text);
  }
  return texts;
}

function unitAbove(blocks: readonly Block[], tableIndex: number): string | null {
  const line = paragraphsAbove(blocks, tableIndex, UNIT_LOOKBACK).find((text) => /单位/.test(text));
  return line ? statedMoneyUnit(line) : null;
}

function projectAbove(blocks: readonly Block[], tableIndex: number, vocabulary: Vocabulary): string | null {
  for (const text of paragraphsAbove(blocks, tableIndex, PROJECT_LOOKBACK)) {
    const named = projectLine(vocabulary).exec(text);
    if (named) return named[1];
  }
  return null;
}

/** Every table of the document after stitching, read stage by stage. */
export function readTables(blocks: readonly Block[], vocabulary: Vocabulary = DEFAULT_VOCABULARY): TableReading[] {
  const readings: TableReading[] = [];
  blocks.forEach((block, i) => {
    if (block.kind === 'table') {
      readings.push(readTable(block, { index: readings.length, moneyUnit: unitAbove(blocks, i), project: projectAbove(blocks, i, vocabulary) }, vocabulary));
    }
  });
  return readings;
}

/** The blocks parsing reads: every table cell located in the document, tables continued over pages stitched. */
export function blocksToRead(blocks: readonly Block[]): Block[] {
  return stitchContinuedTables(locateCells(blocks));
}

export function parseDocument(doc: Document, vocabulary: Vocabulary = DEFAULT_VOCABULARY): ParsedDocument {
  const blocks = blocksToRead(doc.blocks);
  const parses = readTables(blocks, vocabulary);
  const firstForm = parses.find((p) => p.fields.project) ?? parses.find((p) => Object.keys(p.fields).length);
  const budgetRows = parses.flatMap((p) => p.budgetRows);
  const indicatorRows = parses.flatMap((p) => p.indicatorRows);
  const report = reportMetadata({
    doc,
    fields: firstForm?.fields ?? {},
    formTotalScore: firstForm?.totalScore ?? null,
    hasRows: budgetRows.length + indicatorRows.length > 0,
    vocabulary,
  });
  const warnings = parses.flatMap((p) => (p.warning ? [p.warning] : []));
  return { report, budgetRows, indicatorRows, tables: parses.map((p) => p.summary), sections: documentToSections(blocks), warnings };
}
