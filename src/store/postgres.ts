/**
 * The store on a PostgreSQL server: the same tables, views, migrations and writes as the SQLite store,
 * translated from the one definition (postgres-schema.ts, dialect.ts), for several writers at once.
 *
 * Several processes share it: a file's write holds transaction-scoped advisory locks on its path and
 * its sha256, so two ingests that meet the same file store it once (the second finds it stored), and
 * the unique indexes on sha256 and on (path, version) make the database itself refuse a duplicate.
 * Opening runs the migrations under an advisory lock, so two processes opening a new database at once
 * do not both create it.
 */
import pg from 'pg';
import { orderedValues, postgresExpression, postgresStatement, type NumberedStatement } from './dialect.js';
import { StoreError } from './errors.js';
import { postgresRelationRows, postgresRelations, type RelationShape } from './export.js';
import { shownLocation } from './location.js';
import { POSTGRES_COMPAT } from './postgres-compat.js';
import { postgresMigrations } from './postgres-schema.js';
import {
  byLength,
  exactHits,
  FTS_MIN_LENGTH,
  length,
  likePattern,
  MAX_ROWS,
  noSuchRelation,
  partialHits,
  partialPieces,
  queryTerms,
  REPROCESS_SQL,
  RowWriter,
  shownRows,
  source,
  type ExportFormat,
  type MatchRow,
  type SearchOptions,
  type SearchResult,
} from './read.js';
import type { DocumentStore, StoredDocument } from './store.js';
import { VIEWS } from './views.js';
import { CRAWL_SQL_POSTGRES } from './crawl-sql.js';
import type { StatementName } from './steps.js';
import {
  documentLocks,
  recordCopyWrite,
  replaceContentWrite,
  storedContentWrite,
  storeFileWrite,
  WRITE_SQL,
  type FileResult,
  type ReadDocument,
  type UnreadDocument,
  type Write,
  type WriteStep,
} from './write.js';

/** Migrations and views are changed by one process at a time: the key of that advisory lock. */
const SCHEMA_LOCK = 0x6a69_7869; // "jixi"

/**
 * Search indexes, PostgreSQL's counterpart of SQLite's FTS5 tables: pg_trgm's GIN indexes answer LIKE
 * and ILIKE for patterns of three characters and more.
 */
const SEARCH_INDEXES = [
  'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  'CREATE INDEX IF NOT EXISTS document_text_trigrams ON document_text USING gin (search_text gin_trgm_ops)',
  'CREATE INDEX IF NOT EXISTS sections_trigrams ON sections USING gin (heading gin_trgm_ops, search_text gin_trgm_ops)',
];

