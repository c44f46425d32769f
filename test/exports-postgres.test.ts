/**
 * `jixiao export --all` from PostgreSQL writes the bundle it writes from SQLite. The fixtures (as
 * bench/large-database.ts makes them: the tables and views have rows, the crawl's too) are copied into
 * PostgreSQL with `jixiao copy`, so both databases hold the same rows with the same ids and times; the
 * two bundles are then compared file by file. Only `schema_migrations.applied_at` differs: each database
 * records when it was itself migrated.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLargeDatabase } from '../bench/large-database.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { runCli } from './support/cli.js';
import { freshDatabase, testServer } from './support/postgres.js';
import { spawnCliWith } from './support/spawn-cli.js';

const server = testServer();

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-exports-pg-'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Each resource of a bundle's datapackage.json, by name. */
const descriptor = (bundle: string) => JSON.parse(readFileSync(path.join(bundle, 'datapackage.json'), 'utf8'));

/** What a row of a table records about the database itself rather than the documents. */
const OWN_COLUMNS: Record<string, string[]> = { schema_migrations: ['applied_at'] };

/** A CSV file without the columns OWN_COLUMNS names (none of them holds a comma or a quote). */
function csvWithout(file: string, relation: string): string {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\r\n');
  const dropped = new Set(
    (OWN_COLUMNS[relation] ?? []).map((name) =>
      header
        .replace(/^\ufeff/, '')
        .split(',')
        .indexOf(name),
    ),
  );
  if (!dropped.size) return [header, ...lines].join('\r\n');
  return [header, ...lines].map((line) => (line ? line.split(',').filter((_, i) => !dropped.has(i)) : []).join(',')).join('\r\n');
}

/** A Parquet file as hyparquet reads it back: its columns' types and every value, in order. */
async function readBack(file: string, relation: string) {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const types = metadata.schema.slice(1).map(({ name, type, converted_type, logical_type, scale, precision }) => ({
    name,
    type,
    converted_type,
    logical_type,
    scale,
    precision,
  }));
  const own = new Set(OWN_COLUMNS[relation] ?? []);
  const rows = (await parquetReadObjects({ file: buffer, utf8: false })) as Record<string, unknown>[];
  const values = rows.map((row) => Object.entries(row).filter(([name]) => !own.has(name)));
  return { types, values };
}

