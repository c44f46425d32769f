/**
 * Moving a database between the two stores (`jixiao copy --from A --to B`): every table, row by row with
 * its ids, in the order the foreign keys need, into an empty store, in one transaction, so a copy that
 * fails leaves the destination as it was. Views, indexes and SQLite's full-text indexes are the
 * destination's own (its triggers fill the FTS tables as rows arrive); a PostgreSQL destination's
 * identity counters are moved past the ids copied.
 */
import type pg from 'pg';
import { openStore, type Store } from './db.js';
import { RELATIONS } from './docs.js';
import { PostgresDocumentStore } from './postgres.js';
import { SqliteDocumentStore, type DocumentStore } from './store.js';

/** Rows read a batch at a time: a large table never sits whole in memory. */
const BATCH = 500;

/** The tables both stores share (not SQLite's FTS indexes), parents before the tables that refer to them. */
export function copiedTables(): string[] {
  // The foreign keys as the migrations declare them, read from an empty database made for the purpose.
  const db = openStore(':memory:');
  try {
    return inForeignKeyOrder(db);
  } finally {
    db.close();
  }
}

function inForeignKeyOrder(db: Store): string[] {
  const tables = RELATIONS.filter((relation) => relation.kind === 'table' && !relation.name.endsWith('_fts')).map((relation) => relation.name);
  const parents = new Map(
    tables.map((table) => [
      table,
      (db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').all(table) as { parent: string }[]).map((row) => row.parent),
    ]),
  );
  const ordered: string[] = [];
  const visit = (table: string) => {
    if (ordered.includes(table)) return;
    for (const parent of parents.get(table) ?? []) if (parent !== table) visit(parent);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

interface Tables {
  columns(table: string): Promise<string[]>;
  count(table: string): Promise<number>;
  batches(table: string, columns: string[]): AsyncIterable<unknown[][]>;
}

interface Destination extends Tables {
  /** Inside one transaction: write every batch, then finish (or nothing is kept). */
  transaction(work: (insert: (table: string, columns: string[], rows: unknown[][]) => Promise<void>) => Promise<void>): Promise<void>;
}

const quoted = (column: string) => `"${column}"`;

function sqliteTables(db: Store): Destination {
  return {
    async columns(table) {
      return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((row) => row.name);
    },
    async count(table) {
      return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    },
    async *batches(table, columns) {
      let batch: unknown[][] = [];
      for (const row of db
        .prepare(`SELECT ${columns.map(quoted).join(', ')} FROM "${table}"`)
        .raw()
        .iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work(async (table, columns, rows) => {
          const insert = db.prepare(`INSERT INTO "${table}" (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
          for (const row of rows) insert.run(...row);
        });
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
  };
}

function postgresTables(pool: pg.Pool): Destination {
  return {
    async columns(table) {
      const result = await pool.query<{ name: string }>(
        'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
        [table],
      );
      return result.rows.map((row) => row.name);
    },
    async count(table) {
      return (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n;
    },
    async *batches(table, columns) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DECLARE copied NO SCROLL CURSOR FOR SELECT ${columns.map(quoted).join(', ')} FROM "${table}"`);
        for (;;) {
          const batch = await client.query({ text: `FETCH ${BATCH} FROM copied`, rowMode: 'array' });
          if (!batch.rows.length) break;
          yield batch.rows as unknown[][];
        }
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await work(async (table, columns, rows) => {
          const values = rows.flat().map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value) : value));
          const tuples = rows.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
          await client.query(`INSERT INTO "${table}" (${columns.map(quoted).join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${tuples.join(', ')}`, values);
        });
        // The identity counters start after the ids copied, so the next row stored gets a new one.
        const identities = await client.query<{ table: string; column: string }>(
          `SELECT table_name AS table, column_name AS column FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`,
        );
        for (const { table, column } of identities.rows)
          await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${column}") FROM "${table}"), 0) + 1, false)`, [
            table,
            column,
          ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function tablesOf(store: DocumentStore): Destination {
  if (store instanceof SqliteDocumentStore) return sqliteTables(store.db);
  if (store instanceof PostgresDocumentStore) return postgresTables(store.pool);
  throw new Error(`cannot copy ${store.name}: not a store jixiao knows`);
}

/** Rows copied, by table. */
export type CopySummary = Record<string, number>;

/** Copy every table of `from` into `to`, which must hold no documents yet. */
export async function copyStore(from: DocumentStore, to: DocumentStore): Promise<CopySummary> {
  const [source, destination] = [tablesOf(from), tablesOf(to)];
  if (await destination.count('documents')) throw new Error(`${to.name} already holds documents: copy into an empty database`);
  const summary: CopySummary = {};
  await destination.transaction(async (insert) => {
    for (const table of copiedTables()) {
      // schema_migrations: the destination has its own record of the migrations it has had.
      if (table === 'schema_migrations') continue;
      const wanted = await destination.columns(table);
      const columns = (await source.columns(table)).filter((column) => wanted.includes(column));
      summary[table] = 0;
      for await (const rows of source.batches(table, columns)) {
        // PostgreSQL takes at most 65535 parameters in one statement.
        const size = Math.max(1, Math.floor(60_000 / columns.length));
        for (let at = 0; at < rows.length; at += size) await insert(table, columns, rows.slice(at, at + size));
        summary[table] += rows.length;
      }
    }
  });
  return summary;
}
