/**
 * A write as steps (write.ts, identity.ts): the logic is written once, as generators yielding what it
 * asks of the database; the SQLite store answers each step synchronously, the PostgreSQL store
 * (postgres.ts) awaits each one. Statements are named by their key in WRITE_SQL, in SQLite's words.
 */
import type Database from 'better-sqlite3';
import type { Store } from './db.js';
import type { WRITE_SQL } from './write.js';

export type StatementName = keyof typeof WRITE_SQL;
type Parameters = unknown[] | Record<string, unknown>;

/** `get` a row (or undefined), `all` rows, `insert` a row and get its id, `run` a statement. */
export type WriteStep = { op: 'get' | 'all' | 'insert' | 'run'; statement: StatementName; params: Parameters };

/** A write as a sequence of steps; each step's answer is sent back into the generator. */
export type Write<T> = Generator<WriteStep, T, unknown>;

export function* get<Row>(statement: StatementName, ...params: unknown[]): Write<Row | undefined> {
  return (yield { op: 'get', statement, params: named(params) }) as Row | undefined;
}

export function* all<Row>(statement: StatementName, ...params: unknown[]): Write<Row[]> {
  return (yield { op: 'all', statement, params: named(params) }) as Row[];
}

export function* insert(statement: StatementName, ...params: unknown[]): Write<number> {
  return (yield { op: 'insert', statement, params: named(params) }) as number;
}

export function* run(statement: StatementName, ...params: unknown[]): Write<void> {
  yield { op: 'run', statement, params: named(params) };
}

/** A single object argument is a statement's named parameters; anything else its positional ones. */
const named = (params: unknown[]): Parameters =>
  params.length === 1 && params[0] !== null && typeof params[0] === 'object' && !(params[0] instanceof Uint8Array)
    ? (params[0] as Record<string, unknown>)
    : params;

const prepared = new WeakMap<Store, Map<string, Database.Statement>>();

/** Answer a write's steps on SQLite, synchronously (the caller holds the transaction); statements prepared once per database. */
export function runStepsOnSqlite<T>(db: Store, sql: Record<StatementName, string>, write: Write<T>): T {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map()));
  let next = write.next();
  while (!next.done) {
    const { op, statement: name, params } = next.value;
    let statement = statements.get(name);
    if (!statement) statements.set(name, (statement = db.prepare(sql[name])));
    const bound = Array.isArray(params) ? params : [params];
    const answer =
      op === 'get'
        ? statement.get(...bound)
        : op === 'all'
          ? statement.all(...bound)
          : op === 'insert'
            ? Number(statement.run(...bound).lastInsertRowid)
            : statement.run(...bound);
    next = write.next(answer);
  }
  return next.value;
}
