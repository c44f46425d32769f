/**
 * The desk's reader over a PostgreSQL server (`jixiao serve --db postgres://…`): the same calls as over
 * a SQLite file (desk.ts), its statements translated from SQLite's words (dialect.ts), for a database
 * that other processes (ingests, the nightly crawl) write to while several journalists read it.
 *
 * Read-only twice over: the desk's connections start with default_transaction_read_only on, so the
 * server itself refuses any write on them, and every call runs in a READ ONLY transaction.
 *
 * The snapshots of the slow views are kept per process, in an in-memory SQLite database that has the
 * store's schema: each list's view is read from the server once and its rows go into a temporary table
 * there, typed as SQLite types that view's columns, so the page, count, filter and chart queries are
 * the very statements the SQLite desk runs, on the same values, and answer alike. Each call is one
 * REPEATABLE READ transaction whose first statement takes the server's transaction snapshot
 * (pg_current_snapshot(): the transactions finished and in progress). While it is the one seen last,
 * nothing has been committed since, and the snapshots are what a read would give, at no cost. When it
 * has moved, which any write on the server does (the crawl's claims on its queue, another database,
 * autovacuum's ANALYZE), a marker of the content the views read (CONTENT_MARKER) is read in the same
 * transaction, and the views are read again (lazily, each list when next asked for) only if that has
 * moved: a crawl that fetches without storing anything new does not make every page read a view
 * again (half a second to a second each on 10,000 reports). No write can commit unseen between a
 * marker and the rows, as both are read in one transaction. The markers passed over: max(documents.id)
 * and count(*) stay put when a re-run replaces a document's reports in place (replaceContent);
 * pg_stat_user_tables' counters reach other sessions only after a writer flushes them (up to a second
 * later, or never with track_counts off); the transaction snapshot alone re-reads on every write.
 * Temporary tables on a connection of the server were the other way to keep the snapshots, but
 * CREATE TEMP TABLE is refused in a read-only transaction, and the desk's connections are read-only.
 * Calls are taken one at a time, so no call reads a snapshot while another replaces it; search, which
 * reads no snapshot, runs beside them.
 */
import type pg from 'pg';
import { openStore } from './db.js';
import { Desk, LISTS, type DeskDatabase, type ListName, type Row } from './desk.js';
import { orderedValues, postgresExpression, postgresStatement, type NumberedStatement } from './dialect.js';
import { StoreError } from './errors.js';
import { shownLocation } from './location.js';
import { openPostgresStore, type PostgresDocumentStore } from './postgres.js';
import type { SearchOptions, SearchResult } from './read.js';

/** Rows of a view fetched from the server at a time, while a snapshot is read. */
const BATCH = 5000;

/** SQLite has no truth values: a view's comparison gives 0 or 1 there, true or false on PostgreSQL. */
const sqliteValue = (value: unknown) => (typeof value === 'boolean' ? Number(value) : value);
const sqliteRow = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([column, value]) => [column, sqliteValue(value)]));

const translated = new Map<string, NumberedStatement>();
function statementFor(sql: string): NumberedStatement {
  let statement = translated.get(sql);
  if (!statement) translated.set(sql, (statement = postgresStatement(sql)));
  return statement;
}

/** The server as the desk asks it, inside one transaction of `client`. */
class PostgresDeskDatabase implements DeskDatabase {
  constructor(readonly client: pg.PoolClient) {}

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const statement = statementFor(sql);
    const result = await this.client.query(statement.text, orderedValues(statement, params));
    return result.rows.map(sqliteRow) as T[];
  }

  async get<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  // The catalog: SQLite's sqlite_schema and pragma_table_info are information_schema here.
  async hasRelation(name: string): Promise<boolean> {
    const { rowCount } = await this.client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, [name]);
    return Boolean(rowCount);
  }

  async hasColumn(table: string, column: string): Promise<boolean> {
    const { rowCount } = await this.client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
      [table, column],
    );
    return Boolean(rowCount);
  }

  /** A SELECT's rows a batch at a time through a cursor, each row's values in the order of `columns`. */
  async *batches(select: string): AsyncGenerator<{ columns: string[]; rows: unknown[][] }> {
    await this.client.query(`DECLARE desk_rows NO SCROLL CURSOR FOR ${postgresExpression(select)}`);
    try {
      for (;;) {
        const batch = await this.client.query<unknown[]>({ text: `FETCH ${BATCH} FROM desk_rows`, rowMode: 'array' });
        if (!batch.rows.length) return;
        yield { columns: batch.fields.map((field) => field.name), rows: batch.rows };
      }
    } finally {
      await this.client.query('CLOSE desk_rows');
    }
  }
}

