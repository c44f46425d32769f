/**
 * `jixiao explain FILE [--table N]`: what each stage of table parsing saw and decided, table by
 * table: the grid, the header rows and the role each of their cells was given (with the synonym or
 * pattern that matched), the blocks and their kinds, the loose rows (form fields, totals), every
 * data row kept or dropped with the reason, and, for a table that gave no rows, why.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_EXTRACT_OPTIONS, extractFile } from '../extract/index.js';
import type { Document } from '../extract/model.js';
import { storedModelDocument } from '../ingest/read.js';
import { isPostgresLocation } from '../store/location.js';
import { storedModelWrite } from '../store/stored-model.js';
import { openDocumentStore, type DocumentStore } from '../store/store.js';
import { simplifyDocument } from '../normalize/simplify.js';
import { blocksToRead, readTables } from '../parse/index.js';
import type { Block, BlockRows, HeaderRow, LooseRow, TableGrid, TableReading } from '../parse/table/index.js';
import { DEFAULT_VOCABULARY, vocabularyWith, type Vocabulary } from '../vocabulary/index.js';
import { vocabularyAdditions, type VocabularyOption } from './vocabulary.js';

export interface ExplainOptions extends VocabularyOption {
  /** Only this table (1 for the first), as the warnings number them. */
  table?: number;
  /** False with --no-ocr. */
  ocr?: boolean;
  /** The database whose stored reading is explained when the file is not on this machine. */
  db?: string;
}

const CELL_WIDTH = 24;
const clip = (text: string) => (text.length > CELL_WIDTH ? `${text.slice(0, CELL_WIDTH - 1)}…` : text);
const rows = (list: readonly number[]) => (list.length ? (list.length === 1 ? `r${list[0]}` : `r${list[0]}–r${list[list.length - 1]}`) : 'none');
const section = (title: string, lines: string[]) => [`  ${title}`, ...(lines.length ? lines : ['none']).map((line) => `    ${line}`)];

/** Each row's cells left to right: ↑ where a cell merged from above continues, [rows×cols] on a merged cell. */
function gridLines(grid: TableGrid): string[] {
  return grid.rows.map((slots, r) => {
    const cells = slots.map((slot) => {
      if (slot.row < r) return '↑';
      const span = slot.rowSpan > 1 || slot.colSpan > 1 ? ` [${slot.rowSpan}×${slot.colSpan}]` : '';
      return `${slot.text ? clip(slot.text) : '·'}${span}`;
    });
    return `r${r} | ${cells.join(' | ')}`;
  });
}

function headerLine(grid: TableGrid, header: HeaderRow): string {
  const matches = Object.entries(header.matches).flatMap(([role, m]) => (m ? [{ role, ...m }] : []));
  const named = matches
    .sort((a, b) => a.slot.col - b.slot.col)
    .map(({ role, slot, match }) => {
      const how = match.synonym !== null ? `synonym ${match.synonym}` : `pattern ${match.pattern}`;
      const deepest = match.role !== role ? `, ${match.role} as the deepest level` : '';
      return `c${slot.col} ${clip(slot.text)} → ${role} (${how}${deepest})`;
    });
  const claimed = new Set(matches.map((m) => m.slot.id));
  const unnamed = grid.rows[header.row].filter((slot) => slot.row === header.row && slot.text && !claimed.has(slot.id)).map((slot) => clip(slot.text));
  return `r${header.row} ${header.kind}: ${named.join(' · ')}${unnamed.length ? `; no role: ${unnamed.join(', ')}` : ''}`;
}

function blockLine(block: Block): string {
  const columns = Object.entries(block.columns)
    .map(([role, col]) => `${role} c${col}`)
    .join(', ');
  const label = block.label ? `label ${clip(block.label.text)} to r${block.lastRow}` : `no label, to r${block.lastRow}`;
  return `${block.kind}: header ${rows(block.headers.map((h) => h.row))}, ${label}, data ${rows(block.rows)} (${block.rows.length}); columns ${columns}`;
}

function looseLine(loose: LooseRow): string {
  if (loose.kind === 'total') return `r${loose.row} total: score ${loose.score || '(empty)'}`;
  const read = [...loose.fields.map(({ field, value }) => `${field} = ${clip(value)}`), ...(loose.unit ? [`unit ${loose.unit}`] : [])];
  return `r${loose.row} ${read.length ? `fields: ${read.join(', ')}` : 'nothing read'}`;
}

const figures = (pairs: [string, string | null][]) =>
  pairs
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');