describe.skipIf(!server.url)(`jixiao export --all from PostgreSQL${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  let sqlite: string;
  let url: string;
  const bundles = { sqlite: { csv: '', parquet: '' }, postgres: { csv: '', parquet: '' } };
  /** Rows each export said it wrote. */
  const summary = { sqlite: '', postgres: '' };

  beforeAll(async () => {
    sqlite = (await makeLargeDatabase(path.join(folder, 'store.sqlite'), 120)).file;
    url = await freshDatabase(server.url!);
    const copied = await runCli('copy', '--from', sqlite, '--to', url);
    expect(copied.status).toBe(0);
    for (const [store, db] of [
      ['sqlite', sqlite],
      ['postgres', url],
    ] as const) {
      for (const format of ['csv', 'parquet'] as const) {
        const out = path.join(folder, `${store}-${format}`);
        const run = await runCli('export', '--all', '--format', format, '--db', db, '--out', out);
        expect([run.status, run.stderr]).toEqual([
          0,
          expect.stringMatching(new RegExp(`^${out}: \\d+ tables and views, \\d+ rows, as ${format} with datapackage\\.json\n$`)),
        ]);
        bundles[store][format] = out;
        // What it wrote, as "36 tables and views, 41457 rows".
        summary[store] = run.stderr.slice(out.length + 2, run.stderr.indexOf(', as'));
      }
    }
  }, 300_000);

  it('lists the same tables and views with the same fields, types and keys: datapackage.json differs in its time only', () => {
    for (const format of ['csv', 'parquet'] as const) {
      const [fromSqlite, fromPostgres] = [descriptor(bundles.sqlite[format]), descriptor(bundles.postgres[format])];
      expect(fromPostgres.created).not.toBe(fromSqlite.created);
      expect({ ...fromPostgres, created: null }).toEqual({ ...fromSqlite, created: null });
      expect(readdirSync(bundles.postgres[format]).sort()).toEqual(readdirSync(bundles.sqlite[format]).sort());
    }
    // SQLite's full-text indexes and its own tables have no counterpart in PostgreSQL: neither bundle holds them.
    const names = descriptor(bundles.postgres.csv).resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['documents', 'reports', 'source_cells', 'crawl_queue', 'indicator_results', 'report_copies']));
    expect(names.filter((name: string) => /fts|^sqlite_/.test(name))).toEqual([]);
  });

  it('writes every CSV file byte for byte the same, rows in the same order', () => {
    const files = readdirSync(bundles.sqlite.csv).filter((name) => name.endsWith('.csv'));
    expect(files).toHaveLength(descriptor(bundles.sqlite.csv).resources.length);
    for (const file of files) {
      const relation = path.basename(file, '.csv');
      const [fromSqlite, fromPostgres] = [
        csvWithout(path.join(bundles.sqlite.csv, file), relation),
        csvWithout(path.join(bundles.postgres.csv, file), relation),
      ];
      if (fromPostgres !== fromSqlite) expect({ file, text: fromPostgres }).toEqual({ file, text: fromSqlite });
    }
  });

  it('writes Parquet files that read back the same: every column of the same type, every value the same', async () => {
    let values = 0;
    for (const file of readdirSync(bundles.sqlite.parquet).filter((name) => name.endsWith('.parquet'))) {
      const relation = path.basename(file, '.parquet');
      const fromSqlite = await readBack(path.join(bundles.sqlite.parquet, file), relation);
      const fromPostgres = await readBack(path.join(bundles.postgres.parquet, file), relation);
      expect({ file, types: fromPostgres.types }).toEqual({ file, types: fromSqlite.types });
      // One comparison per file: toEqual over thousands of rows would report a difference unreadably.
      if (!equalValues(fromPostgres.values, fromSqlite.values)) expect({ file, values: fromPostgres.values }).toEqual({ file, values: fromSqlite.values });
      values += fromSqlite.values.reduce((sum, row) => sum + row.length, 0);
    }
    expect(values).toBeGreaterThan(100_000);
  });

  it('orders text byte by byte, as SQLite does, whatever collation the database sorts by', async (context) => {
    // ICU's en-US puts 'a' before 'B' and weighs punctuation lightly; SQLite compares bytes.
    const url = await databaseCollatedBy(server.url!, `LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
    if (!url) return context.skip('the PostgreSQL server has no ICU collations');
    expect((await runCli('copy', '--from', sqlite, '--to', url)).status).toBe(0);
    const out = path.join(folder, 'collated');
    expect((await runCli('export', '--all', '--db', url, '--out', out)).status).toBe(0);
    for (const file of ['indicator_results.csv', 'indicator_series.csv', 'crawl_validators.csv', 'report_copies.csv'])
      expect([file, readFileSync(path.join(out, file), 'utf8')]).toEqual([file, readFileSync(path.join(bundles.sqlite.csv, file), 'utf8')]);
  });

  it('reads the database JIXIAO_DB names', async () => {
    const out = path.join(folder, 'from-environment');
    const run = await spawnCliWith({ JIXIAO_DB: url }, 'export', '--all', '--out', out);
    expect(summary.postgres).toBe(summary.sqlite);
    expect(Number(/(\d+) rows/.exec(summary.sqlite)![1])).toBeGreaterThan(40_000);
    expect([run.status, run.stderr]).toEqual([0, `${out}: ${summary.sqlite}, as csv with datapackage.json\n`]);
    expect(readFileSync(path.join(out, 'budget_lines.csv'), 'utf8')).toBe(readFileSync(path.join(bundles.sqlite.csv, 'budget_lines.csv'), 'utf8'));
  });

  it('stops on a value that does not fit its column, naming it as from SQLite, and leaves no folder behind', async () => {
    const broken = await freshDatabase(server.url!);
    const store = await openPostgresStore(broken);
    await store.pool.query(`INSERT INTO documents (id, path, file_name, sha256, size_bytes, status, version, is_current, extractor_version, ingested_at)
                            VALUES (1, '/a.pdf', 'a.pdf', 'x', 1, 'ok', 1, 1, 'test', 'yesterday')`);
    await store.close();
    const out = path.join(folder, 'broken');
    for (const format of ['csv', 'parquet']) {
      const run = await runCli('export', '--all', '--format', format, '--db', broken, '--out', out);
      expect([run.status, run.stderr]).toEqual([1, 'jixiao: documents.ingested_at, row 1: "yesterday" is not a time (ISO 8601)\n']);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(folder).filter((name) => name.startsWith('.broken'))).toEqual([]);
    }
  });
});

/** A new database on the server created with `options` (a locale): its address, or null when the server cannot make one. */
async function databaseCollatedBy(serverUrl: string, options: string): Promise<string | null> {
  const name = `jixiao_collated_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE template0 ${options}`);
  } catch {
    return null;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const bigints = (_: string, value: unknown) =>
  typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
const equalValues = (a: unknown, b: unknown) => JSON.stringify(a, bigints) === JSON.stringify(b, bigints);

describe('jixiao export --all from a PostgreSQL server that cannot be reached', () => {
  it('says so in one line naming the server without its password, and writes nothing', async () => {
    const out = path.join(folder, 'unreachable');
    const run = await runCli('export', '--all', '--db', 'postgres://jixiao:secret@127.0.0.1:1/jixiao', '--out', out);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^jixiao: postgres:\/\/jixiao:\*\*\*@127\.0\.0\.1:1\/jixiao: connect ECONNREFUSED 127\.0\.0\.1:1\n$/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(folder).filter((name) => name.startsWith('.unreachable'))).toEqual([]);
  });
});