/**
 * What the desk's views show has changed when this has: each of these tables' rows counted, and the
 * transaction ids that wrote them (xmin) added up. Every write of jixiao's that changes a document's
 * records inserts or updates its documents row (storeFile, replaceContent) or adds a file copy
 * (recordCopy); reports is counted too, for a correction made by hand; schema_migrations for an
 * upgrade. An insert or update gives its rows the writer's transaction id, newer than the ids it
 * replaces, so the sum moves; a delete moves the count. Read only when the server's transaction
 * snapshot has moved, it costs a scan of these small tables (9 ms on 10,000 reports).
 * A correction by hand to another table (an indicator's value) shows once one of these changes, or
 * when the desk is started again.
 */
const CONTENT_MARKER = `SELECT concat_ws(' ', ${['documents', 'reports', 'file_copies', 'schema_migrations']
  .map((table) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${table})`)
  .join(', ')}) AS content`;

/** The table of the in-memory database a list's rows are loaded into before they are put in order. */
const STAGING = 'desk_staging';

class PostgresDesk extends Desk<PostgresDeskDatabase> {
  /** The call running or last queued: the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The server's transaction snapshot last seen, and the content marker read under it. */
  private seen = { snapshot: '', content: '' };

  constructor(
    private readonly store: PostgresDocumentStore,
    name: string,
  ) {
    // An empty store in memory: its schema types the snapshots' columns as the SQLite desk's are typed.
    super(name, openStore(':memory:'));
  }

  protected reading<T>(read: (db: PostgresDeskDatabase) => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.inTransaction(read));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async inTransaction<T>(read: (db: PostgresDeskDatabase) => Promise<T>): Promise<T> {
    const client = await this.store.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const { rows } = await client.query<{ snapshot: string }>('SELECT pg_current_snapshot()::text AS snapshot');
      if (rows[0].snapshot !== this.seen.snapshot) {
        this.seen = { snapshot: rows[0].snapshot, content: (await client.query<{ content: string }>(CONTENT_MARKER)).rows[0].content };
      }
      this.changedTo(this.seen.content);
      const result = await read(new PostgresDeskDatabase(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // A connection whose call failed is closed, not reused: its transaction may still be open.
      client.release(failure);
    }
  }

  /**
   * The list's SELECT run on the server, its rows put into a table of the in-memory database made by
   * the same SELECT there (LIMIT 0), so each column has the type affinity it has in a SQLite file: a
   * year bound as text compares equal to the stored year there, as it does in the SQLite desk.
   */
  protected async snapshotSource(db: PostgresDeskDatabase, name: ListName): Promise<string> {
    const { select } = LISTS[name];
    this.local.exec(`DROP TABLE IF EXISTS temp.${STAGING}`);
    this.local.exec(`CREATE TEMP TABLE ${STAGING} AS ${select} LIMIT 0`);
    for await (const { columns, rows } of db.batches(select)) {
      const insert = this.local.prepare(
        `INSERT INTO temp.${STAGING} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      this.local.transaction(() => {
        for (const row of rows) insert.run(row.map(sqliteValue));
      })();
    }
    return `temp.${STAGING}`;
  }

  protected override snapshotRead(): void {
    this.local.exec(`DROP TABLE IF EXISTS temp.${STAGING}`);
  }

  search(query: string, options?: SearchOptions): Promise<SearchResult> {
    return this.store.search(query, options);
  }

  async close(): Promise<void> {
    await this.queue;
    this.local.close();
    await this.store.close();
  }
}

/**
 * The address the desk connects with: every transaction of its connections read-only from their start
 * (the server's default_transaction_read_only), and the desk named in pg_stat_activity.
 */
export function readOnlyAddress(location: string): string {
  const url = new URL(location);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', [options, '-c default_transaction_read_only=on'].filter(Boolean).join(' '));
  if (!url.searchParams.has('application_name')) url.searchParams.set('application_name', 'jixiao serve');
  return url.toString();
}

/** The desk over the PostgreSQL database at a postgres:// address; a server not reached is a StoreError naming the address without its password. */
export async function openPostgresDesk(location: string): Promise<PostgresDesk> {
  try {
    return new PostgresDesk(await openPostgresStore(readOnlyAddress(location), { readonly: true }), shownLocation(location));
  } catch (error) {
    // Named as the user wrote it, not with the options added above.
    throw error instanceof StoreError ? new StoreError(shownLocation(location), error.cause) : error;
  }
}
