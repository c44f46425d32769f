/** Reading the store: full-text search and export of any table or view. */
import { stringify } from 'csv-stringify/sync';
import { toSimplified } from '../normalize/simplify.js';
import type { Store } from './db.js';

export interface SearchHit {
  path: string;
  /** The web address of a crawled document, else null. */
  url: string | null;
  page: number | null;
  snippet: string;
  /** exact: the text holds the query; partial: it holds most of its three-character pieces. */
  match: 'exact' | 'partial';
}

/** The trigram index needs three characters; shorter queries scan with LIKE. */
export const FTS_MIN_LENGTH = 3;
const SNIPPET_RADIUS = 24;

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function snippetAround(text: string, term: string): string {
  const at = text.indexOf(term);
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + term.length + SNIPPET_RADIUS);
  const marked = `${text.slice(start, at)}[${term}]${text.slice(at + term.length, end)}`;
  return `${start > 0 ? '…' : ''}${marked.replace(/\s+/g, ' ')}${end < text.length ? '…' : ''}`;
}

/** A term's overlapping three-character pieces: what the trigram index is made of. */
function trigrams(term: string): string[] {
  const chars = [...term];
  return chars.slice(0, -2).map((_, i) => chars.slice(i, i + 3).join(''));
}

function ftsSearch(db: Store, match: string, limit: number): Omit<SearchHit, 'match'>[] {
  return db
    .prepare<[string, number], Omit<SearchHit, 'match'>>(
      `SELECT d.path, d.url, t.page, snippet(document_text, -1, '[', ']', '…', 16) AS snippet
       FROM document_text t JOIN documents d ON d.id = t.document_id
       WHERE document_text MATCH ? AND d.is_current = 1
       ORDER BY rank, d.path, t.page LIMIT ?`,
    )
    .all(match, limit)
    .map((hit) => ({ ...hit, snippet: hit.snippet.replace(/\s+/g, ' ') }));
}

/**
 * Search every current document's text, as printed or in Simplified Chinese. Chinese has no word
 * boundaries and reports word the same idea in several ways (预算执行率, 预算执行情况), so when the
 * exact phrase is found nowhere, the pages holding most of its pieces are returned, best first.
 */
export function searchText(db: Store, query: string, limit = 20): SearchHit[] {
  const term = query.trim();
  if (!term) return [];
  const terms = [...new Set([term, toSimplified(term)])];
  if ([...term].length >= FTS_MIN_LENGTH) {
    const exact = ftsSearch(db, terms.map(quote).join(' OR '), limit).map((hit) => ({ ...hit, match: 'exact' as const }));
    if (exact.length || [...term].length === FTS_MIN_LENGTH) return exact;
    const pieces = [...new Set(terms.flatMap(trigrams))].map(quote).join(' OR ');
    return ftsSearch(db, pieces, limit).map((hit) => ({ ...hit, match: 'partial' as const }));
  }
  const conditions = terms.map(() => `(t.text LIKE ? ESCAPE '\\' OR t.text_simplified LIKE ? ESCAPE '\\')`).join(' OR ');
  const rows = db
    .prepare<unknown[], { path: string; url: string | null; page: number | null; text: string; text_simplified: string | null }>(
      `SELECT d.path, d.url, t.page, t.text, t.text_simplified FROM document_text t JOIN documents d ON d.id = t.document_id
       WHERE d.is_current = 1 AND (${conditions}) ORDER BY d.path, t.page LIMIT ?`,
    )
    .all(...terms.flatMap((t) => [likePattern(t), likePattern(t)]), limit);
  return rows.map((row) => {
    const found = terms.find((t) => row.text.includes(t));
    const snippet = found ? snippetAround(row.text, found) : snippetAround(row.text_simplified ?? '', terms.find((t) => row.text_simplified?.includes(t)) ?? term);
    return { path: row.path, url: row.url, page: row.page, snippet, match: 'exact' as const };
  });
}

export interface SectionHit extends Omit<SearchHit, 'match'> {
  heading: string;
}

interface SectionRow extends SectionHit {
  report_id: number;
  /** The section's heading path, to tell a section from the one around it. */
  section_path: string;
}

/** A section that holds a hit of its own subsection is left out: the subsection says it more precisely. */
function innermost(rows: SectionRow[]): SectionHit[] {
  const holdsAnother = (row: SectionRow) => rows.some((other) => other.report_id === row.report_id && other.section_path.startsWith(`${row.section_path} > `));
  return rows.filter((row) => !holdsAnother(row)).map(({ path, url, page, heading, snippet }) => ({ path, url, page, heading, snippet }));
}

/**
 * Search the sections a tag names (存在问题 …) in every current document, by the section index for three
 * or more characters and by a scan for fewer.
 */
export function searchSections(db: Store, tag: string, query: string, limit = 20): SectionHit[] {
  const term = query.trim();
  if (!term) return [];
  const terms = [...new Set([term, toSimplified(term)])];
  const columns = `d.path, d.url, s.page, s.heading, s.report_id, s.path AS section_path`;
  const joins = `JOIN reports r ON r.id = s.report_id JOIN documents d ON d.id = r.document_id`;
  if ([...term].length >= FTS_MIN_LENGTH) {
    const rows = db
      .prepare<[string, string, number], SectionRow>(
        `SELECT ${columns}, snippet(section_text, 1, '[', ']', '…', 16) AS snippet
         FROM section_text JOIN sections s ON s.id = section_text.rowid ${joins}
         WHERE section_text MATCH ? AND s.tag = ? AND d.is_current = 1 ORDER BY rank, d.path, s.section_no LIMIT ?`,
      )
      .all(terms.map(quote).join(' OR '), tag, limit);
    return innermost(rows.map((row) => ({ ...row, snippet: row.snippet.replace(/\s+/g, ' ') })));
  }
  const rows = db
    .prepare<unknown[], Omit<SectionRow, 'snippet'> & { text: string }>(
      `SELECT ${columns}, s.text FROM sections s ${joins}
       WHERE s.tag = ? AND d.is_current = 1 AND (${terms.map(() => `s.text LIKE ? ESCAPE '\\'`).join(' OR ')})
       ORDER BY d.path, s.section_no LIMIT ?`,
    )
    .all(tag, ...terms.map(likePattern), limit);
  return innermost(rows.map(({ text, ...row }) => ({ ...row, snippet: snippetAround(text, terms.find((t) => text.includes(t)) ?? term) })));
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

const cellValue = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value);

/** Write a table or view as CSV (with a header row) or as a JSON array, row by row. */
export function exportRelation(db: Store, name: string, format: ExportFormat, write: (chunk: string) => void): number {
  const names = exportableRelations(db);
  if (!names.includes(name)) throw new Error(`no table or view "${name}"; choose one of: ${names.join(', ')}`);
  const statement = db.prepare(`SELECT * FROM "${name}"`);
  const columns = statement.columns().map((c) => c.name);
  let count = 0;
  if (format === 'csv') write(stringify([columns]));
  else write('[');
  for (const row of statement.iterate() as Iterable<Record<string, unknown>>) {
    const values = columns.map((c) => cellValue(row[c]));
    if (format === 'csv') write(stringify([values]));
    else write(`${count ? ',' : ''}\n${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, values[i]])))}`);
    count += 1;
  }
  if (format === 'json') write(count ? '\n]\n' : ']\n');
  return count;
}
