/** Opening the store: WAL for crash safety and concurrent readers, foreign keys on, migrations run. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './migrations.js';
import { VIEWS } from './views.js';

export type Store = Database.Database;

export { DEFAULT_DATABASE } from './location.js';
export { isDatabaseError, StoreError } from './errors.js';

export function migrate(db: Store): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this jixiao understands (${MIGRATIONS.length}); upgrade jixiao`);
  }
  MIGRATIONS.slice(current).forEach((migration, i) => {
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      db.pragma(`user_version = ${current + i + 1}`);
    })();
  });
  recreateViews(db);
}

/** Views are derived: drop whatever views the file has and create the current ones, in one transaction. */
function recreateViews(db: Store): void {
  db.transaction(() => {
    const existing = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'view'`).pluck().all() as string[];
    for (const name of existing) db.exec(`DROP VIEW "${name}"`);
    for (const view of VIEWS) db.exec(`CREATE VIEW "${view.name}" AS ${view.select}`);
  })();
}

export function openStore(file: string, { readonly = false } = {}): Store {
  try {
    if (!readonly) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { readonly, fileMustExist: readonly });
    try {
      db.pragma('busy_timeout = 10000');
      db.pragma('foreign_keys = ON');
      if (!readonly) {
        db.pragma('journal_mode = WAL');
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
