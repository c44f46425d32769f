/**
 * What an export of the whole store reads, from SQLite or PostgreSQL alike: every table and view with its
 * columns and keys, and its rows a batch at a time. The writing (CSV, Parquet, datapackage.json) is
 * src/bundle's; the SQL is here.
 *
 * Both stores list the same relations: their tables and views. Left out are SQLite's own tables
 * (sqlite_stat1 …) and its full-text indexes (document_text_fts, sections_fts, whose only column repeats
 * a column of their table) with their shadow tables; PostgreSQL's counterpart of those indexes, pg_trgm's,
 * are indexes, not tables. Rows come in one order in both, so two exports of the same rows are the same
 * files: a table's by its primary key, a view's by its columns from the first, text compared byte by byte
 * (SQLite's BINARY collation, PostgreSQL's "C") and nulls first.
 */
import type pg from 'pg';
import type { Store } from './db.js';
import { VALUE_KINDS } from './docs.js';
import { exportableRelations } from './read.js';

export interface RelationColumn {
  name: string;
  /**
   * The declared type in SQLite's words (INTEGER, REAL, TEXT, BLOB …; a PostgreSQL column's type is named
   * as the SQLite type it was translated from); empty when the database declares none (a view's computed column).
   */
  declaredType: string;
  notNull: boolean;
  /** For a column neither its declaration nor VALUE_KINDS types: the storage classes its values have (integer, real, text, blob). */
  storedClasses?: string[];
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
 * Rows of a relation in batches (of BATCH_ROWS), each row an array of values in column order. A store
 * that reads synchronously (SQLite) hands them over synchronously too, for a writer that pulls rows as
 * it goes (DuckDB's).
 */
export type RowBatches = AsyncIterable<unknown[][]> & { [Symbol.iterator]?: () => Iterator<unknown[][]> };

const BATCH_ROWS = 1000;

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The columns a relation's rows are ordered by: its primary key, else (a view) all of them. */
const orderColumns = (relation: RelationShape) => (relation.primaryKey.length ? relation.primaryKey : relation.columns.map((c) => c.name));

/** A column that neither its declaration nor VALUE_KINDS types: only its values can say what it holds. */
export const untypedColumns = (relation: RelationShape): string[] => relation.columns.filter((c) => !c.declaredType && !VALUE_KINDS[c.name]).map((c) => c.name);

/**
 * The tables and views a bundle holds: what `exportableRelations` lists, less the full-text indexes
 * (virtual tables) and their shadow tables.
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
    .map((name) => withStoredClasses(db, relationShape(db, name, kinds.get(name) as 'table' | 'view')));
}

function withStoredClasses(db: Store, relation: RelationShape): RelationShape {
  const stored = storageClasses(db, relation.name, untypedColumns(relation));
  if (!stored.size) return relation;
  return { ...relation, columns: relation.columns.map((c) => (stored.has(c.name) ? { ...c, storedClasses: [...stored.get(c.name)!] } : c)) };
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
    columns: info.map((c) => ({
      name: c.name,
      // SQLite gives a view's column computed in a subquery or CTE (a CASE over a union) the type BLOB, meaning none.
      declaredType: kind === 'view' && c.type.toUpperCase() === 'BLOB' ? '' : c.type,
      // An INTEGER PRIMARY KEY is never null, whether declared NOT NULL or not.
      notNull: c.notnull === 1 || (c.pk > 0 && kind === 'table'),
    })),
    primaryKey: kind === 'table' ? primaryKey : [],
    foreignKeys: kind === 'table' ? inKeyOrder(foreignKeysOf(db, name)) : [],
  };
}

/** Foreign keys in one order whichever store declares them: by their columns. */
const inKeyOrder = (keys: ForeignKeyOf[]) => keys.sort((a, b) => (a.fields.join() < b.fields.join() ? -1 : a.fields.join() > b.fields.join() ? 1 : 0));

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

/** Every row of a table or view in export order, read from one statement a batch at a time. */
export function relationRows(db: Store, relation: RelationShape): RowBatches & Iterable<unknown[][]> {
  const order = orderColumns(relation).map(quoted).join(', ');
  function* batches() {
    const rows = db
      .prepare(`SELECT * FROM ${quoted(relation.name)} ORDER BY ${order}`)
      .raw(true)
      .iterate() as IterableIterator<unknown[]>;
    // A reader that stops half-way ends the statement (else the database stays busy): return() runs `finally`.
    try {
      let batch: unknown[][] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      rows.return?.();
    }
  }
  return {
    [Symbol.iterator]: batches,
    async *[Symbol.asyncIterator]() {
      yield* batches();
    },
  };
}

/** PostgreSQL's types as the SQLite types they were translated from (dialect.ts), or that read the same. */
const SQLITE_TYPES: Record<string, string> = {
  bigint: 'INTEGER',
  integer: 'INTEGER',
  smallint: 'INTEGER',
  'double precision': 'REAL',
  real: 'REAL',
  numeric: 'NUMERIC',
  text: 'TEXT',
  'character varying': 'VARCHAR',
  character: 'CHAR',
  bytea: 'BLOB',
};

/** The same relations as bundleRelations, from a PostgreSQL database's catalogue. */
export async function postgresRelations(pool: pg.Pool): Promise<RelationShape[]> {
  const [relations, columns, keys] = await Promise.all([
    pool.query<{ name: string; type: string }>(
      `SELECT table_name AS name, table_type AS type FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type IN ('BASE TABLE', 'VIEW') ORDER BY table_name COLLATE "C"`,
    ),
    pool.query<{ relation: string; name: string; type: string; nullable: string }>(
      `SELECT table_name AS relation, column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
       WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    ),
    pool.query<{ relation: string; type: 'p' | 'f'; fields: string[]; parent: string | null; parent_fields: string[] | null }>(
      `SELECT t.relname AS relation, c.contype AS type,
              (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS fields,
              p.relname AS parent,
              (SELECT array_agg(a.attname::text ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
                 JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS parent_fields
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_class p ON p.oid = c.confrelid
       WHERE c.contype IN ('p', 'f') AND t.relnamespace = current_schema()::regnamespace`,
    ),
  ]);
  return relations.rows.map(({ name, type }) => {
    const kind = type === 'VIEW' ? 'view' : 'table';
    const own = keys.rows.filter((key) => key.relation === name);
    return {
      name,
      kind,
      columns: columns.rows
        .filter((column) => column.relation === name)
        .map((column) => ({ name: column.name, declaredType: SQLITE_TYPES[column.type] ?? column.type.toUpperCase(), notNull: column.nullable === 'NO' })),
      primaryKey: own.find((key) => key.type === 'p')?.fields ?? [],
      foreignKeys: inKeyOrder(
        own.filter((key) => key.type === 'f').map((key) => ({ fields: key.fields, resource: key.parent!, referenceFields: key.parent_fields! })),
      ),
    };
  });
}

/**
 * Every row of a table or view in export order, through a cursor, BATCH_ROWS at a time: a large table
 * never sits whole in memory. The cursor lives in a transaction on a connection of its own.
 */
export async function* postgresRelationRows(pool: pg.Pool, relation: RelationShape): RowBatches {
  const text = new Set(relation.columns.filter((c) => /CHAR|TEXT/.test(c.declaredType)).map((c) => c.name));
  const order = orderColumns(relation)
    .map((name) => `${quoted(name)}${text.has(name) ? ' COLLATE "C"' : ''} NULLS FIRST`)
    .join(', ');
  const client = await pool.connect();
  let finished = false;
  try {
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE bundle_rows NO SCROLL CURSOR FOR SELECT * FROM ${quoted(relation.name)} ORDER BY ${order}`);
    for (;;) {
      const batch = await client.query<unknown[]>({ text: `FETCH ${BATCH_ROWS} FROM bundle_rows`, rowMode: 'array' });
      if (!batch.rows.length) break;
      yield batch.rows;
    }
    await client.query('COMMIT');
    finished = true;
  } finally {
    if (!finished) await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}
