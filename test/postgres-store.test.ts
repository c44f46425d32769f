/**
 * The PostgreSQL store against the SQLite one: the fixtures ingested into both give the same rows in
 * every table and view, the same search hits and the same exports. Needs a PostgreSQL server: the
 * tests' global setup starts one (test/support/postgres.ts), else these tests skip and say why.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest, inProcessRunner } from '../src/ingest/run.js';
import { openStore, type Store } from '../src/store/db.js';
import { RELATIONS } from '../src/store/docs.js';
import { openPostgresStore, type PostgresDocumentStore } from '../src/store/postgres.js';
import { run } from '../src/store/steps.js';
import { openDocumentStore } from '../src/store/store.js';
import { alteredCopyBeside } from './support/altered-copy.js';
import { FIXTURES } from './support/golden.js';
import { freshDatabase, queryRows, testServer } from './support/postgres.js';
import { spawnCli, spawnCliWith } from './support/spawn-cli.js';

const server = testServer();

/** SQLite's FTS5 indexes have no table in PostgreSQL, whose trigram indexes sit on the tables themselves. */
const SHARED = RELATIONS.filter((relation) => !relation.name.endsWith('_fts'));

/** Columns that differ by nature between two stores: ids are assigned by each, times by the clock. */
const ASSIGNED = /^(id|.*_id|ingested_at|found_at|applied_at|started_at|finished_at|fetched_at)$/;

/** A value as both stores agree to show it: truth values as 0/1, numbers rounded past float noise. */
function normalised(value: unknown): unknown {
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(12));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** A relation's rows, without assigned columns, each as a JSON text, sorted. */
function comparable(rows: Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.entries(row)
          .filter(([column]) => !ASSIGNED.test(column))
          .map(([column, value]) => [column, normalised(value)]),
      ),
    )
    .sort();
}