function rowLines(blockRows: BlockRows): string[] {
  if (blockRows.kind === 'budget') {
    return blockRows.outcomes.map((o) => {
      if (o.kind === 'dropped') return `r${o.row} dropped: ${o.reason}`;
      const r = o.record;
      const stated = figures([
        ['initial', r.initial_budget],
        ['adjustment', r.adjustment],
        ['final', r.final_budget],
        ['spent', r.spent],
        ['rate', r.execution_rate],
        ['weight', r.weight],
        ['score', r.score],
      ]);
      return `r${o.row} kept: ${r.name}${stated ? ` · ${stated}` : ''}${r.moneyUnit ? ` (in ${r.moneyUnit})` : ''}`;
    });
  }
  const filled = [...blockRows.filled];
  return blockRows.outcomes.map((o) => {
    if (o.kind === 'dropped') return `r${o.row} dropped: ${o.reason}${o.total ? ` (total score ${o.total.score || 'empty'})` : ''}`;
    const r = filled.shift()!;
    const path = [r.project, r.subproject, r.level1, r.category, r.name].filter(Boolean).join(' > ');
    const stated = figures([
      ['target', r.target],
      ['actual', r.actual],
      ['weight', r.weight],
      ['score', r.score],
    ]);
    return `r${o.row} kept: ${path}${stated ? ` · ${stated}` : ''}`;
  });
}

function tableLines(reading: TableReading): string[] {
  const { summary, grid } = reading;
  const counts = `${reading.indicatorRows.length} indicator rows, ${reading.budgetRows.length} budget lines`;
  const fields = Object.entries(reading.fields).map(([field, value]) => `${field} = ${value}`);
  return [
    `table ${summary.index + 1} · page ${summary.page ?? '-'} · ${grid.height} rows × ${grid.width} columns → ${summary.kind}: ${counts}`,
    ...section('grid', gridLines(grid)),
    ...section(
      'header rows',
      reading.headers.map((header) => headerLine(grid, header)),
    ),
    ...section('blocks', reading.layout.blocks.map(blockLine)),
    ...section('loose rows', reading.looseRows.map(looseLine)),
    ...section('rows', reading.blockRows.flatMap(rowLines)),
    ...section('form', [...fields, ...(reading.totalScore !== null ? [`total score ${reading.totalScore}`] : [])]),
    ...(reading.noRows ? [`  needs_review: ${reading.noRows.message}`] : []),
  ];
}

/** The explanation of a document's tables (all, or the one numbered `only`), as the parser reads them. */
export function explainDocument(document: Document, vocabulary: Vocabulary = DEFAULT_VOCABULARY, only?: number): string {
  const readings = readTables(blocksToRead(simplifyDocument(document).blocks), vocabulary);
  if (only !== undefined && !readings[only - 1]) throw new Error(`there is no table ${only}: the document has ${readings.length} table(s)`);
  const chosen = only === undefined ? readings : [readings[only - 1]];
  const head = `${document.format}, ${document.pages ?? '-'} pages, ${readings.length} tables after stitching`;
  return [head, ...chosen.flatMap((reading) => ['', ...tableLines(reading)])].join('\n');
}

/**
 * The document a stored reading holds, when `file` is no file here but a path or URL the database
 * holds (a crawled report, a database from another machine); null when it holds none. A database
 * that cannot be opened is no answer either, unless it was a server named on purpose.
 */
async function storedDocument(file: string, database: string): Promise<{ document: Document; note: string } | null> {
  let store: DocumentStore;
  try {
    store = await openDocumentStore(database, { readonly: true });
  } catch (error) {
    if (isPostgresLocation(database)) throw error;
    return null;
  }
  try {
    const stored = await store.read(() => storedModelWrite(file));
    if (!stored) return null;
    return {
      document: storedModelDocument(stored.model_json_gzip),
      note: `${file} is not a file here: its reading stored in ${store.name} (document ${stored.id})`,
    };
  } finally {
    await store.close();
  }
}

export async function runExplain(file: string, options: ExplainOptions): Promise<number> {
  const vocabulary = vocabularyWith(vocabularyAdditions(options));
  const stored = options.db && !existsSync(file) ? await storedDocument(file, options.db) : null;
  if (stored) process.stderr.write(`jixiao explain: ${stored.note}\n`);
  const document = stored?.document ?? (await extractFile(file, { ...DEFAULT_EXTRACT_OPTIONS, ocr: options.ocr !== false })).document;
  process.stdout.write(`${explainDocument(document, vocabulary, options.table)}\n`);
  return 0;
}
