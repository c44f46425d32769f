/**
 * The PostgreSQL schema comes from the SQLite migrations, so the two stores have one definition: each
 * migration is run on an empty in-memory SQLite database, and what it changed in SQLite's catalogue
 * (tables, columns, indexes) is translated (dialect.ts) into PostgreSQL statements. A migration that
 * only moves data has nothing to carry over: a PostgreSQL database is created at the current version.
 * A change the comparison cannot express (a column's type changed) asks for a PostgreSQL step of its
 * own in POSTGRES_STEPS, named by the migration's number.
 */
import Database from 'better-sqlite3';
import { createTableSql, postgresExpression, tableShape, type TableShape } from './dialect.js';
import { MIGRATIONS } from './migrations.js';

interface Catalogue {
  tables: Map<string, TableShape>;
  /** Index name → its CREATE INDEX statement. */
  indexes: Map<string, { table: string; sql: string }>;
}

/** Tables SQLite keeps for itself or for FTS5 (virtual tables and their shadow tables): PostgreSQL searches with pg_trgm. */
function sqliteOnly(db: Database.Database): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND (type IN ('virtual', 'shadow') OR name LIKE 'sqlite_%')`).all();
  return new Set((rows as { name: string }[]).map((row) => row.name));
}

function catalogue(db: Database.Database): Catalogue {
  const rows = db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid`).all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string;
  }[];
  const tables = new Map<string, TableShape>();
  const indexes = new Map<string, { table: string; sql: string }>();
  const skipped = sqliteOnly(db);
  for (const row of rows) {
    if (skipped.has(row.tbl_name)) continue;
    if (row.type === 'table') tables.set(row.name, tableShape(row.sql));
    else if (row.type === 'index') indexes.set(row.name, { table: row.tbl_name, sql: postgresExpression(row.sql) });
  }
  return { tables, indexes };
}

/** PostgreSQL statements a migration needs beyond what the comparison of catalogues gives, by migration number (1-based). */
const POSTGRES_STEPS: Record<number, string[]> = {};

/** The statements that take a PostgreSQL database from catalogue `before` to `after`. */
export function catalogueChanges(before: Catalogue, after: Catalogue, version: number): string[] {
  const statements: string[] = [];
  const changedIndex = (name: string) => before.indexes.get(name)?.sql !== after.indexes.get(name)?.sql;
  for (const [name] of before.indexes) if (changedIndex(name)) statements.push(`DROP INDEX IF EXISTS ${name}`);
  for (const [name] of before.tables) if (!after.tables.has(name)) statements.push(`DROP TABLE ${name}`);
  // New tables before new columns: a column added to an old table may refer to a new one.
  for (const [name, shape] of after.tables) if (!before.tables.has(name)) statements.push(createTableSql(shape));
  for (const [name, shape] of after.tables) {
    const old = before.tables.get(name);
    if (!old) continue;
    for (const [column, definition] of shape.columns) {
      const was = old.columns.get(column);
      if (was === undefined) statements.push(`ALTER TABLE ${name} ADD COLUMN ${definition}`);
      else if (was !== definition) statements.push(...changedColumn(name, column, was, definition, version));
    }
    for (const constraint of shape.constraints)
      if (!old.constraints.includes(constraint)) statements.push(`ALTER TABLE ${name} ADD ${postgresExpression(constraint)}`);
  }
  for (const [name, index] of after.indexes) if (changedIndex(name)) statements.push(index.sql);
  return [...statements, ...(POSTGRES_STEPS[version] ?? [])];
}

/**
 * A column whose CHECK changed (a list of allowed values widened): PostgreSQL names a column's CHECK
 * `<table>_<column>_check`, so it is replaced; any other change needs a step in POSTGRES_STEPS.
 */
function changedColumn(table: string, column: string, was: string, now: string, version: number): string[] {
  const withoutCheck = (definition: string) => definition.replace(/\s*CHECK\s*\([\s\S]*\)\s*$/i, '');
  const check = /\bCHECK\s*(\([\s\S]*\))\s*$/i.exec(now);
  if (withoutCheck(was) === withoutCheck(now) && check) {
    const constraint = `${table}_${column.replace(/"/g, '')}_check`;
    return [`ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${constraint}`, `ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK ${check[1]}`];
  }
  if (POSTGRES_STEPS[version]) return [];
  throw new Error(`migration ${version} changes ${table}.${column} (${was} → ${now}): give it a PostgreSQL step in postgres-schema.ts`);
}

let derived: string[][] | null = null;

/** For each migration, in order, the PostgreSQL statements it comes to. */
export function postgresMigrations(): string[][] {
  if (derived) return derived;
  const db = new Database(':memory:');
  try {
    let before = catalogue(db);
    derived = MIGRATIONS.map((migration, i) => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db);
      const after = catalogue(db);
      const statements = catalogueChanges(before, after, i + 1);
      before = after;
      return statements;
    });
    return derived;
  } finally {
    db.close();
  }
}