/** 64-bit integers (ids, counts) and numerics as JavaScript numbers, as SQLite gives them. */
const NUMBERS: Record<number, (text: string) => number> = { 20: Number, 1700: Number };
const types = {
  getTypeParser: ((oid: number, format?: string) => NUMBERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A view's text for PostgreSQL: SQLite's `IS` translated, comments left out (they might read like SQL). */
export const postgresView = (select: string) => postgresExpression(select.replace(/--[^\n]*/g, ''));

/** The views' texts, with a fingerprint kept as each view's comment so an unchanged set is left alone. */
function wantedViews() {
  return VIEWS.map((view) => ({ name: view.name, sql: `CREATE VIEW "${view.name}" AS ${postgresView(view.select)}` }));
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Bring the database to the current schema: missing migrations, the compatibility functions, search indexes, views. */
export async function migratePostgres(client: pg.PoolClient): Promise<void> {
  const migrations = postgresMigrations();
  await inTransaction(client, async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const current = await schemaVersion(client);
    if (current > migrations.length)
      throw new Error(`database schema version ${current} is newer than this jixiao understands (${migrations.length}); upgrade jixiao`);
    for (const statements of migrations.slice(current)) for (const statement of statements) await client.query(statement);
    const now = new Date().toISOString();
    await client.query(`INSERT INTO schema_migrations (version, applied_at) SELECT v, $2 FROM generate_series(1, $1::int) v ON CONFLICT (version) DO NOTHING`, [
      migrations.length,
      now,
    ]);
    for (const statement of [...POSTGRES_COMPAT, ...SEARCH_INDEXES]) await client.query(statement);
    await recreateViews(client);
  });
}

async function schemaVersion(client: pg.PoolClient): Promise<number> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('schema_migrations', 'documents')`,
  );
  const names = tables.rows.map((row) => row.name);
  if (names.includes('schema_migrations'))
    return (await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations')).rows[0].version;
  if (names.includes('documents'))
    throw new Error('the database holds a documents table but no schema_migrations: not a jixiao database, or one from before migrations were recorded');
  return 0;
}

async function recreateViews(client: pg.PoolClient): Promise<void> {
  const wanted = wantedViews();
  const existing = await client.query<{ name: string; comment: string | null }>(
    `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment FROM pg_class c
     WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace`,
  );
  const same =
    existing.rows.length === wanted.length && existing.rows.every(({ name, comment }) => wanted.some((view) => view.name === name && view.sql === comment));
  if (same) return;
  for (const { name } of existing.rows) await client.query(`DROP VIEW IF EXISTS "${name}" CASCADE`);
  for (const view of wanted) {
    await client.query(view.sql);
    await client.query(`COMMENT ON VIEW "${view.name}" IS ${pg.Client.prototype.escapeLiteral(view.sql)}`);
  }
}

/** A statement's text for PostgreSQL: its own where the dialects differ (crawl-sql.ts), else WRITE_SQL's translated. */
const postgresText = (name: StatementName): string => (CRAWL_SQL_POSTGRES as Record<string, string | undefined>)[name] ?? WRITE_SQL[name];

const translated = new Map<string, NumberedStatement>();
function statementFor(sql: string): NumberedStatement {
  let statement = translated.get(sql);
  if (!statement) translated.set(sql, (statement = postgresStatement(sql)));
  return statement;
}

/** Failures of a transaction that say nothing of its content (deadlock_detected, serialization_failure): it is run again. */
const TRANSIENT = new Set(['40P01', '40001']);
const WRITE_ATTEMPTS = 5;

/** Rows of one INSERT sent together at most (PostgreSQL takes 65535 parameters in a statement). */
const ROWS_PER_INSERT = 200;

/**
 * Consecutive INSERTs of one statement whose answer the write does not need (a table's cells, a
 * report's indicators) sent as one multi-row INSERT: one round trip instead of hundreds.
 */
class InsertBatch {
  private statement: string | null = null;
  private rows: unknown[][] = [];

  constructor(private readonly client: pg.PoolClient) {}

  /** Whether a step can wait in the batch: an INSERT … VALUES (…) whose answer is not read. */
  static holds(step: WriteStep): boolean {
    return step.op === 'run' && /^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\b[^;]*\bVALUES\s*\([^()]*\)\s*$/i.test(WRITE_SQL[step.statement]);
  }

  async add(step: WriteStep): Promise<void> {
    if (this.statement !== step.statement || this.rows.length >= ROWS_PER_INSERT) await this.flush();
    this.statement = step.statement;
    this.rows.push(orderedValues(statementFor(postgresText(step.statement)), step.params));
  }

  async flush(): Promise<void> {
    if (!this.statement || !this.rows.length) return;
    const { text } = statementFor(postgresText(this.statement as StatementName));
    const width = this.rows[0].length;
    // The statement's own tuple, its parameters renumbered for each row (a literal in it stays).
    const batched = text.replace(/\bVALUES\s*(\([^()]*\))/i, (_, tuple: string) => {
      const tuples = this.rows.map((__, r) => tuple.replace(/\$(\d+)/g, (___, n: string) => `$${r * width + Number(n)}`));
      return `VALUES ${tuples.join(', ')}`;
    });
    await this.client.query(batched, this.rows.flat());
    this.rows = [];
  }
}

/** Run a write (write.ts) in one transaction, after taking the advisory locks named by `locks`. */
export async function runPostgresWrite<T>(client: pg.PoolClient, write: () => Write<T>, locks: string[] = []): Promise<T> {
  return inTransaction(client, async () => {
    for (const key of locks) await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    return runPostgresSteps(client, write());
  });
}

/** Answer a write's steps on PostgreSQL, each awaited (the caller holds the transaction, if any). */
async function runPostgresSteps<T>(client: pg.PoolClient, steps: Write<T>): Promise<T> {
  const batch = new InsertBatch(client);
  let next = steps.next();
  while (!next.done) {
    const step = next.value;
    if (InsertBatch.holds(step)) {
      await batch.add(step);
      next = steps.next(undefined);
      continue;
    }
    // What the batch holds is written first: the next step may read it, or refer to it.
    await batch.flush();
    const { op, statement, params } = step;
    const numbered = statementFor(postgresText(statement));
    const text = op === 'insert' ? `${numbered.text} RETURNING id` : numbered.text;
    const result = await client.query({ name: `jixiao_${op}_${statement}`, text, values: orderedValues(numbered, params) });
    next = steps.next(op === 'get' ? result.rows[0] : op === 'all' ? result.rows : op === 'insert' ? Number(result.rows[0].id) : result.rowCount);
  }
  await batch.flush();
  return next.value;
}

/**
 * A term with no upper or lower case (Chinese, digits) is matched with LIKE and counted without
 * lower(): the same rows as ILIKE, read three times faster, as folding the case of every matching
 * text is most of the work. Both are answered by the trigram index.
 */
const uncased = (term: string) => term.toLowerCase() === term && term.toUpperCase() === term;

/**
 * The texts holding every term, or (for a partial match) any of `pieces`: trigram index for long terms,
 * a scan for short ones. The texts themselves only `withText`: the rows shown are a few, read after.
 */
async function matchingRows(
  pool: pg.Pool,
  terms: string[][],
  section: string | undefined,
  { pieces = [], withText = false }: { pieces?: string[]; withText?: boolean } = {},
): Promise<MatchRow[]> {
  const src = source(section);
  const values: unknown[] = [...src.params];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const like = (column: string, term: string) => `${column} ${uncased(term) ? 'LIKE' : 'ILIKE'} ${parameter(likePattern(term))}`;
  // Long terms are found in the section's heading too, as SQLite's index over both columns finds them.
  const indexed = (term: string) => (section ? `(${like('t.heading', term)} OR ${like('t.search_text', term)})` : like('t.search_text', term));
  const { long, short } = byLength(terms);
  const where = [
    ...src.where.map((condition) => condition.replace('?', () => '$1')),
    'd.is_current = 1',
    ...long.map((alternatives) => `(${alternatives.map(indexed).join(' OR ')})`),
    ...short.map((alternatives) => `(${alternatives.map((t) => like('t.search_text', t)).join(' OR ')})`),
    ...(pieces.length ? [`(${pieces.map(indexed).join(' OR ')})`] : []),
  ];
  // Most occurrences of the terms first: PostgreSQL has no bm25, the rank SQLite's index gives.
  const counted = [...terms.flat(), ...pieces].filter((t) => length(t) >= FTS_MIN_LENGTH);
  const occurrences = (t: string) => {
    const term = parameter(t);
    const removed = uncased(t) ? `replace(t.search_text, ${term}, '')` : `replace(lower(t.search_text), lower(${term}), '')`;
    return `(length(t.search_text) - length(${removed})) / length(${term})`;
  };
  const rank = counted.length ? `${counted.map(occurrences).join(' + ')} DESC, ` : '';
  const result = await pool.query<MatchRow>(
    `SELECT t.id AS text_id, d.id AS document_id, d.path, d.url, ${src.columns}, ${withText ? 't.search_text' : 'NULL AS search_text'},
            r.id AS report_id, r.department, r.year, r.kind, r.project
     FROM ${src.from} WHERE ${where.join(' AND ')}
     ORDER BY ${rank}${src.order} LIMIT ${MAX_ROWS}`,
    values,
  );
  return result.rows;
}

/** The search texts of some rows, by id. */
async function textsOf(pool: pg.Pool, section: string | undefined, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const result = await pool.query<{ id: number; search_text: string }>(`SELECT id, search_text FROM ${source(section).table} WHERE id = ANY($1)`, [ids]);
  return new Map(result.rows.map((row) => [row.id, row.search_text]));
}

/** The store on a PostgreSQL server (see the top of this file). */
export class PostgresDocumentStore implements DocumentStore {
  readonly name: string;
  constructor(
    readonly pool: pg.Pool,
    location: string,
  ) {
    this.name = shownLocation(location);
  }

  /**
   * A write in one transaction. Two writers may each hold a row the other's transaction needs (two
   * crawlers queueing the same links in another order): the server breaks the circle by failing one,
   * and that one is run again from the start, as a write is steps that can be taken again.
   */
  private async write<T>(write: () => Write<T>, locks: string[] = []): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      try {
        return await runPostgresWrite(client, write, locks);
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS || !TRANSIENT.has(String((error as { code?: unknown }).code))) throw error;
      } finally {
        client.release();
      }
    }
  }

  transact<T>(write: () => Write<T>, locks: string[] = []) {
    return this.write(write, locks);
  }
  async read<T>(steps: () => Write<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await runPostgresSteps(client, steps());
    } finally {
      client.release();
    }
  }

  storedContent(sha256: string) {
    return this.write(() => storedContentWrite(sha256));
  }
  recordCopy(documentId: number, path: string) {
    return this.write(() => recordCopyWrite(documentId, path, new Date()));
  }
  storeFile(file: FileResult, extractorVersion: string) {
    return this.write(() => storeFileWrite(file, extractorVersion, new Date()), documentLocks(file));
  }
  replaceContent(documentId: number, outcome: ReadDocument | UnreadDocument, extractorVersion: string) {
    return this.write(() => replaceContentWrite(documentId, outcome, extractorVersion));
  }
  async currentDocuments() {
    return (await this.pool.query<StoredDocument>(REPROCESS_SQL)).rows;
  }
  async storedSince(moment: Date) {
    return (await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM documents WHERE ingested_at >= $1', [moment.toISOString()])).rows[0].n;
  }

  async search(query: string, { limit = 20, section }: SearchOptions = {}): Promise<SearchResult> {
    const terms = queryTerms(query);
    if (!terms.length) return { hits: [], total: 0 };
    const rows = await matchingRows(this.pool, terms, section);
    // Which rows are shown does not hang on their texts: the texts of those alone are read, then the snippets made.
    const texts = await textsOf(
      this.pool,
      section,
      shownRows(rows, limit).map((row) => row.text_id),
    );
    const found = exactHits(terms, rows, (row) => texts.get(row.text_id) ?? '', limit);
    const pieces = found.total ? null : partialPieces(terms);
    if (!pieces) return found;
    const partial = await matchingRows(this.pool, [], section, { pieces: [...new Set(pieces.flat())], withText: true });
    return partialHits(pieces, partial, (row) => row.search_text ?? '', limit);
  }

  async exportableRelations(): Promise<string[]> {
    const result = await this.pool.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
    return result.rows.map((row) => row.name).sort();
  }

  /** Rows read through a cursor, a batch at a time: a large table never sits whole in memory. */
  async exportRelation(name: string, format: ExportFormat, write: (chunk: string) => void): Promise<number> {
    const names = await this.exportableRelations();
    if (!names.includes(name)) throw noSuchRelation(name, names);
    const client = await this.pool.connect();
    try {
      return await inTransaction(client, async () => {
        await client.query(`DECLARE export NO SCROLL CURSOR FOR SELECT * FROM "${name}"`);
        let batch = await client.query('FETCH 1000 FROM export');
        const rows = new RowWriter(
          batch.fields.map((field) => field.name),
          format,
          write,
        );
        while (batch.rows.length) {
          for (const row of batch.rows) rows.row(row);
          batch = await client.query('FETCH 1000 FROM export');
        }
        return rows.end();
      });
    } finally {
      client.release();
    }
  }

  relations() {
    return postgresRelations(this.pool);
  }
  relationRows(relation: RelationShape) {
    return postgresRelationRows(this.pool, relation);
  }

  async close() {
    await this.pool.end();
  }
}

/** Open (and, unless read-only, migrate) the store at a postgres:// address. */
export async function openPostgresStore(location: string, { readonly = false } = {}): Promise<PostgresDocumentStore> {
  const pool = new pg.Pool({ connectionString: location, types, max: 4 });
  // An idle connection the server drops (a restart) is an error of the pool, not a crash of the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (!readonly) await migratePostgres(client);
      else await client.query('SELECT 1 FROM documents LIMIT 1');
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(shownLocation(location), error);
  }
  return new PostgresDocumentStore(pool, location);
}
