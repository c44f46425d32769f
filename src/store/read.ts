/** Reading the store: full-text search and export of any table or view. */
import { stringify } from 'csv-stringify/sync';
import { toSimplified } from '../normalize/simplify.js';
import { foldForSearch } from './search-text.js';
import type { Store } from './db.js';

export interface SearchHit {
  path: string;
  /** The web address of a crawled document, else null. */
  url: string | null;
  page: number | null;
  snippet: string;
  /** exact: the text holds every term; partial: it holds most of the phrase's three-character pieces. */
  match: 'exact' | 'partial';
  /** The section's heading, for a search in sections. */
  heading?: string;
  department: string | null;
  year: number | null;
  /** Files holding a copy of this report where the text was found (the hit shown is one of them). */
  copies: number;
}

export interface SearchResult {
  /** One hit per report, best first, at most `limit`. */
  hits: SearchHit[];
  /** Reports found in all: more than `hits.length` when the limit cut the list. */
  total: number;
}

export interface SearchOptions {
  /** Reports listed at most (default 20). */
  limit?: number;
  /** Only in the sections with this tag (存在问题 …). */
  section?: string;
}

/** The trigram index needs three characters; shorter terms are found by a scan. */
export const FTS_MIN_LENGTH = 3;
/** Matching texts read at most, before grouping them by report. */
export const MAX_ROWS = 5000;
/** The fuzzy fallback lists a text only when it holds at least this share of the phrase's pieces. */
export const PARTIAL_SHARE = 2 / 3;
/** Best-ranked texts read first; copies and several pages of one report share a report, hence more than the limit. */
const FIRST_RANKED = 200;
const SNIPPET_RADIUS = 24;

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
export const length = (term: string) => [...term].length;

