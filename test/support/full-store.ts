/**
 * A store that runs out of room, for the tests of an error of the store itself: one limited by SQLite's
 * page count, and a real small file system (tmpfs, needs root as in CI).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

/** A store that may grow by only a few pages: SQLite itself answers SQLITE_FULL, as on a full disk. */
export const fillingStore = (pages: number) => (file: string) => {
  const db = openStore(file);
  const used = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${used + pages}`);
  return db;
};

/** A tmpfs of `size` (`512k`, `2m`) mounted on a new folder, grown with remount; null where it cannot be mounted. */
export function smallFileSystem(size: string): { folder: string; grow: (size: string) => void; remove: () => void } | null {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-small-fs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    folder,
    grow: (bigger) => execFileSync('mount', ['-o', `remount,size=${bigger}`, folder]),
    remove: () => execFileSync('umount', [folder]),
  };
}

/** Whether this machine lets the tests mount a tmpfs. */
export function canMountSmallFileSystem(): boolean {
  const probe = smallFileSystem('512k');
  probe?.remove();
  return probe !== null;
}

/** Rows of a query on a database file, opened read-only. */
export function query<T>(database: string, sql: string): T[] {
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A database at `file` as it stood just before the migration named `name` (to test what that migration fills in). */
export function databaseBefore(file: string, name: string): Database.Database {
  const raw = new Database(file);
  raw.pragma('foreign_keys = ON');
  const before = MIGRATIONS.findIndex((migration) => typeof migration === 'function' && migration.name === name);
  if (before < 1) throw new Error(`no migration ${name}`);
  for (const migration of MIGRATIONS.slice(0, before)) {
    if (typeof migration === 'string') raw.exec(migration);
    else migration(raw);
  }
  raw.pragma(`user_version = ${before}`);
  return raw;
}
