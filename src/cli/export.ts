/**
 * `jixiao export NAME`: any table or view as CSV or JSON, streamed to stdout or a file. The format
 * is `--format`, else the extension of `--out` (.json → JSON), else CSV. A CSV file gets a UTF-8
 * byte-order mark, without which Excel on a Chinese Windows reads it as GBK and shows mojibake;
 * CSV on stdout gets one only with --excel (other programs reading a pipe do not expect it).
 *
 * `jixiao export --all --out DIR`: every table and view as CSV (with the same byte-order mark, unless
 * --no-excel) or Parquet files, with a datapackage.json (src/bundle), the folder written whole or not at all.
 */
import { existsSync, mkdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BYTE_ORDER_MARK } from '../bundle/csv.js';
import type { ExportFormat } from '../store/read.js';
import { openDocumentStore } from '../store/store.js';
import { VERSION } from '../version.js';
import { writeFileAtomically, writeFolderAtomically } from './atomic-write.js';
import { isClosedPipe } from './output.js';

export interface ExportCommandOptions {
  db: string;
  format?: ExportFormat | 'parquet';
  out?: string;
  /** Every table and view into the folder --out, with a datapackage.json. */
  all?: boolean;
  /** true with --excel, false with --no-excel; by default a byte-order mark in CSV files only. */
  excel?: boolean;
}

/** Synchronous writes to stdout: a reader closing the pipe ends the export quietly. */
class PipeClosed extends Error {}

function writeToStdout(chunk: string): void {
  try {
    writeSync(1, chunk);
  } catch (error) {
    throw isClosedPipe(error) ? new PipeClosed() : error;
  }
}

export function exportFormat(options: Pick<ExportCommandOptions, 'format' | 'out'>): ExportFormat {
  if (options.format && options.format !== 'parquet') return options.format;
  return options.out && path.extname(options.out).toLowerCase() === '.json' ? 'json' : 'csv';
}

/** Every table and view into a folder, from a SQLite file or a PostgreSQL server; one line on stderr says what was written. */
async function runBundleExport(options: ExportCommandOptions & { out: string }): Promise<number> {
  const format = options.format === 'parquet' ? 'parquet' : 'csv';
  const { writeBundle } = await import('../bundle/index.js');
  const db = await openDocumentStore(options.db, { readonly: true });
  try {
    const summary = await writeFolderAtomically(
      options.out,
      (folder) => writeBundle(db, folder, { format, bom: options.excel ?? true, version: VERSION }),
      (folder) => existsSync(path.join(folder, 'datapackage.json')),
    );
    const rows = summary.relations.reduce((sum, r) => sum + r.rows, 0);
    process.stderr.write(`${options.out}: ${summary.relations.length} tables and views, ${rows} rows, as ${format} with datapackage.json\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** What is wrong with the arguments, or null: one table or view to a file or stdout, or --all into a folder. */
export function usageProblem(name: string | undefined, options: ExportCommandOptions): string | null {
  if (!options.all) {
    if (!name) return 'give a table or view to export, or --all for every one';
    return options.format === 'parquet' ? 'parquet is written for every table and view at once: use --all --out DIR' : null;
  }
  if (name) return `give a table or view (${name}) or --all, not both`;
  if (!options.out) return '--all writes a folder of files: give it with --out DIR';
  return options.format === 'json' ? '--all writes csv or parquet files, not json' : null;
}

export async function runExport(name: string | undefined, options: ExportCommandOptions): Promise<number> {
  const problem = usageProblem(name, options);
  if (problem) {
    process.stderr.write(`jixiao export: ${problem}\n`);
    return 2;
  }
  if (options.all) return runBundleExport(options as ExportCommandOptions & { out: string });
  const format = exportFormat(options);
  const bom = format === 'csv' && (options.excel ?? Boolean(options.out));
  const db = await openDocumentStore(options.db, { readonly: true });
  try {
    if (options.out) {
      mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      await writeFileAtomically(options.out, async (write) => {
        if (bom) write(BYTE_ORDER_MARK);
        await db.exportRelation(name!, format, write);
      }).catch((error: unknown) => {
        // A file-system error (the folder read-only, the disk full) names the file; others are our own words already.
        const { syscall, code } = error as NodeJS.ErrnoException;
        throw syscall ? new Error(`${options.out}: cannot write: ${code}`) : error;
      });
    } else {
      try {
        if (bom) writeToStdout(BYTE_ORDER_MARK);
        await db.exportRelation(name!, format, writeToStdout);
      } catch (error) {
        if (!(error instanceof PipeClosed)) throw error;
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}
