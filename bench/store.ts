/**
 * The shared store's figure: ingest throughput into PostgreSQL with one process and with two at once
 * (each reading half of the corpus, as two machines would), against SQLite with one and with two, in
 * one run on one corpus. Each process reads with one worker thread, so the figures differ by the store.
 * PostgreSQL is a throwaway cluster (as the tests start one), or JIXIAO_TEST_PG's server; without
 * either the figure is skipped with a message.
 */
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startCluster } from '../test/support/postgres-cluster.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');

export interface StoreThroughput {
  documents: number;
  sqlite: { one: number; two: number };
  postgres: { one: number; two: number } | null;
  skipped?: string;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

const ingestProcess = (database: string, files: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'ingest', ...files, '--db', database, '--jobs', '1', '--no-progress', '--no-ocr', '--json'], {
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', () => resolve());
  });

/** Documents per second when `databases.length` processes each ingest their share of `files` at once. */
async function documentsPerSecond(databases: string[], files: string[]): Promise<number> {
  const shares = databases.map((_, i) => files.filter((__, f) => f % databases.length === i));
  const started = performance.now();
  await Promise.all(databases.map((database, i) => ingestProcess(database, shares[i])));
  return files.length / ((performance.now() - started) / 1000);
}

export async function freshDatabase(server: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name}`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function measureStoreThroughput(corpus: string, out: string): Promise<StoreThroughput> {
  const files = filesUnder(corpus);
  const sqliteFile = (name: string) => {
    const file = path.join(out, `${name}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    return file;
  };
  const one = sqliteFile('store-one');
  const two = sqliteFile('store-two');
  const sqlite = { one: await documentsPerSecond([one], files), two: await documentsPerSecond([two, two], files) };
  try {
    return await withPostgresServer(async (server) => {
      const [first, second] = [await freshDatabase(server, 'jixiao_bench_one'), await freshDatabase(server, 'jixiao_bench_two')];
      const postgres = { one: await documentsPerSecond([first], files), two: await documentsPerSecond([second, second], files) };
      return { documents: files.length, sqlite, postgres };
    });
  } catch (error) {
    return { documents: files.length, sqlite, postgres: null, skipped: (error as Error).message };
  }
}

/** Work on a PostgreSQL server: JIXIAO_TEST_PG's, else a throwaway cluster as the tests start, stopped after. */
export async function withPostgresServer<T>(work: (server: string) => Promise<T>): Promise<T> {
  const given = process.env.JIXIAO_TEST_PG;
  if (given) return work(given);
  const cluster = await startCluster();
  try {
    return await work(cluster.url);
  } finally {
    cluster.stop();
  }
}

export function storeReport(result: StoreThroughput): string {
  const rate = (n: number) => `${n.toFixed(1)} docs/s`;
  const sqlite = `SQLite ${rate(result.sqlite.one)} (1 process) / ${rate(result.sqlite.two)} (2)`;
  const postgres = result.postgres
    ? `PostgreSQL ${rate(result.postgres.one)} (1 process) / ${rate(result.postgres.two)} (2)`
    : `PostgreSQL skipped: ${result.skipped}`;
  return `Ingest of ${result.documents} files, one reading thread per process: ${sqlite}; ${postgres}`;
}