function snippetAround(text: string, term: string): string {
  const at = Math.max(0, text.indexOf(term));
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + term.length + SNIPPET_RADIUS);
  const marked = `${text.slice(start, at)}[${text.slice(at, at + term.length)}]${text.slice(at + term.length, end)}`;
  return `${start > 0 ? '…' : ''}${marked.replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/** A term's overlapping three-character pieces: what the trigram index is made of. */
function trigrams(term: string): string[] {
  const chars = [...term];
  return chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(''));
}

/**
 * The query as the index holds text: terms split at spaces (all must occur), each folded, with its
 * Simplified form as an alternative (a Traditional query finds the Simplified index).
 */
export function queryTerms(query: string): string[][] {
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((term) => [...new Set([foldForSearch(term), foldForSearch(toSimplified(term))])]);
}

export interface MatchRow {
  /** The row of the text (document_text or sections), to read its text when it was not selected. */
  text_id: number;
  document_id: number;
  path: string;
  url: string | null;
  page: number | null;
  /** Selected only when every row's text is needed (the fuzzy fallback); else null, and read for the hits shown. */
  search_text: string | null;
  heading: string | null;
  section_path: string | null;
  report_id: number | null;
  department: string | null;
  year: number | null;
  kind: string | null;
  project: string | null;
}

/** Where the text lives: the pages, or the sections with a tag. */
export function source(section: string | undefined) {
  return section
    ? {
        fts: 'sections_fts',
        table: 'sections',
        from: `sections t JOIN reports r ON r.id = t.report_id JOIN documents d ON d.id = r.document_id`,
        columns: `t.heading, t.path AS section_path, t.page`,
        where: [`t.tag = ?`],
        params: [section] as unknown[],
        order: `d.path, t.section_no`,
      }
    : {
        fts: 'document_text_fts',
        table: 'document_text',
        from: `document_text t JOIN documents d ON d.id = t.document_id LEFT JOIN reports r ON r.document_id = d.id`,
        columns: `NULL AS heading, NULL AS section_path, t.page`,
        where: [] as string[],
        params: [] as unknown[],
        order: `d.path, t.page`,
      };
}

/** The FROM and WHERE of the texts holding every term: an FTS expression for the long ones, a scan for the short ones. */
function matchingClause(terms: string[][], section: string | undefined, ftsExpression?: string) {
  const src = source(section);
  const { long, short } = byLength(terms);
  const match = ftsExpression ?? long.map((alternatives) => `(${alternatives.map(quote).join(' OR ')})`).join(' AND ');
  const where = [
    ...src.where,
    'd.is_current = 1',
    ...short.map((alternatives) => `(${alternatives.map(() => `t.search_text LIKE ? ESCAPE '\\'`).join(' OR ')})`),
  ];
  const params = [...src.params, ...short.flatMap((alternatives) => alternatives.map(likePattern))];
  return { src, match, where: where.join(' AND '), params };
}

/**
 * The texts holding every term, best-ranked first. With an FTS expression only the `ranked` best of the
 * index are read (SQLite keeps the top of its ranking instead of sorting every match); without one, the
 * scan, and every read, stop at MAX_ROWS. Without `withText` the texts themselves are not read: only the hits shown
 * need one.
 */
function matchingRows(
  db: Store,
  terms: string[][],
  section: string | undefined,
  { ftsExpression, withText = true, ranked = Infinity }: { ftsExpression?: string; withText?: boolean; ranked?: number } = {},
): MatchRow[] {
  const { src, match, where, params } = matchingClause(terms, section, ftsExpression);
  const best = Number.isFinite(ranked) ? `ORDER BY rank LIMIT ${ranked}` : '';
  const fts = match ? `JOIN (SELECT rowid, rank FROM ${src.fts} WHERE ${src.fts} MATCH ? ${best}) f ON f.rowid = t.id` : '';
  return db
    .prepare<unknown[], MatchRow>(
      `SELECT t.id AS text_id, d.id AS document_id, d.path, d.url, ${src.columns},
              ${withText ? 't.search_text' : 'NULL AS search_text'}, r.id AS report_id, r.department, r.year, r.kind, r.project
       FROM ${src.from} ${fts}
       WHERE ${where}
       ORDER BY ${match ? 'f.rank, ' : ''}${src.order} LIMIT ${MAX_ROWS}`,
    )
    .all(...(match ? [match] : []), ...params);
}

/**
 * Every report holding every term, by reportKey, with the number of its files holding it: counted in SQL
 * without ranking the matches or carrying them out, so that only the hits shown need to be ranked.
 */
function reportCopies(db: Store, terms: string[][], section: string | undefined): Map<string, number> {
  const { src, match, where, params } = matchingClause(terms, section);
  const fts = match ? `JOIN ${src.fts} f ON f.rowid = t.id AND ${src.fts} MATCH ?` : '';
  const identified = `r.department IS NOT NULL AND r.year IS NOT NULL AND r.kind IS NOT NULL AND r.kind <> 'unknown'
                      AND (r.kind <> 'project' OR r.project IS NOT NULL)`;
  const rows = db
    .prepare<unknown[], MatchRow & { copies: number }>(
      `SELECT r.department, r.year, r.kind, r.project, min(d.id) AS document_id, count(DISTINCT d.id) AS copies
       FROM ${src.from} ${fts} WHERE ${where}
       GROUP BY CASE WHEN ${identified} THEN json_array(r.department, r.year, r.kind, r.project) ELSE d.id END`,
    )
    .all(...(match ? [match] : []), ...params);
  return new Map(rows.map((row) => [reportKey(row), row.copies]));
}

/**
 * The best-ranked matches, enough of them to fill `limit` reports out of the `total` found: the index's
 * best texts are read in growing batches, so a common word does not rank and carry every page holding it.
 */
function bestRows(db: Store, terms: string[][], section: string | undefined, limit: number, total: number): MatchRow[] {
  for (let ranked = Math.max(FIRST_RANKED, limit * 10); ranked < MAX_ROWS; ranked *= 4) {
    const rows = matchingRows(db, terms, section, { withText: false, ranked });
    if (new Set(innermost(rows).map(reportKey)).size >= Math.min(limit, total)) return rows;
  }
  // The filters (current documents, a section's tag, short terms) dropped most of the best: rank them all.
  return matchingRows(db, terms, section, { withText: false });
}

/** Copies of one report share its department, year, kind and project; a report missing one stands alone. */
function reportKey(row: MatchRow): string {
  const identified =
    row.department !== null && row.year !== null && row.kind !== null && row.kind !== 'unknown' && (row.kind !== 'project' || row.project !== null);
  return identified ? JSON.stringify([row.department, row.year, row.kind, row.project]) : `document ${row.document_id}`;
}

/** A section holding a hit of its own subsection is left out: the subsection says it more precisely. */
function innermost(rows: MatchRow[]): MatchRow[] {
  // Each document's section paths, so a row is compared with its own document's hits, not with all of them.
  const paths = new Map<number, string[]>();
  for (const { document_id, section_path } of rows) {
    if (section_path === null) continue;
    const own = paths.get(document_id);
    if (own) own.push(section_path);
    else paths.set(document_id, [section_path]);
  }
  const holdsAnother = (row: MatchRow) => row.section_path !== null && paths.get(row.document_id)!.some((path) => path.startsWith(`${row.section_path} > `));
  return rows.filter((row) => !holdsAnother(row));
}

/**
 * One hit per report, in the order of its best-ranked text: the copy shown is the best-ranked one
 * with page numbers (a PDF) if any copy has them, so the hit can be looked up on its page.
 */
function byReport(
  rows: MatchRow[],
  snippetOf: (row: MatchRow) => string,
  match: SearchHit['match'],
  limit: number,
  copies?: Map<string, number>,
): SearchResult {
  const groups = reportGroups(rows);
  const hits = groups.slice(0, limit).map((group) => {
    const shown = shownRow(group);
    return {
      path: shown.path,
      url: shown.url,
      page: shown.page,
      snippet: snippetOf(shown),
      match,
      ...(shown.heading !== null ? { heading: shown.heading } : {}),
      department: shown.department,
      year: shown.year,
      copies: copies?.get(reportKey(shown)) ?? new Set(group.map((row) => row.document_id)).size,
    };
  });
  return { hits, total: copies?.size ?? groups.length };
}

/** The matching rows grouped by report, best-ranked report first. */
function reportGroups(rows: MatchRow[]): MatchRow[][] {
  const groups = new Map<string, MatchRow[]>();
  for (const row of innermost(rows)) {
    const key = reportKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

/** The row a report's hit shows: its first with a page. */
const shownRow = (group: MatchRow[]) => group.find((row) => row.page !== null) ?? group[0];

/** The rows whose texts a search shows (one per report, up to `limit`): a store that reads texts apart reads these. */
export function shownRows(rows: MatchRow[], limit: number): MatchRow[] {
  return reportGroups(rows).slice(0, limit).map(shownRow);
}

/** The terms split by the index's reach: long ones (every alternative three characters or more) and short ones. */
export function byLength(terms: string[][]): { long: string[][]; short: string[][] } {
  const long = terms.filter((alternatives) => alternatives.every((t) => length(t) >= FTS_MIN_LENGTH));
  return { long, short: terms.filter((alternatives) => !long.includes(alternatives)) };
}

/**
 * Hits of texts that hold every term; `textOf` gives a row's text (read when needed, for the hits shown).
 * `copies`, when the store counted them over every match, gives each report's copies and the total.
 */
export function exactHits(terms: string[][], rows: MatchRow[], textOf: (row: MatchRow) => string, limit: number, copies?: Map<string, number>): SearchResult {
  const firstFound = (text: string) => terms.flat().find((t) => text.includes(t)) ?? terms[0][0];
  const exact = (row: MatchRow) => {
    const text = textOf(row);
    return snippetAround(text, firstFound(text));
  };
  return byReport(rows, exact, 'exact', limit, copies);
}

/** The three-character pieces a partial match looks for, when the query is one phrase long enough to have them. */
export function partialPieces(terms: string[][]): string[][] | null {
  const phrase = terms.length === 1 ? terms[0] : null;
  if (!phrase || !phrase.every((t) => length(t) > FTS_MIN_LENGTH)) return null;
  return phrase.map((t) => [...new Set(trigrams(t))]);
}

/** Hits of texts holding at least PARTIAL_SHARE of the pieces, best share first. */
export function partialHits(pieces: string[][], rows: MatchRow[], textOf: (row: MatchRow) => string, limit: number): SearchResult {
  const share = (row: MatchRow) => Math.max(...pieces.map((p) => p.filter((piece) => textOf(row).includes(piece)).length / p.length));
  const candidates = rows
    .map((row) => ({ row, share: share(row) }))
    .filter((candidate) => candidate.share >= PARTIAL_SHARE)
    .sort((a, b) => b.share - a.share)
    .map(({ row }) => row);
  const bestPiece = (row: MatchRow) => pieces.flat().find((piece) => textOf(row).includes(piece)) ?? pieces[0][0];
  return byReport(candidates, (row) => snippetAround(textOf(row), bestPiece(row)), 'partial', limit);
}

/**
 * Search every current document's text (or, with `section`, the sections with that tag). Terms
 * separated by spaces must all occur. When a single phrase occurs nowhere, texts holding most of its
 * three-character pieces (at least PARTIAL_SHARE) are listed as partial matches: reports word one
 * idea in several ways (预算执行率, 预算执行情况); a phrase sharing a piece or two with a text is not listed.
 */
export function search(db: Store, query: string, { limit = 20, section }: SearchOptions = {}): SearchResult {
  const terms = queryTerms(query);
  if (!terms.length) return { hits: [], total: 0 };
  const textStatement = db.prepare<[number], { search_text: string }>(`SELECT search_text FROM ${source(section).table} WHERE id = ?`);
  const textOf = (row: MatchRow) => row.search_text ?? textStatement.get(row.text_id)?.search_text ?? '';
  // Short terms alone are found by a scan, which reads every text anyway: its rows are grouped as they are.
  const copies = matchingClause(terms, section).match ? reportCopies(db, terms, section) : undefined;
  const rows = copies ? (copies.size ? bestRows(db, terms, section, limit, copies.size) : []) : matchingRows(db, terms, section, { withText: false });
  const found = exactHits(terms, rows, textOf, limit, copies);
  const pieces = found.total ? null : partialPieces(terms);
  if (!pieces) return found;
  return partialHits(pieces, matchingRows(db, [], section, { ftsExpression: [...new Set(pieces.flat())].map(quote).join(' OR ') }), textOf, limit);
}

/** The hits of `search` over pages (compatibility: the list only). */
export function searchText(db: Store, query: string, limit = 20): SearchHit[] {
  return search(db, query, { limit }).hits;
}

export type SectionHit = SearchHit & { heading: string };

/** The hits of `search` in the sections with `tag`. */
export function searchSections(db: Store, tag: string, query: string, limit = 20): SectionHit[] {
  return search(db, query, { limit, section: tag }).hits as SectionHit[];
}

/** Tables and views a user may export: not SQLite's own, not the full-text indexes' shadow tables. */
export function exportableRelations(db: Store): string[] {
  return db
    .prepare<[], { name: string }>(
      `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all()
    .map((r) => r.name);
}

