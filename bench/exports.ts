/**
 * `jixiao export --all` of a 10,000-report database (bench/large-database.ts) to Parquet and to CSV:
 * wall time and peak resident memory of the command as users run it (the built CLI, a fresh process),
 * and the size of what it wrote. The database is built once into bench/out and reused while it holds
 * the reports asked for under the current schema (delete it to rebuild).
 *
 * Then the same from PostgreSQL: the database is copied (`jixiao copy`) into a throwaway cluster (as
 * the tests start one) or JIXIAO_TEST_PG's server, and exported again; without either that figure is
 * skipped with a message.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/store/migrations.js';
import { runOnce } from './startup.js';
import { freshDatabase, withPostgresServer } from './store.js';

const CLI = path.resolve(import.meta.dirname, '../dist/bin/cli.js');
const LARGE_DATABASE = path.resolve(import.meta.dirname, 'large-database.ts');

interface ExportRun {
  seconds: number;
  peakRssMb: number;
  folderMb: number;
}

interface PostgresExports {
  parquet: ExportRun;
  csv: ExportRun;
}

export interface ExportFigures {
  reports: number;
  databaseMb: number;
  parquet: ExportRun;
  csv: ExportRun;
  postgres: PostgresExports | { skipped: string };
}

function holds(file: string, reports: number): boolean {
  if (!existsSync(file)) return false;
  const db = new Database(file, { readonly: true });
  try {
    const count = (db.prepare('SELECT count(*) AS n FROM reports').get() as { n: number }).n;
    return count === reports && db.pragma('user_version', { simple: true }) === MIGRATIONS.length;
  } finally {
    db.close();
  }
}

const megabytes = (bytes: number) => bytes / 2 ** 20;
const folderSize = (folder: string) => readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);

function exportOnce(database: string, format: 'parquet' | 'csv', out: string): ExportRun {
  rmSync(out, { recursive: true, force: true });
  const { seconds, peakRssMb } = runOnce([CLI, 'export', '--all', '--format', format, '--db', database, '--out', out], true);
  const folderMb = megabytes(folderSize(out));
  rmSync(out, { recursive: true, force: true });
  return { seconds, peakRssMb, folderMb };
}

/**
 * Built in a process of its own: Linux carries a process's peak memory over into the children it
 * starts, so building it here would show in the exports' own peak.
 */
function buildDatabase(database: string, reports: number): void {
  const built = spawnSync(process.execPath, [...process.execArgv, LARGE_DATABASE, database, String(reports)], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`bench: building ${database} failed`);
}

/** The same exports from a PostgreSQL copy of `database`. */
async function measurePostgresExports(database: string, folder: string): Promise<ExportFigures['postgres']> {
  if (process.env.JIXIAO_TEST_PG === 'off') return { skipped: 'JIXIAO_TEST_PG=off' };
  try {
    return await withPostgresServer(async (server) => {
      const url = await freshDatabase(server, 'jixiao_bench_exports');
      const copied = spawnSync(process.execPath, [CLI, 'copy', '--from', database, '--to', url], { encoding: 'utf8' });
      if (copied.status !== 0) throw new Error(`jixiao copy into PostgreSQL failed: ${copied.stderr}`);
      return { parquet: exportOnce(url, 'parquet', path.join(folder, 'export-parquet')), csv: exportOnce(url, 'csv', path.join(folder, 'export-csv')) };
    });
  } catch (error) {
    return { skipped: (error as Error).message };
  }
}

export async function measureExports(folder: string, reports = Number(process.env.BENCH_EXPORT_REPORTS ?? 10_000)): Promise<ExportFigures> {
  const database = path.join(folder, `large-${reports}.sqlite`);
  if (!holds(database, reports)) buildDatabase(database, reports);
  return {
    reports,
    databaseMb: megabytes(statSync(database).size),
    parquet: exportOnce(database, 'parquet', path.join(folder, 'export-parquet')),
    csv: exportOnce(database, 'csv', path.join(folder, 'export-csv')),
    postgres: await measurePostgresExports(database, folder),
  };
}

export function exportsReport({ reports, databaseMb, parquet, csv, postgres }: ExportFigures): string {
  const line = (name: string, run: ExportRun) =>
    `${name} ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb.toFixed(0)} MB, ${run.folderMb.toFixed(0)} MB written`;
  const fromPostgres = 'skipped' in postgres ? `skipped: ${postgres.skipped}` : `${line('Parquet', postgres.parquet)}; ${line('CSV', postgres.csv)}`;
  return `Export --all of ${reports} reports (${databaseMb.toFixed(0)} MB database): ${line('Parquet', parquet)}; ${line('CSV', csv)}
  from PostgreSQL (the same rows): ${fromPostgres}`;
}
