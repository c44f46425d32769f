/**
 * Opening the store: WAL for crash safety and concurrent readers, foreign keys on, migrations run.
 * Several writers may share one database (two ingests, an ingest beside the nightly crawl): every
 * write transaction begins IMMEDIATE, so a writer waits for the write lock under the busy timeout
 * before it reads anything. A deferred transaction that reads first and then writes cannot wait:
 * SQLite answers it "database is locked" at once, whatever the timeout, because waiting could deadlock.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import { VIEWS } from './views.js';
import { isPostgresLocation, shownLocation } from './location.js';

export type Store = Database.Database;

export { DEFAULT_DATABASE } from './location.js';
export { isDatabaseError, StoreError } from './errors.js';

/** How long a writer waits for another to finish its transaction: each holds it for one file's rows. */
export const BUSY_TIMEOUT_MS = 60_000;

/**
 * An error of the store itself, not of the file being stored: the disk is full, the database file is
 * read-only, damaged or gone, another writer held it past the busy timeout. A batch stops on one,
 * since every later file would meet it too, and records nothing as the file's failure.
 */
export class StorageError extends Error {
  constructor(
    readonly database: string,
    readonly code: string,
    cause: string,
  ) {
    super(`cannot write to the database ${database}: ${cause} (${code}); the files not yet stored are read again on the next run`);
    this.name = 'StorageError';
  }
}

const STORAGE_CODES = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|CORRUPT|NOTADB|PERM|NOMEM|PROTOCOL)/;
const FILE_SYSTEM_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EACCES', 'EPERM']);
/**
 * PostgreSQL's counterparts (SQLSTATE classes): the connection lost (08), the server out of disk or
 * memory (53), shut down (57P), failing in its system (58), read-only (25006); and a server not reached.
 */
const POSTGRES_CODES = /^(08|53|57P|58)|^25006$|^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE)$/;

/** The store error an error is, or null for any other (a constraint broken by a bug is not the disk's fault). */
export function asStorageError(error: unknown, database: string): StorageError | null {
  if (error instanceof StorageError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !(STORAGE_CODES.test(code) || FILE_SYSTEM_CODES.has(code) || POSTGRES_CODES.test(code))) return null;
  return new StorageError(database, code, String(message ?? code).split('\n')[0]);
}

/** Every transaction of this connection begins IMMEDIATE (see above); `.deferred` stays for reads. */
function writeTransactionsImmediate(db: Store): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<Store['transaction']>[0]) => {
    const made = transaction(fn);
    return Object.assign((...args: unknown[]) => made.immediate(...args), {
      default: made.immediate,
      deferred: made.deferred,
      immediate: made.immediate,
      exclusive: made.exclusive,
      database: db,
    });
  }) as Store['transaction'];
}

/**
 * Migrations run inside one IMMEDIATE transaction that reads the schema version again once it holds
 * the write lock: two processes opening a fresh database at once must not both create its tables.
 */
export function migrate(db: Store): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`database schema version ${current} is newer than this jixiao understands (${MIGRATIONS.length}); upgrade jixiao`);
    }
    MIGRATIONS.slice(current).forEach((migration, i) => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${current + i + 1}`);
    });
    recordMigrations(db);
    recreateViews(db);
  })();
}

/** Every migration applied, in schema_migrations (from the migration that creates it on; earlier ones as of then). */
function recordMigrations(db: Store): void {
  const recorded = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!recorded) return;
  const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  const now = new Date().toISOString();
  for (let version = 1; version <= MIGRATIONS.length; version += 1) record.run(version, now);
}

/**
 * Views are derived: when the file's views differ from the current ones, drop them all and create
 * the current ones. Left alone when they agree, so opening a database changes no schema that other
 * connections would have to re-read.
 */
function recreateViews(db: Store): void {
  const existing = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name`).all() as { name: string; sql: string }[];
  const wanted = VIEWS.map((view) => ({ name: view.name, sql: `CREATE VIEW "${view.name}" AS ${view.select}` }));
  const same = existing.length === wanted.length && existing.every(({ name, sql }) => wanted.some((w) => w.name === name && w.sql === sql));
  if (same) return;
  for (const { name } of existing) db.exec(`DROP VIEW "${name}"`);
  for (const view of wanted) db.exec(view.sql);
}

/** Switching a new file to WAL needs the file to itself for a moment: retried, as SQLite does not wait for it. */
function useWal(db: Store): void {
  const until = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: string }).code)) || Date.now() > until) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

export function openStore(file: string, { readonly = false } = {}): Store {
  // A postgres:// address is no file name: the commands that take one open it through store.ts.
  if (isPostgresLocation(file)) throw new StoreError(shownLocation(file), new Error('this command works on a SQLite file only, not on PostgreSQL (yet)'));
  try {
    if (!readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { readonly, fileMustExist: readonly });
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // The clock of the crawl's claims and leases (crawl-sql.ts): one machine, so the process's clock.
      db.function('jixiao_now_ms', { deterministic: false }, () => Date.now());
      db.pragma('foreign_keys = ON');
      if (!readonly) {
        writeTransactionsImmediate(db);
        useWal(db);
        // NORMAL in WAL mode keeps the database consistent through a crash; only the last commits may be lost.
        db.pragma('synchronous = NORMAL');
        migrate(db);
      } else {
        // A read-only opening reads the schema here, so a file that is no database fails now, with its name.
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } catch (error) {
    throw new StoreError(file, error);
  }
}