export type ExportFormat = 'csv' | 'json';

/** A value as exported: bytes as base64; a truth value as 0 or 1, as SQLite stores it (PostgreSQL's views give booleans). */
const cellValue = (value: unknown) =>
  value instanceof Uint8Array ? Buffer.from(value).toString('base64') : typeof value === 'boolean' ? Number(value) : value;

/** Rows written as CSV (with a header row) or as a JSON array, one at a time, whichever store they come from. */
export class RowWriter {
  count = 0;
  constructor(
    private readonly columns: string[],
    private readonly format: ExportFormat,
    private readonly write: (chunk: string) => void,
  ) {
    write(format === 'csv' ? stringify([columns]) : '[');
  }

  row(row: Record<string, unknown>): void {
    const values = this.columns.map((c) => cellValue(row[c]));
    if (this.format === 'csv') this.write(stringify([values]));
    else this.write(`${this.count ? ',' : ''}\n${JSON.stringify(Object.fromEntries(this.columns.map((c, i) => [c, values[i]])))}`);
    this.count += 1;
  }

  end(): number {
    if (this.format === 'json') this.write(this.count ? '\n]\n' : ']\n');
    return this.count;
  }
}

/** The error for a name that is no table or view. */
export const noSuchRelation = (name: string, names: string[]) => new Error(`no table or view "${name}"; choose one of: ${names.join(', ')}`);

/** Write a table or view as CSV (with a header row) or as a JSON array, row by row. */
export function exportRelation(db: Store, name: string, format: ExportFormat, write: (chunk: string) => void): number {
  const names = exportableRelations(db);
  if (!names.includes(name)) throw noSuchRelation(name, names);
  const statement = db.prepare(`SELECT * FROM "${name}"`);
  const rows = new RowWriter(
    statement.columns().map((c) => c.name),
    format,
    write,
  );
  for (const row of statement.iterate() as Iterable<Record<string, unknown>>) rows.row(row);
  return rows.end();
}

/** The stored documents a re-run reads again (ingest --reprocess), with their stored model. */
export const REPROCESS_SQL = `SELECT d.id, d.path, d.sha256, d.size_bytes, d.format, c.model_json_gzip
  FROM documents d LEFT JOIN document_content c ON c.document_id = d.id WHERE d.is_current = 1 ORDER BY d.id`;