describe.skipIf(!server.url)(`the PostgreSQL store${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  let sqlite: Store;
  let postgres: PostgresDocumentStore;
  let url: string;

  beforeAll(async () => {
    url = await freshDatabase(server.url!);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-')), 'db.sqlite');
    const options = { runner: inProcessRunner(), ocr: false };
    await ingest([FIXTURES], { ...options, database: file });
    await ingest([FIXTURES], { ...options, database: url });
    sqlite = openStore(file, { readonly: true });
    postgres = await openPostgresStore(url, { readonly: true });
    return async () => {
      sqlite.close();
      await postgres.close();
    };
  }, 300_000);

  it('has the same tables, views and columns as the SQLite store, each documented', async () => {
    for (const relation of SHARED) {
      const { rows } = await postgres.pool.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [relation.name],
      );
      expect([relation.name, rows.map((row) => row.name)]).toEqual([relation.name, Object.keys(relation.columns)]);
    }
  });

  it('holds the same rows as SQLite in every table and view', async () => {
    for (const relation of SHARED) {
      const left = comparable(sqlite.prepare(`SELECT * FROM "${relation.name}"`).all() as Record<string, unknown>[]);
      const right = comparable((await postgres.pool.query(`SELECT * FROM "${relation.name}"`)).rows);
      expect([relation.name, right]).toEqual([relation.name, left]);
    }
    const count = (relation: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${relation}`).get() as { n: number }).n;
    expect(count('documents')).toBeGreaterThan(40);
    // The panel is compared on rows that exist: the regions, departments and series the fixtures give.
    for (const relation of ['regions', 'departments', 'department_years', 'indicator_series'])
      expect([relation, count(relation) > 0]).toEqual([relation, true]);
  });

  it('lists the same copy conflicts as SQLite for an altered copy beside the original', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'jixiao-conflicts-'));
    alteredCopyBeside(folder);
    const file = path.join(folder, 'db.sqlite');
    const conflicts = await freshDatabase(server.url!);
    const options = { runner: inProcessRunner(), ocr: false };
    await ingest([folder], { ...options, database: file });
    await ingest([folder], { ...options, database: conflicts });
    const left = openStore(file, { readonly: true });
    const right = await openPostgresStore(conflicts, { readonly: true });
    try {
      const sqliteRows = comparable(left.prepare('SELECT * FROM copy_conflicts').all() as Record<string, unknown>[]);
      expect(sqliteRows).toHaveLength(3);
      expect(comparable((await right.pool.query('SELECT * FROM copy_conflicts')).rows)).toEqual(sqliteRows);
    } finally {
      left.close();
      await right.close();
    }
  });

  it('looks three characters and more up in the trigram indexes', async () => {
    const client = await postgres.pool.connect();
    try {
      // The fixtures are few: without this the planner reads the table straight through, which proves nothing.
      await client.query('SET enable_seqscan = off');
      const plan = async (sql: string) => (await client.query(`EXPLAIN ${sql}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT id FROM document_text WHERE search_text ILIKE '%预算执行%'`)).toContain('document_text_trigrams');
      expect(await plan(`SELECT id FROM sections WHERE heading ILIKE '%存在问题%' OR search_text ILIKE '%存在问题%'`)).toContain('sections_trigrams');
    } finally {
      client.release();
    }
  });

  it("reads SQLite's expressions the way SQLite does: truth values add up, round() of a double, sum() and max() of truths, max(a, b) and min(a, b)", async () => {
    const cases = [
      `SELECT (1 IS NOT NULL) + (NULL IS NOT NULL) + (2 IS NOT NULL) + 1 AS v`,
      `SELECT round(2.0 / 3, 2) AS v`,
      `SELECT sum(x > 1) AS v FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT NULL) t`,
      `SELECT sum(x > 1) AS v FROM (SELECT NULL AS x UNION ALL SELECT NULL) t`,
      `SELECT max(x > 2) AS v FROM (SELECT 1 AS x UNION ALL SELECT 3) t`,
      `SELECT max(coalesce(NULL, -1), 2020) AS v`,
      `SELECT min(2021, 2019) AS v`,
      `SELECT max(2021, NULL) AS v`,
    ];
    for (const sql of cases) {
      const left = (sqlite.prepare(sql).get() as { v: unknown }).v;
      const right = (await postgres.pool.query(sql.replace(/SELECT NULL AS x/, 'SELECT NULL::int AS x'))).rows[0].v;
      expect([sql, normalised(right)]).toEqual([sql, left]);
    }
  });

  it('records the same migrations', async () => {
    const left = sqlite.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    expect((await postgres.pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(left);
  });

  it('opens a migrated database again without changing it, and two openings at once migrate it once', async () => {
    const fresh = await freshDatabase(server.url!);
    const stores = await Promise.all([openDocumentStore(fresh), openDocumentStore(fresh), openDocumentStore(url)]);
    await Promise.all(stores.map((store) => store.close()));
    const client = new pg.Client({ connectionString: fresh });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    await client.end();
    expect(rows[0].n).toBe((await postgres.pool.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n);
  });
});

describe.skipIf(!server.url)(`writes on PostgreSQL${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  const failing = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

  it('runs a write again when the server broke a deadlock by failing it, and not when it failed for its content', async () => {
    const url = await freshDatabase(server.url!);
    const store = await openPostgresStore(url);
    try {
      let attempts = 0;
      const once = (code: string) =>
        store.transact(function* () {
          attempts += 1;
          yield* run('addHost', `host-${code}`);
          if (attempts === 1) throw failing(code);
        });
      await once('40P01');
      expect(attempts).toBe(2);
      attempts = 0;
      await expect(once('23505')).rejects.toThrow('failed with 23505');
      expect(attempts).toBe(1);
      // The failed attempt left nothing behind: each write is one transaction.
      expect(await queryRows(url, 'SELECT host FROM crawl_hosts')).toEqual([{ host: 'host-40P01' }]);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(!server.url)(`the commands on PostgreSQL${server.url ? '' : ` (skipped: ${server.reason})`}`, () => {
  const folder = path.join(FIXTURES, 'real');
  let file: string;
  let url: string;

  beforeAll(async () => {
    url = await freshDatabase(server.url!);
    file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-')), 'db.sqlite');
    const [intoFile, intoServer] = await Promise.all([
      spawnCli('ingest', folder, '--db', file, '--no-ocr', '--jobs', '1', '--json'),
      spawnCli('ingest', folder, '--db', url, '--no-ocr', '--jobs', '1', '--json'),
    ]);
    expect(JSON.parse(intoServer.stdout)).toMatchObject({ ingested: JSON.parse(intoFile.stdout).ingested, database: url });
  }, 300_000);

  it('export gives the same CSV and JSON from either store, JIXIAO_DB naming the server', async () => {
    for (const name of ['indicator_results', 'budget_execution', 'current_reports', 'documents']) {
      const fromFile = await spawnCli('export', name, '--db', file, '--format', 'json');
      const fromServer = await spawnCliWith({ JIXIAO_DB: url }, 'export', name, '--format', 'json');
      expect(fromServer.status).toBe(0);
      const rows = (output: string) => comparable(JSON.parse(output));
      expect([name, rows(fromServer.stdout)]).toEqual([name, rows(fromFile.stdout)]);
      const csv = async (...db: string[]) => (await spawnCli('export', name, ...db, '--format', 'csv')).stdout.split('\n');
      const [left, right] = [await csv('--db', file), await csv('--db', url)];
      expect([right[0], right.length]).toEqual([left[0], left.length]);
    }
  });

  // The page shown for a report may differ: it is the best-ranked of its texts, and PostgreSQL ranks by
  // occurrences where SQLite's index ranks by bm25.
  it('search finds the same reports in either store, long terms through the trigram index and short ones by a scan', async () => {
    for (const query of ['预算执行率', '绩效 目标', '资金', '5G', '5g', '预算执行情况分析']) {
      const fromFile = await spawnCli('search', query, '--db', file, '--json', '--limit', '100');
      const fromServer = await spawnCli('search', query, '--db', url, '--json', '--limit', '100');
      expect([query, fromServer.status]).toEqual([query, fromFile.status]);
      const hits = (output: string) => (JSON.parse(output) as { path: string; match: string }[]).map((hit) => `${hit.path} ${hit.match}`).sort();
      expect([query, hits(fromServer.stdout)]).toEqual([query, hits(fromFile.stdout)]);
    }
  });

  it('explain reads the stored reading of a document that is no file here from the server', async () => {
    const original = path.join(FIXTURES, 'jiangmen-2021.docx');
    const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'jixiao-explain-')), 'elsewhere.docx');
    copyFileSync(original, copy);
    expect((await spawnCli('ingest', copy, '--db', url, '--no-progress')).status).toBe(0);
    rmSync(copy);
    const [stored, fromFile] = await Promise.all([spawnCli('explain', copy, '--db', url), spawnCli('explain', original)]);
    expect([stored.status, stored.stdout]).toEqual([0, fromFile.stdout]);
    expect(stored.stderr).toMatch(/^jixiao explain: .*elsewhere\.docx is not a file here: its reading stored in postgres:\/\/.* \(document \d+\)\n$/);
  });

  it('names a server it cannot reach without its password', async () => {
    const crawl = await spawnCli('crawl', 'http://127.0.0.1:9/', '--db', 'postgres://user:secret@127.0.0.1:9/none', '--no-progress');
    expect(crawl.status).toBe(1);
    expect(crawl.stderr.trim().split('\n')).toEqual([expect.stringContaining('postgres://user:***@127.0.0.1:9/none')]);
  });
});
