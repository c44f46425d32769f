/**
 * What an export of the whole store reads: every table and view with its columns, keys and rows. The
 * writing (CSV, Parquet, datapackage.json) is src/bundle's; the SQL is here.
 */
import type { Store } from './db.js';
import { exportableRelations } from './read.js';

export interface RelationColumn {
  name: string;
  /** SQLite's declared type (INTEGER, REAL, TEXT …); empty for a view's computed column. */
  declaredType: string;
  notNull: boolean;
}

export interface ForeignKeyOf {
  fields: string[];
  resource: string;
  referenceFields: string[];
}

export interface RelationShape {
  name: string;
  kind: 'table' | 'view';
  columns: RelationColumn[];
  /** Empty for a view. */
  primaryKey: string[];
  foreignKeys: ForeignKeyOf[];
}

/**
 * The tables and views a bundle holds: what `exportableRelations` lists, less the full-text indexes
 * (document_text_fts, sections_fts), whose only column repeats a column of their table.
 */
export function bundleRelations(db: Store): RelationShape[] {
  const kinds = new Map(
    db
      .prepare<[], { name: string; type: string }>(`SELECT name, type FROM pragma_table_list WHERE schema = 'main'`)
      .all()
      .map((r) => [r.name, r.type]),
  );
  return exportableRelations(db)
    .filter((name) => kinds.get(name) === 'table' || kinds.get(name) === 'view')
    .map((name) => relationShape(db, name, kinds.get(name) as 'table' | 'view'));
}

function relationShape(db: Store, name: string, kind: 'table' | 'view'): RelationShape {
  const info = db
    .prepare<[string], { name: string; type: string; notnull: number; pk: number; hidden: number }>(
      `SELECT name, type, "notnull", pk, hidden FROM pragma_table_xinfo(?)`,
    )
    .all(name)
    .filter((c) => c.hidden === 0);
  const primaryKey = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  return {
    name,
    kind,
    // An INTEGER PRIMARY KEY is never null, whether declared NOT NULL or not.
    columns: info.map((c) => ({ name: c.name, declaredType: c.type, notNull: c.notnull === 1 || (c.pk > 0 && kind === 'table') })),
    primaryKey: kind === 'table' ? primaryKey : [],
    foreignKeys: kind === 'table' ? foreignKeysOf(db, name) : [],
  };
}

/** Foreign keys as declared; a reference to no named column points at the parent's primary key. */
function foreignKeysOf(db: Store, table: string): ForeignKeyOf[] {
  const rows = db
    .prepare<[string], { id: number; seq: number; table: string; from: string; to: string | null }>(
      `SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(?)`,
    )
    .all(table);
  const byId = new Map<number, typeof rows>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()].map((parts) => {
    parts.sort((a, b) => a.seq - b.seq);
    const parent = parts[0].table;
    const parentKey = db
      .prepare<[string], { name: string }>(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`)
      .all(parent)
      .map((c) => c.name);
    return { fields: parts.map((p) => p.from), resource: parent, referenceFields: parts.map((p, i) => p.to ?? parentKey[i]) };
  });
}

/** Storage classes (integer, real, text, blob) found in each of `columns`: one pass over the relation. */
export function storageClasses(db: Store, relation: string, columns: string[]): Map<string, Set<string>> {
  const found = new Map(columns.map((c) => [c, new Set<string>()]));
  if (!columns.length) return found;
  const classes = columns.map((c) => `group_concat(DISTINCT typeof("${c}"))`).join(', ');
  const row = db.prepare(`SELECT ${classes} FROM "${relation}"`).raw(true).get() as (string | null)[];
  columns.forEach((c, i) => (row[i] ?? '').split(',').forEach((kind) => kind && kind !== 'null' && found.get(c)!.add(kind)));
  return found;
}

/** Every row of a table or view as an array of values in column order, read one at a time. */
export function relationRows(db: Store, relation: string): IterableIterator<unknown[]> {
  return db.prepare(`SELECT * FROM "${relation}"`).raw(true).iterate() as IterableIterator<unknown[]>;
}
